#!/usr/bin/env node
// `npm test`: lint, strict type check, unit + integration tests (Vitest), then the e2e suite
// (Playwright, web shell in Chromium; the Electron project skips itself where the binary is missing).
// Ends with one line 'tests: N passed, N failed, N skipped' and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`npm test needs Node >= 22 (found ${process.version}); run it through npm so node_modules/.bin/node (Node 24) is used.`);
  process.exit(1);
}

function step(name, cmd, args) {
  const started = Date.now();
  console.log(`\n== ${name}: ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`== ${name}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${seconds}s`);
  return r.status === 0;
}

const bin = (name) => join(root, 'node_modules', '.bin', name);
const failures = [];
const only = process.argv[2];
const run = (name, wanted, ...steps) => {
  if (only && only !== wanted) return;
  for (const [label, cmd, args] of steps) {
    if (!step(label, cmd, args)) {
      failures.push(name);
      return;
    }
  }
};
run('lint', 'lint', ['lint', bin('eslint'), ['.', '--max-warnings=0']]);
run('typecheck', 'types', ['typecheck', bin('tsc'), ['-b']]);
run('unit', 'unit', ['unit', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(out, 'vitest.json')}`]]);
run('e2e', 'e2e', ['build renderer', process.execPath, [join(root, 'scripts/build.mjs'), 'renderer']], ['e2e', bin('playwright'), ['test']]);

let passed = 0;
let failed = 0;
let skipped = 0;
const vitestJson = join(out, 'vitest.json');
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
const pwJson = join(out, 'playwright.json');
if (existsSync(pwJson)) {
  const p = JSON.parse(readFileSync(pwJson, 'utf8'));
  passed += (p.stats?.expected ?? 0) + (p.stats?.flaky ?? 0);
  failed += p.stats?.unexpected ?? 0;
  skipped += p.stats?.skipped ?? 0;
}
if (failures.length > 0) console.log(`\nfailed steps: ${failures.join(', ')}`);
if (failures.length > 0 && failed === 0) failed = failures.length;
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failures.length > 0 ? 1 : 0);
