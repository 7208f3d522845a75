import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
type Target = string | Array<string | { target: string }>;
/** The parts of the config this test reads; the schema check covers the rest. */
interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources: string };
  files: string[];
  asarUnpack: string[];
  win: { target: Target; icon: string };
  mac: { target: Target; icon: string; category: string };
  linux: { target: Target; icon: string; category: string; maintainer: string };
  asar: boolean;
  extraResources: Array<{ from: string; to: string; filter?: string[] }>;
  electronFuses: Record<string, boolean>;
}
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string; productName: string; dependencies: Record<string, string> };

function targetsOf(section: { target: Target }): string[] {
  const list = Array.isArray(section.target) ? section.target : [section.target];
  return list.map((t) => (typeof t === 'string' ? t : t.target));
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): [number, number] {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    // The same check `electron-builder` runs before packaging; it cannot package here (no binaries offline).
    const require = createRequire(import.meta.url);
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    await expect(validateConfiguration(config, { isEnabled: false, add() {} })).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, notAnOption: true }, { isEnabled: false, add() {} })).rejects.toThrow(/notAnOption/);
  });

  it('names the app and writes to release/', () => {
    expect(config.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*){2,}$/);
    expect(config.productName).toBe(pkg.productName);
    expect(config.directories.output).toBe('release');
  });

  it('builds NSIS, DMG, AppImage and deb', () => {
    expect(targetsOf(config.win)).toEqual(['nsis']);
    expect(targetsOf(config.mac)).toEqual(['dmg']);
    expect(targetsOf(config.linux).sort()).toEqual(['AppImage', 'deb']);
    expect(config.mac.category).toBe('public.app-category.developer-tools');
    expect(config.linux.category).toBe('Development');
    expect(config.linux.maintainer).toMatch(/<[^@\s]+@[^>\s]+>/);
  });

  it('ships the entry point and keeps serialport’s native code out of the asar', () => {
    expect(config.files).toContain('package.json');
    expect(config.files).toContain('dist/**');
    expect(pkg.main.startsWith('dist/')).toBe(true);
    expect(pkg.dependencies.serialport).toBeDefined();
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/serialport/**', 'node_modules/@serialport/**']));
  });

  it('ships the seed’s Functions project on disk as resources/functions, where the function host’s utility process imports it from', () => {
    // electron-ports.ts bundleLayout: resources/functions when packaged (src/lib for the host, models/ for the twins area).
    const functions = config.extraResources.find((entry) => entry.to === 'functions');
    expect(functions?.from).toBe('assets/functions');
    for (const file of ['src/lib/allocation.js', 'src/lib/telemetry.js', 'src/lib/lifecycle.js', 'models/SpaceModel.json', 'models/ThermostatModel.json']) {
      expect(existsSync(join(root, 'assets/functions', file)), file).toBe(true);
    }
    expect(functions?.filter).toEqual(expect.arrayContaining(['**/*', '!local.settings.json']));
  });

  it('references only paths that exist, with icons of the sizes the platforms need', () => {
    expect(statSync(join(root, config.directories.buildResources)).isDirectory()).toBe(true);
    for (const icon of [config.win.icon, config.mac.icon]) expect(existsSync(join(root, icon)), icon).toBe(true);
    expect(pngSize(join(root, config.mac.icon))).toEqual([512, 512]);
    expect(pngSize(join(root, config.win.icon))).toEqual([256, 256]);
    expect(statSync(join(root, config.linux.icon)).isDirectory()).toBe(true);
    for (const size of [256, 512]) expect(pngSize(join(root, config.linux.icon, `${size}x${size}.png`))).toEqual([size, size]);
  });

  it('flips the Electron fuses: no running as Node, no NODE_OPTIONS or --inspect, only the integrity-checked app.asar', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('starts no child as Electron-run-as-Node, which the fuse turns off in the packaged app', () => {
    // With runAsNode off, ELECTRON_RUN_AS_NODE is ignored and child_process.fork from the main process breaks:
    // the sandbox child is a utility process (src-main/electron/utility-sandbox.ts).
    const offenders: string[] = [];
    const visit = (dir: string) => {
      for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) visit(path);
        // Tests and their support files (`*test-support.ts`) never run in the packaged app.
        else if (/\.(ts|mjs)$/.test(entry.name) && !/(\.test|test-support)\.ts$/.test(entry.name)) {
          const text = readFileSync(join(root, path), 'utf8');
          if (/ELECTRON_RUN_AS_NODE['"]?\s*[:=]/.test(text) || /from 'node:child_process'[^\n]*\bfork\b|\bfork\b[^\n]*from 'node:child_process'/.test(text)) offenders.push(path);
        }
      }
    };
    for (const dir of ['src-main', 'scripts', 'bin']) visit(dir);
    expect(offenders).toEqual([]);
  });

  it('packages Electron 45 at its newest patch we took (45.5.0), as locked', () => {
    // electron-builder packages the Electron that is installed; the lock decides which that is.
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
    const locked = lock.packages['node_modules/electron']?.version ?? '';
    const [major, minor, patch] = locked.split('.').map(Number);
    expect(major, locked).toBe(45);
    expect((minor ?? 0) * 1000 + (patch ?? 0), locked).toBeGreaterThanOrEqual(5000);
  });
});
