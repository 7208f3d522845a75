#!/usr/bin/env node
// `npm start [-- --no-build] [-- serve flags]`: build, then open the Electron console. Where the
// Electron binary is missing or cannot start, say so in one line and serve the same console on
// 127.0.0.1 instead (serve flags such as --port and --data-dir apply to that fallback).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { probeElectron } from './electron-probe.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const passThrough = process.argv.slice(2).filter((arg) => arg !== '--no-build');
const skipBuild = process.argv.includes('--no-build');
/** An Electron that dies this soon after launch did not start (no display, missing libraries). */
const EARLY_EXIT_MS = 10_000;

if (!skipBuild) {
  const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), 'all'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const electron = probeElectron();
if (electron.usable) {
  const launchedAt = Date.now();
  const child = spawn(electron.executablePath, [root], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] });
  let stderrTail = '';
  child.stderr.on('data', (chunk) => {
    process.stderr.write(chunk);
    stderrTail = (stderrTail + chunk.toString()).slice(-2000);
  });
  forwardSignals(child);
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal === null && Date.now() - launchedAt < EARLY_EXIT_MS) {
      const reason = stderrTail.trim().split('\n').at(-1)?.slice(0, 160) || `exit ${code}`;
      serveInstead(`Electron could not start on this machine (${reason})`);
      return;
    }
    process.exit(code ?? 1);
  });
} else {
  serveInstead(`Electron is not available on this machine (${electron.reason})`);
}

function serveInstead(why) {
  const child = spawn(process.execPath, [join(root, 'bin/provisioning-bench.mjs'), 'serve', ...passThrough], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  forwardSignals(child);
  const lines = createInterface({ input: child.stdout });
  lines.once('line', (line) => {
    let url = line;
    try {
      url = JSON.parse(line).url;
    } catch {
      // not the JSON line: print whatever came, the CLI's stderr says more
    }
    console.log(`${why}; serving the console at ${url} instead.`);
    lines.on('line', (rest) => console.log(rest));
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}
