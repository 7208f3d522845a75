import deviceSdk from 'azure-iot-device';
import { expect, test } from '../fixtures/console.ts';
import { ConsolePage } from '../pages/console-page.ts';
import { DevicesFleet } from '../pages/devices-fleet.ts';
import { DevicesPage, devicesText } from '../pages/devices-page.ts';

// Devices made and brought online with the real SDKs against the console's own sandbox.
let fleet: DevicesFleet | undefined;
test.afterEach(async () => {
  await fleet?.close();
  fleet = undefined;
});

test('finds devices by tag, edits a desired property and sees the device acknowledge it, then calls a method', async ({ consoleServer, page }) => {
  test.slow();
  const app = new ConsolePage(page);
  const devices = new DevicesPage(app);
  await app.open(consoleServer.url);
  fleet = await DevicesFleet.open(consoleServer.dataDir);
  const key = await fleet.create('pump-1', { site: 'osaka' });
  await fleet.create('pump-2', { site: 'osaka' });
  await fleet.create('fan-1', { site: 'kyoto' });

  // The device acknowledges desired properties by reporting them back, and answers 'blink'.
  const device = await fleet.connect('pump-1', key);
  const twin = await device.getTwin();
  twin.on('properties.desired', (desired: Record<string, unknown>) => {
    const { $version: _v, ...values } = desired;
    twin.properties.reported.update(values, () => undefined);
  });
  device.onDeviceMethod('blink', (request, response) => {
    void response.send(200, { blinked: (request.payload as { times?: number } | null)?.times ?? 0 });
  });

  await app.goTo('devices');
  // The first page load also waits for the profile's sandbox clients; give a loaded machine time.
  await expect(devices.rows).toHaveCount(3, { timeout: 30_000 });
  await devices.addConditionButton.click();
  await devices.setCondition(1, 'tags', 'site', 'osaka');
  await expect(devices.rawQuery).toHaveValue("SELECT * FROM devices WHERE tags.site = 'osaka'");
  await devices.runButton.click();
  await expect(devices.rows).toHaveCount(2);
  await expect(devices.row('fan-1')).toHaveCount(0);

  await devices.row('pump-1').click();
  await expect(page.getByRole('heading', { name: 'pump-1' })).toBeVisible();
  await devices.editTwinButton.click();
  await devices.desiredEditor.fill('{"interval": 30}');
  await expect(devices.editDialog).toContainText('+ desired.interval = 30');
  await devices.sendPatchButton.click();
  await expect(devices.editDialog).toBeHidden();
  await expect(devices.ackState('interval')).toBeVisible();
  await expect(async () => {
    await devices.refreshButton.click();
    await expect(devices.ackState('interval')).toContainText(devicesText('ack.acknowledged'), { timeout: 1000 });
  }).toPass({ timeout: 20_000 });

  await devices.tab('methods').click();
  await devices.methodName.fill('blink');
  await devices.payload.fill('{"times": 3}');
  await devices.invokeButton.click();
  await expect(devices.methodResponse).toHaveText('{"blinked":3}');
  await expect(devices.methodHistory).toContainText('blink');
  await expect(page.getByRole('main')).not.toContainText('SharedAccessKey');
  expect(app.problems).toEqual([]);
});

test('the monitor shows telemetry as it arrives, only from the devices asked for, with its properties', async ({ consoleServer, page }) => {
  test.slow();
  const app = new ConsolePage(page);
  const devices = new DevicesPage(app);
  await app.open(consoleServer.url);
  fleet = await DevicesFleet.open(consoleServer.dataDir);
  const watched = await fleet.connect('meter-1', await fleet.create('meter-1'));
  const other = await fleet.connect('meter-2', await fleet.create('meter-2'));

  await app.goTo('devices');
  await devices.monitorButton.click();
  await devices.monitorDeviceIds.fill('meter-1');
  await devices.monitorStart.click();
  await expect(page.getByRole('button', { name: devicesText('monitor.stop') })).toBeVisible();
  for (let i = 0; i < 5; i++) {
    const message = new deviceSdk.Message(JSON.stringify({ kwh: i }));
    message.properties.add('phase', 'L1');
    await watched.sendEvent(message);
    await other.sendEvent(new deviceSdk.Message('{"kwh": -1}'));
  }
  await expect(devices.monitorEvents.getByRole('row')).toHaveCount(5);
  await expect(devices.monitorEvents).not.toContainText('meter-2');
  await devices.monitorEvents.getByRole('row').filter({ hasText: '{"kwh":4}' }).click();
  await expect(devices.inspector).toContainText('"phase": "L1"');

  // Started again from what the hub holds, the monitor replays meter-1's story: its creation and
  // connection (lifecycle events in the same stream), then the five messages it already showed.
  await devices.monitorStop.click();
  await devices.monitorClear.click();
  await expect(devices.monitorEvents.getByRole('row')).toHaveCount(0);
  await devices.monitorFrom('recent');
  await devices.monitorStart.click();
  await expect(devices.monitorEvents.getByRole('row')).toHaveCount(7);
  await expect(devices.monitorEvents.getByRole('row').filter({ hasText: 'createDeviceIdentity' })).toHaveCount(1);
  await expect(devices.monitorEvents.getByRole('row').filter({ hasText: 'deviceConnected' })).toHaveCount(1);
  await expect(devices.monitorEvents.getByRole('row').filter({ hasText: '"phase"' })).toHaveCount(0);
  await expect(devices.monitorEvents.getByRole('row').filter({ hasText: '{"kwh":' })).toHaveCount(5);
  await expect(devices.monitorEvents).not.toContainText('meter-2');
  expect(app.problems).toEqual([]);
});
