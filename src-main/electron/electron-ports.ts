import { join } from 'node:path';
import { app, safeStorage } from 'electron';
import { electronSandboxCommand } from '../services/sandbox/sandbox-command.ts';
import type { Ports } from '../services/ports.ts';
import { createSafeStorageCipher } from './safe-storage-cipher.ts';

/** Where the bundle's siblings live: dist/electron/ next to main.cjs, dist/renderer/ beside it. */
export interface BundleLayout {
  preload: string;
  cli: string;
  rendererDir: string;
}

export function bundleLayout(bundleDir: string): BundleLayout {
  return {
    preload: join(bundleDir, 'preload.cjs'),
    cli: join(bundleDir, 'cli.mjs'),
    rendererDir: join(bundleDir, '..', 'renderer'),
  };
}

/** The services' ports backed by Electron: app paths, the OS secret store, Electron-as-Node for child processes. Call after 'ready'. */
export function createElectronPorts(layout: BundleLayout): Ports {
  return {
    paths: { userData: app.getPath('userData') },
    shellInfo: {
      shell: 'electron',
      appVersion: app.getVersion(),
      electronVersion: process.versions.electron ?? null,
      chromeVersion: process.versions.chrome ?? null,
    },
    osCipher: createSafeStorageCipher(safeStorage),
    sandboxCommand: electronSandboxCommand(process.execPath, layout.cli),
  };
}
