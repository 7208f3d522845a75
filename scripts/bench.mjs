#!/usr/bin/env node
// `npm run bench` runs every benchmark in src-main/bench/<name>.ts; `npm run bench -- NAME` runs one.
// Each prints one JSON object of numbers as its last stdout line (keys: shared/design/benchmarks.md).
// A benchmark measures: a missed target never makes this exit non-zero; only a benchmark that
// produced no JSON at all (it crashed) does, so a broken benchmark cannot pass for a slow one.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const benchDir = join(root, 'src-main', 'bench');
const available = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!existsSync(join(benchDir, `${name}.ts`))) {
    console.error(`bench: no benchmark named "${name}" (available: ${available.join(', ') || 'none'})`);
    process.exit(2);
  }
}
const names = wanted.length ? wanted : available;

function run(name) {
  return new Promise((resolve) => {
    console.error(`== bench ${name}`);
    const child = spawn(process.execPath, [join(benchDir, `${name}.ts`)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code, signal) => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve({ name, result: JSON.parse(last) });
      } catch {
        console.error(`bench ${name}: produced no JSON result (${signal ?? `exit code ${code}`})`);
        resolve({ name, result: null });
      }
    });
  });
}

const results = {};
let broken = 0;
for (const name of names) {
  const { result } = await run(name);
  results[name] = result;
  if (result === null) broken += 1;
}
if (names.length > 1) console.log(JSON.stringify(results));
process.exit(broken ? 1 : 0);
