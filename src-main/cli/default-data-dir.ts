import { homedir } from 'node:os';
import { join } from 'node:path';

/** Same folder name Electron derives from productName, so both shells share one profile store. */
const PRODUCT_NAME = 'Provisioning Bench';

/** The per-user folder for settings, the vault and sandbox data when --data-dir is not given. */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), PRODUCT_NAME);
}
