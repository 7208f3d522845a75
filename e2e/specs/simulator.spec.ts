import { expect, test } from '../fixtures/console.ts';
import { ConsolePage } from '../pages/console-page.ts';
import { SandboxPage } from '../pages/sandbox-page.ts';
import { createEnrollmentGroup } from '../pages/sandbox-seed.ts';
import { SimulatorPage } from '../pages/simulator-page.ts';

test('a fleet of 20 from an enrollment group connects, shows a device log, and stops when confirmed', async ({ consoleServer, page }) => {
  // 20 registrations and connections in the fleet's child process, on a shared machine.
  test.slow();
  const app = new ConsolePage(page);
  const simulator = new SimulatorPage(app);
  const sandbox = new SandboxPage(app);
  await app.open(consoleServer.url);
  await app.goTo('sandbox');
  await expect(sandbox.endpoint('provisioning-host')).toHaveText(/^127\.0\.0\.1:\d+$/);
  const dpsHost = (await sandbox.endpoint('provisioning-host').textContent()) ?? '';
  const caPath = (await sandbox.endpoint('ca-path').textContent()) ?? '';
  expect(await createEnrollmentGroup(consoleServer.dataDir, dpsHost, caPath, 'e2e-fleet')).toBe(200);

  await app.goTo('simulator');
  await expect(app.heading).toHaveText(app.text('areas.simulator.title'));
  await expect(simulator.state).toHaveText(app.text('simulator.fleetStates.idle'));
  await simulator.button('simulator.start').click();
  await expect(simulator.startDialog).toBeVisible();
  // The form names a wrong field before anything is sent.
  await simulator.field('simulator.form.count').fill('0');
  await simulator.startDialog.getByRole('button', { name: app.text('simulator.form.submit') }).click();
  await expect(simulator.startDialog.getByText(app.text('simulator.form.errors.count'))).toBeVisible();
  await expect(simulator.startDialog.getByText(app.text('simulator.form.errors.required'))).toBeVisible();

  await simulator.field('simulator.form.groupId').fill('e2e-fleet');
  await simulator.field('simulator.form.count').fill('20');
  await simulator.startDialog.getByRole('button', { name: app.text('simulator.form.submit') }).click();
  await expect(simulator.startDialog).toBeHidden();

  await expect(simulator.counter('connected')).toHaveText('20', { timeout: 60_000 });
  await expect(simulator.counter('provisioned')).toHaveText('20');
  await expect(simulator.counter('errors')).toHaveText('0');
  await expect(simulator.state).toContainText('e2e-fleet');

  await simulator.deviceRow('sim-00007').click();
  await expect(simulator.deviceDialog('sim-00007')).toBeVisible();
  await expect(simulator.deviceLog).toContainText('registered: sim-00007');
  await expect(simulator.deviceLog).toContainText('connected to 127.0.0.1:');
  await simulator.deviceDialog('sim-00007').getByRole('button', { name: app.text('simulator.close') }).click();

  await simulator.button('simulator.stop').click();
  await expect(simulator.stopDialog).toContainText(app.text('simulator.stopConfirm.text', { count: 20 }));
  await simulator.stopDialog.getByRole('button', { name: app.text('simulator.stop') }).click();
  await expect(simulator.state).toHaveText(app.text('simulator.fleetStates.idle'), { timeout: 30_000 });
  await expect(simulator.counter('connected')).toHaveText('0');
  await expect(page.getByRole('main')).not.toContainText('SharedAccessKey');
  expect(app.problems).toEqual([]);
});
