import type { FunctionsLauncher } from './functions/functions-launcher.ts';
import type { SandboxCommandFactory } from './sandbox/sandbox-command.ts';
import type { SimulatorLauncher } from './simulator/simulator-process.ts';

/**
 * What the services need from their host shell, as small interfaces. The Electron shell backs
 * them with Electron APIs (safeStorage, app paths); the web shell and tests with plain Node.
 * Services never import 'electron'.
 */

/** Encrypts secrets at rest. `kind` says what backs it, so the vault can refuse weak backends. */
export interface SecretCipher {
  /** 'os' = a real OS store (Keychain, DPAPI, libsecret/kwallet); 'passphrase' = key from the operator; 'none' = nothing. */
  readonly kind: 'os' | 'passphrase' | 'none';
  /** Human-readable backend name, e.g. 'gnome_libsecret', 'basic_text', 'dpapi', 'scrypt+aes-256-gcm'. */
  readonly backend: string;
  isAvailable(): Promise<boolean>;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(cipher: Buffer): Promise<string>;
}

export interface AppPaths {
  /** Folder for settings, the vault file, logs and the sandbox data. Created by the shell. */
  userData: string;
}

export interface ShellInfo {
  shell: 'electron' | 'web';
  appVersion: string;
  electronVersion: string | null;
  chromeVersion: string | null;
}

/** Where the console's preferences are kept: electron-store in Electron, a JSON file in the web shell. */
export interface SettingsStore {
  /** The stored object, or undefined when nothing was stored yet. */
  read(): Promise<unknown>;
  write(value: unknown): Promise<void>;
}

export interface Ports {
  paths: AppPaths;
  shellInfo: ShellInfo;
  /** Absent when the shell has no OS secret store (the web shell); the vault then works per session or by passphrase. */
  osCipher?: SecretCipher;
  /** How to start the sandbox child; the Electron shell forks the bundled CLI as a utility process. Default: this Node + bin/provisioning-bench.mjs. */
  sandboxCommand?: SandboxCommandFactory;
  /** How to start the simulator's fleet process; the Electron shell forks the bundled CLI as a utility process. Default: fork this Node. */
  simulatorLauncher?: SimulatorLauncher;
  /** How to start the function host child; the Electron shell forks the bundled CLI as a utility process. Default: this Node + bin/provisioning-bench.mjs. */
  functionsLauncher?: FunctionsLauncher;
  /** The seed's Functions project (assets/functions); the packaged Electron app has it in its resources. Default: the source tree's. */
  functionsDir?: string;
  /** Default: `console-settings.json` in userData (the web shell). */
  settingsStore?: SettingsStore;
}
