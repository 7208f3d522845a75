import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/console.ts';
import { ConsolePage } from '../pages/console-page.ts';
import { ProfilesPage } from '../pages/profiles-page.ts';

// Well-formed but fake Azure endpoints: the sandbox CLI is not available to point at yet.
const DPS_KEY = Buffer.alloc(32, 0x2a).toString('base64');
const HUB_KEY = Buffer.alloc(32, 0x3b).toString('base64');
const DPS = `HostName=bench-e2e.azure-devices-provisioning.net;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=${DPS_KEY}`;
const HUB = `HostName=bench-e2e-hub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${HUB_KEY}`;

interface Frame {
  direction: 'sent' | 'received';
  text: string;
}

/** Records every WebSocket frame of the page in both directions, across reconnects. */
function recordFrames(page: Page): Frame[] {
  const frames: Frame[] = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => frames.push({ direction: 'sent', text: String(f.payload) }));
    ws.on('framereceived', (f) => frames.push({ direction: 'received', text: String(f.payload) }));
  });
  return frames;
}

function containsSecret(text: string): boolean {
  return [DPS_KEY, HUB_KEY, DPS, HUB, 'SharedAccessKey='].some((s) => text.includes(s));
}

test('an Azure profile is created, switched to, survives a restart, and no key ever comes back from the main process', async ({ consoleServer, page }) => {
  // Two console starts, each bringing up its sandbox on these shared cores.
  test.setTimeout(150_000);
  const frames = recordFrames(page);
  const app = new ConsolePage(page);
  const profiles = new ProfilesPage(app);
  await app.open(consoleServer.url);
  await profiles.open();

  await profiles.startNew();
  // Swapped strings are named as such, beside the field they were pasted into.
  await profiles.fillKeysProfile({ name: 'Staging', dps: HUB, idScope: '0ne00E2E001', hub: HUB });
  await profiles.save();
  await expect(await profiles.fieldMessage('profileManager.dpsConnectionString')).toContainText('This looks like an IoT Hub connection string');

  await profiles.field('profileManager.dpsConnectionString').fill(DPS);
  await profiles.save();
  await expect(profiles.form).toBeHidden();
  await expect(profiles.row('Staging')).toContainText('bench-e2e.azure-devices-provisioning.net');
  await expect(profiles.row('Staging')).toContainText('bench-e2e-hub.azure-devices.net');

  await profiles.activateFromAppBar('Staging');
  await expect(app.profileSwitcher).toContainText('Staging');

  const signIn = await consoleServer.restart();
  await app.open(signIn);
  await expect(app.profileSwitcher).toContainText('Staging');
  await profiles.open();
  await expect(profiles.row('Staging')).toContainText(app.text('profileManager.active'));

  const sent = frames.filter((f) => f.direction === 'sent');
  const received = frames.filter((f) => f.direction === 'received');
  expect(received.length).toBeGreaterThan(5);
  expect(received.filter((f) => containsSecret(f.text)).map((f) => f.text.slice(0, 120))).toEqual([]);
  // Keys cross exactly once, inward, in the request that hands them to the vault.
  const carriers = sent.filter((f) => containsSecret(f.text)).map((f) => (JSON.parse(f.text) as { channel: string }).channel);
  expect(carriers).toEqual(['profiles:create', 'profiles:create']);
  expect(sent.some((f) => f.text.includes('"profiles:activate"'))).toBe(true);
});
