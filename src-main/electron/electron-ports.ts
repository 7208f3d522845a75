import { join } from 'node:path';
import { app, safeStorage, utilityProcess } from 'electron';
import type { Ports } from '../services/ports.ts';
import { createSafeStorageCipher } from './safe-storage-cipher.ts';
import { utilitySandboxCommand } from './utility-sandbox.ts';
import { utilitySimulatorLauncher } from './utility-simulator.ts';

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

/** The services' ports backed by Electron: app paths, the OS secret store, a utility process for the sandbox. Call after 'ready'. */
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
    sandboxCommand: utilitySandboxCommand((modulePath, args, options) => utilityProcess.fork(modulePath, args, options), layout.cli),
    simulatorLauncher: utilitySimulatorLauncher((modulePath, args, options) => utilityProcess.fork(modulePath, args, options), layout.cli),
  };
}
