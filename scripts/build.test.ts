import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { isBuiltin } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
// Inside the repo (under node_modules/.cache) so the bundled CLI still finds package.json above it.
const cacheDir = join(root, 'node_modules', '.cache');
let out: string;

beforeAll(() => {
  mkdirSync(cacheDir, { recursive: true });
  out = mkdtempSync(join(cacheDir, 'pb-build-test-'));
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), 'electron', '--out', out], { cwd: root, stdio: 'pipe' });
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function requiredModules(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/\brequire\("([^"]+)"\)|^import[^;]*?from "([^"]+)"|^import "([^"]+)"/gm)) found.add((m[1] ?? m[2] ?? m[3])!);
  return [...found];
}

/** What a packaged app can load: Node built-ins, electron, and production dependencies (devDependencies are not shipped). */
function shippable(specifier: string): boolean {
  return specifier === 'electron' || isBuiltin(specifier) || Object.hasOwn(pkg.dependencies, packageOf(specifier));
}

describe('electron bundles', () => {
  it('the sandboxed preload requires nothing but electron', () => {
    const preload = readFileSync(join(out, 'preload.cjs'), 'utf8');
    expect(requiredModules(preload)).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld("benchBridge"');
  });

  it('main and CLI load only built-ins, electron and production dependencies', () => {
    for (const file of ['main.cjs', 'cli.mjs']) {
      const modules = requiredModules(readFileSync(join(out, file), 'utf8'));
      expect(modules.length).toBeGreaterThan(0);
      expect(modules.filter((m) => !shippable(m)), file).toEqual([]);
    }
  });

  it('main.cjs has a real module URL where the sources use import.meta.url', () => {
    const main = readFileSync(join(out, 'main.cjs'), 'utf8');
    expect(main).not.toMatch(/\bimport_meta\b/);
    expect(main.startsWith("const __bundleUrl = require('node:url').pathToFileURL(__filename).href;")).toBe(true);
  });

  it('the bundled CLI runs under plain Node', () => {
    const help = spawnSync(process.execPath, [join(out, 'cli.mjs'), '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^ {2}serve /m);
  });

  it('the bundled CLI starts the sandbox, the entry the Electron shell forks as a utility process', async () => {
    const dataDir = mkdtempSync(join(out, 'sandbox-'));
    const child = spawn(process.execPath, [join(out, 'cli.mjs'), 'sandbox', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`sandbox exited ${code}: ${stderr.slice(-500)}`)));
      });
      expect(Object.keys(JSON.parse(line) as object)).toEqual(expect.arrayContaining(['idScope', 'provisioningHost', 'hubs']));
    } finally {
      child.removeAllListeners('exit');
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
    }
  }, 60_000);

  it('the bundled CLI hosts the seed’s functions from a lib dir outside the bundle, the way the packaged app runs them', async () => {
    const child = spawn(process.execPath, [join(out, 'cli.mjs'), 'functions-host'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // No ADT is reached: the host only builds its client and loads the seed's modules.
    child.stdin.write(`${JSON.stringify({ digitalTwinsUrl: 'https://127.0.0.1:9', accessToken: 'unused', libDir: join(root, 'assets/functions/src/lib') })}\n`);
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      void exited.then((code) => reject(new Error(`functions-host exited ${code}: ${stderr.slice(-500)}`)));
    });
    expect(JSON.parse(line)).toMatchObject({ type: 'ready', allocationUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/allocate\/seed$/) });
    child.stdin.end();
    expect(await exited).toBe(0);
  }, 60_000);
});
