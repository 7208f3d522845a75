import { expect, test } from '../fixtures/console.ts';
import { ConsolePage } from '../pages/console-page.ts';
import { SandboxPage } from '../pages/sandbox-page.ts';
import { createEnrollment } from '../pages/sandbox-seed.ts';

test("the Sandbox page shows the running sandbox's endpoints and contents, and never a key", async ({ consoleServer, page }) => {
  const app = new ConsolePage(page);
  const sandbox = new SandboxPage(app);
  await app.open(consoleServer.url);
  await app.goTo('sandbox');
  await expect(app.heading).toHaveText(app.text('areas.sandbox.title'));
  await expect(sandbox.process('state')).toHaveText(app.text('sandbox.states.running'));
  await expect(sandbox.endpoint('id-scope')).toHaveText(/^0ne[0-9A-F]{8}$/);
  await expect(sandbox.endpoint('provisioning-host')).toHaveText(/^127\.0\.0\.1:\d+$/);
  await expect(sandbox.endpoint('hub-1')).toHaveText(/^127\.0\.0\.1:\d+$/);
  await expect(sandbox.endpoint('hub-2')).toHaveText(/^127\.0\.0\.1:\d+$/);
  await expect(sandbox.endpoint('ca-path')).toContainText(consoleServer.dataDir);
  await expect(sandbox.copyButton('sandbox.idScope')).toBeVisible();
  await expect(sandbox.process('pid')).toHaveText(/^\d+$/);
  await expect(sandbox.process('uptime')).toHaveText(/^\d+ h \d+ min \d+ s$/);

  // A fresh data dir: an empty DPS and two empty hubs, counted through the SDKs.
  await expect(sandbox.count('enrollments')).toHaveText('0');
  await expect(sandbox.count('enrollment-groups')).toHaveText('0');
  await expect(sandbox.count('registrations')).toHaveText('0');
  const hubHost = (await sandbox.endpoint('hub-1').textContent()) ?? '';
  await expect(page.getByText(app.text('sandbox.hubDevices', { host: hubHost }))).toBeVisible();
  await expect(sandbox.count('hub-1-devices')).toHaveText(app.text('sandbox.devicesValue', { devices: 0, connected: 0 }));

  // An enrollment made from outside shows up once the page counts again.
  const dpsHost = (await sandbox.endpoint('provisioning-host').textContent()) ?? '';
  const caPath = (await sandbox.endpoint('ca-path').textContent()) ?? '';
  expect(await createEnrollment(consoleServer.dataDir, dpsHost, caPath, 'e2e-counted')).toBe(200);
  await sandbox.refreshCountsButton.click();
  await expect(sandbox.count('enrollments')).toHaveText('1');

  await expect(sandbox.section).not.toContainText('SharedAccessKey');
  expect(app.problems).toEqual([]);
});

test('reset asks for confirmation, and only a confirmed reset replaces the sandbox', async ({ consoleServer, page }) => {
  // Stops a child process, deletes its store and starts a fresh one (new CA and keys): slow on a busy machine.
  test.slow();
  const app = new ConsolePage(page);
  const sandbox = new SandboxPage(app);
  await app.open(consoleServer.url);
  await app.goTo('sandbox');
  await expect(sandbox.endpoint('id-scope')).toHaveText(/^0ne/);
  const scope = (await sandbox.endpoint('id-scope').textContent()) ?? '';

  await sandbox.resetButton.click();
  await expect(sandbox.resetDialog).toBeVisible();
  await expect(sandbox.resetDialog).toContainText(app.text('sandbox.resetText'));
  await sandbox.cancelResetButton.click();
  await expect(sandbox.resetDialog).toBeHidden();
  await expect(sandbox.endpoint('id-scope')).toHaveText(scope);

  await sandbox.resetButton.click();
  await sandbox.confirmResetButton.click();
  await expect(app.notification).toContainText(app.text('sandbox.resetDone'));
  // A reset deletes the keys and the id scope with everything else.
  await expect(sandbox.endpoint('id-scope')).not.toHaveText(scope);
  await expect(sandbox.endpoint('id-scope')).toHaveText(/^0ne[0-9A-F]{8}$/);
  await expect(sandbox.process('state')).toHaveText(app.text('sandbox.states.running'));
  expect(app.problems).toEqual([]);
});
