import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Files of the data dir that hold keys: the config (DPS and hub keys), the CA key, the database (every enrollment key) and its companions. */
const SECRET_FILES = ['sandbox.json', 'ca-key.pem', 'sandbox.db', 'sandbox.db-wal', 'sandbox.db-shm', 'sandbox.db-journal'];
const DATABASE = 'sandbox.db';

/**
 * Makes the data dir readable by its owner only (0700) and every file in it that holds a key
 * 0600, before anything is written. SQLite creates its database with the process umask (0644
 * typically) and gives the -wal and -shm files the database's mode, so the database file is
 * created empty at 0600 first. A folder chosen by hand that holds other things (a home
 * directory, /tmp) is not re-permissioned: its key files are, and that is enough.
 */
export function preparePrivateDataDir(dataDir: string): void {
  const created = !existsSync(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return; // POSIX modes do not apply; the user profile's ACL protects it
  if (!created && isSandboxOnly(dataDir)) {
    const { mode, uid } = statSync(dataDir);
    if ((mode & 0o077) !== 0 && (mode & 0o1000) === 0 && uid === process.getuid?.()) chmodSync(dataDir, 0o700);
  } else if (created) {
    chmodSync(dataDir, 0o700);
  }
  const database = join(dataDir, DATABASE);
  if (!existsSync(database)) closeSync(openSync(database, 'a', 0o600));
  for (const name of SECRET_FILES) {
    const path = join(dataDir, name);
    if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  }
}

/** Whether the folder is empty or holds a sandbox (so tightening it takes nothing from anyone). */
function isSandboxOnly(dataDir: string): boolean {
  const names = readdirSync(dataDir);
  return names.length === 0 || names.includes('sandbox.json');
}
