import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../fixtures/console.ts';
import { ConsolePage } from '../pages/console-page.ts';
import { SerialPage, createSymmetricGroup, serialText } from '../pages/serial-page.ts';
import { startAgent } from '../../src-main/services/serial/testing/agent-process.ts';
import { openPtyPair } from '../../src-main/services/serial/testing/pty-pair.ts';
import { deriveDeviceKey } from '../../src-main/services/keys/device-key.ts';

test('the Serial area pushes a derived key over a pty pair to the real agent, which registers with the sandbox', async ({ consoleServer, page }) => {
  test.slow();
  const app = new ConsolePage(page);
  const serial = new SerialPage(app);
  await app.open(consoleServer.url);
  // The sandbox starts with the console's first paint; its data dir then holds its ports.
  await expect.poll(() => {
    try {
      return (JSON.parse(readFileSync(join(consoleServer.dataDir, 'sandbox', 'sandbox.json'), 'utf8')) as { dps: { port: number } }).dps.port;
    } catch {
      return 0;
    }
  }, { timeout: 30_000 }).toBeGreaterThan(0);
  const { groupKey, caPath } = await createSymmetricGroup(consoleServer.dataDir, 'bench-line-e2e');

  const pair = await openPtyPair();
  const stateDir = mkdtempSync(join(tmpdir(), 'pb-e2e-agent-'));
  const telemetry = join(stateDir, 'telemetry.jsonl');
  writeFileSync(telemetry, `${JSON.stringify({ temperature: 20 })}\n`);
  const agent = startAgent({ port: pair.device, stateDir: join(stateDir, 'state'), serial: 'e2e-pi-7', ca: caPath, telemetry });
  try {
    await agent.ready();
    await app.goTo('serial');
    await expect(app.heading).toHaveText(serialText('title'));
    await serial.portPath.fill(pair.host);
    await serial.group.fill('bench-line-e2e');
    await serial.registrationId.fill('e2e-pi-7');
    await serial.registrationId.press('Control+Enter');

    await expect(serial.success).toContainText('e2e-pi-7', { timeout: 45_000 });
    await expect(serial.success).toContainText(/registered to 127\.0\.0\.1:\d+/);
    for (const step of ['detect', 'identify', 'derive', 'send', 'verify', 'commit', 'register']) await expect(serial.step(step)).toHaveAttribute('data-status', 'ok');
    await expect(serial.labelQr).toBeVisible();
    await expect(serial.consoleLog).toContainText('credentials committed for e2e-pi-7');
    await expect(serial.consoleLog).toContainText('"key":"***"');
    const deviceKey = deriveDeviceKey(groupKey, 'e2e-pi-7');
    await expect(page.locator('body')).not.toContainText(deviceKey);
    await expect(page.locator('body')).not.toContainText(groupKey);
    expect(JSON.parse(readFileSync(join(stateDir, 'state', 'credentials.json'), 'utf8'))).toMatchObject({ registrationId: 'e2e-pi-7', key: deviceKey });

    // A batch from a pasted CSV: the duplicate is flagged before anything is written.
    await serial.tab('batch').click();
    await serial.queueCsv.fill('registrationId,serial\ne2e-pi-8\ne2e-pi-8\n');
    await serial.button('batch.check').click();
    await expect(page.getByTestId('queue-duplicates')).toContainText('e2e-pi-8');
    expect(app.problems).toEqual([]);
  } finally {
    await agent.stop();
    await pair.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
});
