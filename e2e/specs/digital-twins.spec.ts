import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../fixtures/console.ts';
import { ConsolePage } from '../pages/console-page.ts';
import { createCustomAllocationGroup, DigitalTwinsPage, runFleet, sandboxEndpoints } from '../pages/digital-twins-page.ts';

const THERMOSTAT = 'dtmi:contosocom:DigitalTwins:Thermostat;2';

test('seed 003 in the console: models, a Space with two Thermostats, the Allocation lab, and a fleet moving Temperature', async ({ consoleServer, page }) => {
  // About 40 s on an idle machine; the shared 2-core box under load needs far more.
  test.setTimeout(240_000);
  const app = new ConsolePage(page);
  const twins = new DigitalTwinsPage(app);
  await app.open(consoleServer.url);

  await app.goTo('digital-twins');
  await expect(app.heading).toHaveText(app.text('areas.digital-twins.title'));
  await twins.button('uploadSeed').click();
  await expect(page.getByTestId(`model-${THERMOSTAT}`)).toContainText('Temperature: double');
  await expect(page.getByTestId('model-dtmi:contosocom:DigitalTwins:Space;1')).toBeVisible();

  await twins.createTwin('Space', 'lab-space', { DisplayName: 'Lab' });
  await twins.createTwin('Thermostat', 'thermo-1', { HubRegistrationId: 'e2e-dev-1' }, 'lab-space');
  await twins.createTwin('Thermostat', 'thermo-2', { HubRegistrationId: 'e2e-dev-2' }, 'lab-space');
  await twins.tab('graph').click();
  await expect(page.getByTestId('space-lab-space')).toContainText('thermo-1');
  await expect(page.getByTestId('space-lab-space')).toContainText('thermo-2');

  // The function host serves the webhook; an enrollment group points at it.
  await twins.tab('functions').click();
  await twins.button('functions.start').click();
  // Starting the host spawns a Node child: seconds on a loaded machine.
  await expect(page.getByTestId('functions-state')).toHaveText(twins.text('functions.running'), { timeout: 60_000 });
  const webhook = (await page.getByTestId('functions-webhook').textContent()) ?? '';
  const { dpsHost, idScope, caPath } = sandboxEndpoints(consoleServer.dataDir);
  const groupKey = await createCustomAllocationGroup(consoleServer.dataDir, dpsHost, caPath, 'e2e-thermostats', webhook);

  // The lab: the seed function finds thermo-1 by its HubRegistrationId and answers with its tags.
  await twins.tab('lab').click();
  await twins.field('lab.enrollmentId').fill('e2e-thermostats');
  await twins.field('lab.registrationId').fill('e2e-dev-1');
  await twins.button('lab.run').click();
  await expect(page.getByTestId('lab-result')).toContainText('HTTP 200');
  await expect(page.getByTestId('lab-hub')).toHaveText(/^127\.0\.0\.1:\d+$/);
  await expect(page.getByTestId('lab-initial-twin')).toContainText('"dtId": "thermo-1"');
  await expect(page.getByTestId('function-call').first()).toContainText('thermo-1');

  // The operator's own module: written to a temp dir, its path typed in (the web shell has no file dialog).
  const moduleDir = mkdtempSync(join(tmpdir(), 'e2e-allocate-'));
  try {
    const modulePath = join(moduleDir, 'my-allocate.mjs');
    writeFileSync(modulePath, "export async function allocate(request) {\n  return { status: 200, body: { iotHubHostName: 'my-module-hub.example', initialTwin: { tags: { pickedBy: 'my module ' + request.deviceRuntimeContext.registrationId } } } };\n}\n");
    await twins.chooseLabTarget('lab.module');
    await twins.field('lab.modulePath').fill(join(moduleDir, 'missing.mjs'));
    await twins.button('lab.moduleLoad').click();
    await expect(twins.field('lab.modulePath')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText(join(moduleDir, 'missing.mjs'), { exact: false }).first()).toBeVisible();
    await twins.field('lab.modulePath').fill(modulePath);
    await twins.button('lab.moduleLoad').click();
    // Loading restarts the host with the module: seconds on a loaded machine.
    await expect(page.getByTestId('lab-module')).toHaveText(modulePath, { timeout: 60_000 });
    await twins.button('lab.run').click();
    await expect(page.getByTestId('lab-hub')).toHaveText('my-module-hub.example');
    await expect(page.getByTestId('lab-initial-twin')).toContainText('"pickedBy": "my module e2e-dev-1"');
    await expect(page.getByTestId('function-call').first()).toContainText(twins.text('functions.customCall').replace('{{fn}}', 'allocation'));
    await twins.tab('functions').click();
    await expect(page.getByTestId('functions-module')).toHaveText(modulePath);
    await expect(page.getByTestId('functions-custom-webhook')).toHaveText(/^http:\/\/127\.0\.0\.1:\d+\/allocate\/custom$/);
    // The seed's webhook kept its URL, so the enrollment group still reaches it.
    await expect(page.getByTestId('functions-webhook')).toHaveText(webhook);
  } finally {
    rmSync(moduleDir, { recursive: true, force: true });
  }

  // A small fleet registers through the webhook and sends Temperature; the twin view follows.
  const fleet = await runFleet({ provisioningHost: dpsHost, idScope, caPath, groupKey, deviceIds: ['e2e-dev-1', 'e2e-dev-2', 'e2e-dev-3'], modelId: THERMOSTAT, rounds: 3, intervalMs: 300 });
  expect(fleet.at(-1)).toContain('done');
  await twins.tab('twins').click();
  await expect(page.getByTestId('temperature-thermo-1')).toHaveText('22', { timeout: 20_000 });
  await expect(page.getByTestId('temperature-thermo-2')).toHaveText('23', { timeout: 20_000 });
  await expect(page.getByTestId('temperature-e2e-dev-3')).toHaveText('24', { timeout: 20_000 });
  await expect(page.getByRole('main')).not.toContainText('SharedAccessKey');
  expect(app.problems).toEqual([]);
});
