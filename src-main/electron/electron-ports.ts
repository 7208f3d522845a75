import { join } from 'node:path';
import { app, safeStorage, utilityProcess } from 'electron';
import type { Ports } from '../services/ports.ts';
import { createSafeStorageCipher } from './safe-storage-cipher.ts';
import { utilityFunctionsLauncher } from './utility-functions.ts';
import { utilitySandboxCommand } from './utility-sandbox.ts';
import { utilitySimulatorLauncher } from './utility-simulator.ts';

/** Where the bundle's siblings live: dist/electron/ next to main.cjs, dist/renderer/ beside it. */
export interface BundleLayout {
  preload: string;
  cli: string;
  rendererDir: string;
  /** The seed's Functions project (src/lib modules, models): resources/functions when packaged, assets/functions in a checkout. */
  functionsDir: string;
}

/**
 * `resourcesPath` is given for a packaged app: electron-builder.yml ships assets/functions there as
 * real files (extraResources), not inside app.asar, so the function host's utility process imports
 * them (and the operator can copy the project to deploy it) like any file on disk.
 */
export function bundleLayout(bundleDir: string, resourcesPath?: string): BundleLayout {
  return {
    preload: join(bundleDir, 'preload.cjs'),
    cli: join(bundleDir, 'cli.mjs'),
    rendererDir: join(bundleDir, '..', 'renderer'),
    functionsDir: resourcesPath ? join(resourcesPath, 'functions') : join(bundleDir, '..', '..', 'assets', 'functions'),
  };
}

/** The services' ports backed by Electron: app paths, the OS secret store, utility processes for the sandbox, simulator and functions. Call after 'ready'. */
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
    functionsLauncher: utilityFunctionsLauncher((modulePath, args, options) => utilityProcess.fork(modulePath, args, options), layout.cli),
    functionsDir: layout.functionsDir,
  };
}
