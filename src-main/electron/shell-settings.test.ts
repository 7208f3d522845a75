import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openShellSettings, pageOfUrl, startUrl } from './shell-settings.ts';
import { startPlacement } from './window-placement.ts';

// electron-store imports 'electron', which in plain Node is the binary's path, found through
// node_modules/electron/path.txt. The binary is not installed here (it would try to download it), so
// point that lookup elsewhere: electron-store then runs as it does in any plain-Node process, on conf,
// with the folder we give it. The real electron-store and its file are what is tested.
const overrideBefore = process.env.ELECTRON_OVERRIDE_DIST_PATH;
beforeAll(() => {
  process.env.ELECTRON_OVERRIDE_DIST_PATH ??= join(tmpdir(), 'no-electron-binary');
});
// The worker process runs other test files next: leave its environment as it was.
afterAll(() => {
  if (overrideBefore === undefined) delete process.env.ELECTRON_OVERRIDE_DIST_PATH;
  else process.env.ELECTRON_OVERRIDE_DIST_PATH = overrideBefore;
});

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pb-shell-settings-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the Electron shell settings (electron-store)', () => {
  it('starts empty, then keeps the window placement and last page across openings, in an owner-only file', async () => {
    const dir = tempDir();
    const first = await openShellSettings(dir);
    expect(first.windowPlacement()).toBeNull();
    expect(first.lastPage()).toBeNull();
    first.saveWindowPlacement({ x: 40.4, y: 30, width: 1400, height: 900.6, maximized: true });
    first.saveLastPage('about');

    const again = await openShellSettings(dir);
    expect(again.windowPlacement()).toEqual({ x: 40, y: 30, width: 1400, height: 901, maximized: true });
    expect(again.lastPage()).toBe('about');
    const file = join(dir, 'shell-settings.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ lastPage: 'about', window: { width: 1400 } });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('opens on a file that is not JSON, starting afresh instead of keeping the console from starting', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'shell-settings.json'), '{"window": {"x": 1,');
    const settings = await openShellSettings(dir);
    expect(settings.windowPlacement()).toBeNull();
    settings.saveLastPage('status');
    expect((await openShellSettings(dir)).lastPage()).toBe('status');
  });

  it('reads a hand-edited entry of the wrong shape as none, and refuses to store one', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'shell-settings.json'), JSON.stringify({ window: { x: 0, y: 0, width: 'huge', height: 700, maximized: false }, lastPage: '../../etc' }));
    const settings = await openShellSettings(dir);
    expect(settings.windowPlacement()).toBeNull();
    expect(settings.lastPage()).toBeNull();
    settings.saveLastPage('javascript:alert(1)');
    settings.saveWindowPlacement({ x: 0, y: 0, width: Number.NaN, height: 700, maximized: false });
    expect(JSON.parse(readFileSync(join(dir, 'shell-settings.json'), 'utf8'))).toMatchObject({ lastPage: '../../etc', window: { width: 'huge' } });
  });
});

describe('the last page', () => {
  it('is the area id of an app:// address, and nothing else', () => {
    expect(pageOfUrl('app://bench/index.html#/about')).toBe('about');
    expect(pageOfUrl('app://bench/index.html#/devices/dev-1')).toBe('devices');
    for (const url of ['app://bench/index.html', 'app://bench/index.html#/', 'app://bench/index.html#about', 'app://bench/index.html#/ABOUT', 'app://bench/index.html#/%2e%2e', 'not a url']) {
      expect(pageOfUrl(url), url).toBeNull();
    }
  });

  it('opens the index on that page', () => {
    expect(startUrl('app://bench/index.html', 'sandbox')).toBe('app://bench/index.html#/sandbox');
    expect(startUrl('app://bench/index.html', null)).toBe('app://bench/index.html');
    expect(startUrl('app://bench/index.html', '../x')).toBe('app://bench/index.html');
  });
});

describe('where the window opens', () => {
  const laptop = { x: 0, y: 0, width: 1920, height: 1050 };

  it('opens at its default size the first time', () => {
    expect(startPlacement(null, [laptop])).toEqual({ width: 1280, height: 820, maximized: false });
  });

  it('reopens where it was when that is on a screen', () => {
    expect(startPlacement({ x: 100, y: 50, width: 1000, height: 700, maximized: false }, [laptop])).toEqual({ x: 100, y: 50, width: 1000, height: 700, maximized: false });
  });

  it('reopens centred, and no larger than today’s screen, when it was on a monitor that is gone', () => {
    const saved = { x: 2500, y: 100, width: 2400, height: 1300, maximized: true };
    expect(startPlacement(saved, [laptop])).toEqual({ width: 1920, height: 1050, maximized: true });
    expect(startPlacement(saved, [laptop, { x: 1920, y: 0, width: 2560, height: 1400 }])).toEqual({ x: 2500, y: 100, width: 2400, height: 1300, maximized: true });
  });

  it('never opens smaller than the console’s minimum size', () => {
    expect(startPlacement({ x: 0, y: 0, width: 200, height: 100, maximized: false }, [laptop])).toMatchObject({ width: 900, height: 600 });
  });
});
