import { readFileSync } from 'node:fs';
import { expect, test } from '../fixtures/console.ts';
import { ConsolePage } from '../pages/console-page.ts';
import { SandboxPage } from '../pages/sandbox-page.ts';
import { TimelinePage } from '../pages/timeline-page.ts';
import { provisionGroupMember } from '../pages/timeline-seed.ts';

test("a provisioned device's timeline, the funnel filtered by hub, and the inventory exported without a key", async ({ consoleServer, page }) => {
  test.slow();
  const app = new ConsolePage(page);
  const sandbox = new SandboxPage(app);
  const timeline = new TimelinePage(app);
  await app.open(consoleServer.url);
  await app.goTo('sandbox');
  await expect(sandbox.endpoint('id-scope')).toHaveText(/^0ne/);
  const idScope = (await sandbox.endpoint('id-scope').textContent()) ?? '';
  const dpsHost = (await sandbox.endpoint('provisioning-host').textContent()) ?? '';
  const caPath = (await sandbox.endpoint('ca-path').textContent()) ?? '';
  const hubs = [(await sandbox.endpoint('hub-1').textContent()) ?? '', (await sandbox.endpoint('hub-2').textContent()) ?? ''];
  const { assignedHub, keys } = await provisionGroupMember(consoleServer.dataDir, dpsHost, idScope, caPath, 'e2e-line', 'e2e-tl-1');

  await app.goTo('timeline');
  await expect(app.heading).toHaveText(app.text('areas.timeline.title'));
  await timeline.pollButton.click();
  // The background poll may have learnt of the registration first: the count is 0 or 1.
  await expect(app.notification).toContainText(new RegExp(timeline.text('polled', { count: 'N' }).replace('N', '[01]')));

  await timeline.openDevice('e2e-tl-1');
  // The hub's events reach the timeline through the console's hub event reader as they happen.
  await expect(async () => {
    await timeline.pollButton.click();
    await expect(timeline.eventRow('status-reported')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  for (const kind of ['hub-identity-created', 'connected', 'first-telemetry']) await expect(timeline.eventRow(kind)).toBeVisible();
  await expect(timeline.eventRow('status-reported')).toContainText('status: provisioned');
  await expect(timeline.eventRow('registered')).toContainText(timeline.text('kinds.registered'));
  await expect(timeline.eventRow('registered')).toContainText(assignedHub);
  await expect(timeline.fact('status')).toHaveText(timeline.text('status.provisioned'));
  await expect(timeline.fact('enrollment')).toHaveText(`${timeline.text('device.group')}: e2e-line`);
  await expect(timeline.fact('twin')).toHaveText(`${assignedHub} / e2e-tl-1`);

  await timeline.tab('funnel').click();
  await expect(timeline.stageCount('registered')).toHaveText('1');
  await expect(timeline.stageCount('statusReported')).toHaveText('1');
  const otherHub = hubs.find((h) => h !== assignedHub)!;
  await timeline.filter('columns.hubHost').fill(otherHub);
  await expect(timeline.stageCount('registered')).toHaveText('0');
  await timeline.filter('columns.hubHost').fill(assignedHub);
  await expect(timeline.stageCount('registered')).toHaveText('1');

  await timeline.tab('inventory').click();
  await timeline.inventorySearch.fill('e2e-tl');
  await expect(timeline.inventoryGrid).toContainText('e2e-tl-1');
  const [download] = await Promise.all([page.waitForEvent('download'), timeline.exportInventoryButton.click()]);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(download.suggestedFilename()).toMatch(/^inventory-sandbox-.*\.csv$/);
  expect(csv).toContain(`e2e-tl-1,e2e-tl-1,,,,e2e-line,${assignedHub},provisioned`);
  for (const key of keys) {
    expect(csv).not.toContain(key);
    await expect(page.getByRole('main')).not.toContainText(key);
  }
  expect(app.problems).toEqual([]);
});
