import { expect, test } from '../fixtures/console.ts';
import { ConsolePage } from '../pages/console-page.ts';
import { DevicesFleet } from '../pages/devices-fleet.ts';
import { JobsPage, jobsText } from '../pages/jobs-page.ts';

test('a twin update job over 20 devices shows its match count, runs and finishes, and its per-device results open', async ({ consoleServer, page }) => {
  test.slow();
  const app = new ConsolePage(page);
  const jobs = new JobsPage(app);
  await app.open(consoleServer.url);
  const fleet = await DevicesFleet.open(consoleServer.dataDir);
  try {
    for (let i = 0; i < 20; i++) await fleet.create(`valve-${String(i).padStart(2, '0')}`, { plant: 'east' });
    await fleet.create('valve-west', { plant: 'west' });

    await app.goTo('jobs');
    await expect(page.getByText(jobsText('none'))).toBeVisible();
    await jobs.scheduleButton.click();
    await jobs.field('condition').fill("tags.plant = 'east'");
    await jobs.previewButton.click();
    await expect(jobs.dialog.getByRole('status')).toHaveText(jobsText('matching', { count: 20 }));
    await jobs.field('desired').fill('{"setpoint": 42}');
    await jobs.confirmButton.click();
    await expect(jobs.dialog).toBeHidden();
    await expect(jobs.list).toContainText(jobsText('types.scheduleUpdateTwin'));
    await expect(jobs.list.getByText(/^job-/)).toHaveCount(1);
    const jobId = (await jobs.list.getByText(/^job-/).textContent()) ?? '';
    await expect(jobs.counts(jobId)).toHaveText(jobsText('counts', { succeeded: 20, failed: 0, pending: 0, total: 20 }), { timeout: 30_000 });
    const twin = (await fleet.call('GET', '/twins/valve-07')) as { properties: { desired: Record<string, unknown> } };
    expect(twin.properties.desired.setpoint).toBe(42);
    const west = (await fleet.call('GET', '/twins/valve-west')) as { properties: { desired: Record<string, unknown> } };
    expect(west.properties.desired.setpoint).toBeUndefined();

    // The finished job's per-device results: one row per device the job touched.
    await jobs.resultsButton(jobId).click();
    await expect(jobs.resultRow(jobId, 'valve-07')).toContainText(jobsText('statuses.completed'));
    await expect(jobs.resultsDialog(jobId).getByRole('table').getByRole('row')).toHaveCount(21);
    await expect(jobs.resultRow(jobId, 'valve-west')).toHaveCount(0);
    await jobs.resultsDialog(jobId).getByRole('button', { name: jobsText('close') }).click();

    // A method job on an offline device: its row says failed and why.
    await jobs.scheduleButton.click();
    await jobs.field('condition').fill("deviceId = 'valve-west'");
    await jobs.radio('types.scheduleDeviceMethod').check();
    await jobs.field('methodName').fill('reboot');
    await jobs.confirmButton.click();
    await expect(jobs.dialog).toBeHidden();
    const methodRow = jobs.list.getByRole('row').filter({ hasText: jobsText('types.scheduleDeviceMethod') });
    const methodJobId = (await methodRow.getByText(/^job-/).textContent()) ?? '';
    await expect(jobs.counts(methodJobId)).toHaveText(jobsText('counts', { succeeded: 0, failed: 1, pending: 0, total: 1 }), { timeout: 30_000 });
    await jobs.resultsButton(methodJobId).click();
    await expect(jobs.resultRow(methodJobId, 'valve-west')).toContainText(jobsText('statuses.failed'));
    await expect(jobs.resultRow(methodJobId, 'valve-west')).toContainText('DeviceNotOnline');
    expect(app.problems).toEqual([]);
  } finally {
    await fleet.close();
  }
});
