import { expect, test } from '../fixtures/console.ts';
import { ConsolePage } from '../pages/console-page.ts';
import { SocketFault } from '../pages/socket-fault.ts';
import { StatusPage } from '../pages/status-page.ts';

test('the status page shows the main process answering a ping, and keeps pinging', async ({ consoleServer, page }) => {
  const app = new ConsolePage(page);
  const status = new StatusPage(app);
  await app.open(consoleServer.url);
  await app.goTo('status');
  await expect(status.fact('connection')).toHaveText(app.text('connection.connected'));
  await expect(status.fact('round-trip')).toHaveText(/^\d+\.\d ms$/);
  await expect(status.fact('uptime')).toHaveText(/^\d+ h \d+ min \d+ s$/);
  const firstAnswer = await status.fact('last-answer').textContent();
  await expect(status.fact('last-answer')).not.toHaveText(firstAnswer ?? '');
});

test('the status page shows that the sandbox and the profiles service answer', async ({ consoleServer, page }) => {
  const app = new ConsolePage(page);
  const status = new StatusPage(app);
  await app.open(consoleServer.url);
  await app.goTo('status');
  // The sandbox process may still be starting when the page opens; the 'sandbox:status' event brings it to running.
  await expect(status.fact('sandbox')).toContainText(app.text('sandbox.states.running'), { timeout: 30_000 });
  await expect(status.fact('profile')).toContainText(app.text('profiles.kind.sandbox'));
});

test('the about page shows the versions of the web shell', async ({ consoleServer, page }) => {
  const app = new ConsolePage(page);
  const status = new StatusPage(app);
  await app.open(consoleServer.url);
  await app.goTo('about');
  await expect(status.aboutFact('app')).toHaveText(/^\d+\.\d+\.\d+/);
  await expect(status.aboutFact('node')).toHaveText(/^\d+\.\d+\.\d+$/);
  await expect(status.aboutFact('electron')).toHaveText(app.text('about.notInThisShell'));
  await expect(status.aboutFact('chrome')).toHaveText(app.text('about.thisBrowser', { version: page.context().browser()!.version().split('.')[0]! }));
  await expect(status.aboutFact('shell')).toHaveText(app.text('about.shellWeb'));
});

test('when the main process goes away the console says so, and after a restart it asks for the new link', async ({ consoleServer, page }) => {
  const app = new ConsolePage(page);
  const status = new StatusPage(app);
  await app.open(consoleServer.url);
  await app.goTo('status');
  await expect(status.fact('round-trip')).toHaveText(/ms$/);
  const relaunch = consoleServer.restart();
  await expect(app.connectionLost).toBeVisible();
  await expect(status.fact('connection')).not.toHaveText(app.text('connection.connected'));
  // Sessions live in the web shell's memory: once it is back, this window's cookie is stale and the console must say so.
  const newLink = await relaunch;
  await expect(app.connectionLost).toContainText(app.text('connection.sessionEnded'));
  await app.open(newLink);
  await app.goTo('status');
  await expect(app.connectionLost).toBeHidden();
  await expect(status.fact('connection')).toHaveText(app.text('connection.connected'));
});

test('a dropped connection is shown, requests fail fast meanwhile, and it comes back on its own', async ({ consoleServer, page }) => {
  const app = new ConsolePage(page);
  const status = new StatusPage(app);
  const line = await SocketFault.install(page);
  await app.open(consoleServer.url);
  await app.goTo('status');
  await expect(status.fact('connection')).toHaveText(app.text('connection.connected'));
  await line.cut();
  await expect(app.connectionLost).toBeVisible();
  await expect(status.pingFailure).toBeVisible();
  await expect.poll(() => line.connections).toBeGreaterThan(2);
  line.restore();
  await expect(app.connectionLost).toBeHidden({ timeout: 20_000 });
  await expect(status.fact('connection')).toHaveText(app.text('connection.connected'));
  await expect(status.pingFailure).toBeHidden();
});
