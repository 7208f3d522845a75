#!/usr/bin/env node
// Is the Electron binary usable here? `require('electron')` returns its path, or (when the binary
// was never downloaded) tries a download and throws; then the binary must answer --version.
// Used by `npm start` and by the e2e Electron project. Run alone it prints the verdict as JSON.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The most telling line of a failure: the first `SomethingError: ...` line (the cause), else the last line. */
function lastLine(text) {
  const lines = String(text ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  const errorLine = lines.find((l) => /^[A-Za-z]*Error\b/.test(l));
  return (errorLine ?? lines.at(-1) ?? '').slice(0, 160);
}

/** @returns {{ usable: true, executablePath: string, version: string } | { usable: false, reason: string }} */
export function probeElectron({ timeoutMs = 20_000 } = {}) {
  const located = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8', timeout: timeoutMs });
  if (located.error) return { usable: false, reason: `locating it failed: ${located.error.message}` };
  if (located.status !== 0) {
    const cause = lastLine(located.stderr) || `require('electron') exited ${located.status ?? located.signal}`;
    const downloading = /Downloading Electron binary/.test(`${located.stdout}${located.stderr}`);
    return { usable: false, reason: downloading ? `its binary is not installed and the download failed: ${cause}` : cause };
  }
  const executablePath = located.stdout.trim();
  if (!executablePath || !existsSync(executablePath)) return { usable: false, reason: `no binary at ${executablePath || '(empty path)'}` };
  const version = spawnSync(executablePath, ['--version'], { encoding: 'utf8', timeout: timeoutMs });
  if (version.error) return { usable: false, reason: `it does not start: ${version.error.message}` };
  if (version.status !== 0) return { usable: false, reason: `it does not start: ${lastLine(version.stderr) || `exit ${version.status ?? version.signal}`}` };
  return { usable: true, executablePath, version: version.stdout.trim() };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(JSON.stringify(probeElectron()) + '\n');
}
