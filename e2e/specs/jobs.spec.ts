import { expect, test } from '../fixtures/console.ts';
import { ConsolePage } from '../pages/console-page.ts';
import { DevicesFleet } from '../pages/devices-fleet.ts';
import { JobsPage, jobsText } from '../pages/jobs-page.ts';

test('a twin update job over 20 devices shows its match count, runs and finishes', async ({ consoleServer, page }) => {
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
    expect(app.problems).toEqual([]);
  } finally {
    await fleet.close();
  }
});
