import { expect, test } from '../fixtures/console.ts';
import { ConsolePage } from '../pages/console-page.ts';
import { SandboxPage } from '../pages/sandbox-page.ts';
import { SandboxRoutingPage, callHub } from '../pages/sandbox-routing-page.ts';

test("the Sandbox page shows each hub's Event Hub-compatible endpoint without its key, and the routes set through the sandbox API", async ({ consoleServer, page }) => {
  const app = new ConsolePage(page);
  const sandbox = new SandboxPage(app);
  const routing = new SandboxRoutingPage(app);
  await app.open(consoleServer.url);
  await app.goTo('sandbox');
  await expect(sandbox.process('state')).toHaveText(app.text('sandbox.states.running'));
  const hubHost = (await sandbox.endpoint('hub-1').textContent()) ?? '';
  await expect(routing.fact(1, 'endpoint')).toHaveText(`sb://${hubHost}/`);
  await expect(routing.fact(1, 'entity-path')).toHaveText('sandbox-hub-1');
  await expect(routing.fact(1, 'partitions')).toHaveText('4');
  await expect(routing.fact(1, 'consumer-groups')).toHaveText('$Default');
  // A new sandbox hub routes the notifications the console reads to the built-in endpoint.
  for (const [name, source] of [['console-lifecycle', 'DeviceLifecycleEvents'], ['console-twin-changes', 'TwinChangeEvents'], ['console-connection-state', 'DeviceConnectionStateEvents']] as const) {
    await expect(routing.routes(hubHost).getByRole('row', { name: new RegExp(name) })).toContainText(source);
  }

  const caPath = (await sandbox.endpoint('ca-path').textContent()) ?? '';
  expect(await callHub(consoleServer.dataDir, hubHost, caPath, 'PUT', '/sandbox/v1/consumerGroups/analytics')).toBe(200);
  const saved = await callHub(consoleServer.dataDir, hubHost, caPath, 'PUT', '/sandbox/v1/routing', {
    endpoints: [{ name: 'hot' }],
    routes: [{ name: 'too-hot', source: 'DeviceMessages', condition: '$body.temperature > 30', endpointNames: ['hot'] }],
    enrichments: [{ key: 'dtId', value: '$twin.tags.dtId', endpointNames: ['hot'] }],
  });
  expect(saved).toBe(200);
  await routing.refreshButton.click();
  await expect(routing.fact(1, 'consumer-groups')).toHaveText('$Defaultanalytics');
  await expect(routing.fact(1, 'extra-endpoints')).toHaveText('hot');
  await expect(routing.fact(1, 'enrichments')).toHaveText(routing.text('enrichmentValue', { key: 'dtId', value: '$twin.tags.dtId', endpoints: 'hot' }));
  const row = routing.routes(hubHost).getByRole('row', { name: /too-hot/ });
  await expect(row).toContainText('$body.temperature > 30');
  await expect(row).toContainText('DeviceMessages');
  await expect(routing.routes(hubHost).getByRole('row', { name: /console-lifecycle/ })).toHaveCount(0);

  await expect(sandbox.section).not.toContainText('SharedAccessKey');
  expect(app.problems).toEqual([]);
});
