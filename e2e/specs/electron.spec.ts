import type { BenchBridge } from '../../src-shared/contract/wire.ts';
import { expect, test } from '../fixtures/electron-app.ts';

test('the Electron console opens one hardened window that answers a ping through IPC', async ({ electronApp }) => {
  const page = await electronApp.firstWindow();
  await expect(page).toHaveTitle(/Provisioning Bench/);
  expect(page.url()).toBe('app://bench/index.html');

  const reply = await page.evaluate(() => (window as unknown as { benchBridge: BenchBridge }).benchBridge.invoke('app:ping', { sentAt: 42 }));
  expect(reply).toMatchObject({ ok: true, value: { sentAt: 42 } });
  const versions = await page.evaluate(() => (window as unknown as { benchBridge: BenchBridge }).benchBridge.invoke('app:versions', {}));
  expect(versions).toMatchObject({ ok: true, value: { shell: 'electron' } });

  // No Node in the page, and the bridge offers exactly invoke and subscribe.
  const exposed = await page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    bridge: Object.keys((window as unknown as { benchBridge: object }).benchBridge).sort(),
  }));
  expect(exposed).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke', 'subscribe'] });

  const invalid = await page.evaluate(() => (window as unknown as { benchBridge: BenchBridge }).benchBridge.invoke('app:ping', { sentAt: 'no' }));
  expect(invalid).toMatchObject({ ok: false, error: { code: 'validation' } });
  // New windows are denied (https ones go to the system browser instead).
  expect(await page.evaluate(() => window.open('about:blank') === null)).toBe(true);
  expect(electronApp.windows()).toHaveLength(1);
});
