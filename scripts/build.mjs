#!/usr/bin/env node
// `node scripts/build.mjs [renderer|electron|all]` (default all).
//   renderer: vite build (vite.config.ts) → dist/renderer/
//   electron: esbuild bundles the Electron main process, the preload and the CLI → dist/electron/
//     main.cjs     Electron's entry (package.json "main")
//     preload.cjs  sandboxed preloads must be CommonJS and may require only 'electron'
//     cli.mjs      the CLI; the Electron shell runs the sandbox child from it as a utility process
// Package dependencies stay external: electron-builder ships them in node_modules.
// `--out DIR` puts the electron bundles in DIR instead of dist/electron (used by the bundle test).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const outFlag = args.indexOf('--out');
const electronOut = outFlag >= 0 ? args.splice(outFlag, 2)[1] : join(root, 'dist', 'electron');
if (!electronOut) {
  console.error('build: --out needs a directory.');
  process.exit(2);
}
const target = args[0] ?? 'all';
const targets = { renderer: [buildRenderer], electron: [buildElectron], all: [buildRenderer, buildElectron] };
if (!Object.hasOwn(targets, target)) {
  console.error(`build: unknown target "${target}". Use one of: renderer, electron, all.`);
  process.exit(2);
}

function buildRenderer() {
  if (!existsSync(join(root, 'vite.config.ts'))) throw new Error('vite.config.ts is missing: the renderer cannot be built.');
  const vite = join(root, 'node_modules', '.bin', 'vite');
  const r = spawnSync(vite, ['build', '--config', join(root, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status ?? r.signal})`);
  console.log('build: renderer → dist/renderer/');
}

async function buildElectron() {
  const { build } = await import('esbuild');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const external = ['electron', ...Object.keys(pkg.dependencies ?? {})];
  const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: 'linked', logLevel: 'warning', absWorkingDir: root, external };
  // CommonJS has no import.meta; services resolve files relative to their module, so give it the bundle's own URL.
  const cjsImportMeta = {
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  };
  await Promise.all([
    build({ ...common, ...cjsImportMeta, entryPoints: ['src-main/electron/main.ts'], outfile: join(electronOut, 'main.cjs'), format: 'cjs' }),
    // The preload runs sandboxed: nothing but 'electron' may be required, so nothing else is external.
    build({ ...common, external: ['electron'], entryPoints: ['src-main/electron/preload.ts'], outfile: join(electronOut, 'preload.cjs'), format: 'cjs', platform: 'browser', target: 'chrome130' }),
    build({
      ...common,
      entryPoints: ['src-main/cli/main.ts'],
      outfile: join(electronOut, 'cli.mjs'),
      format: 'esm',
      // Bundled CommonJS code may call require(); ESM output has none unless we make one.
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    }),
  ]);
  console.log(`build: electron → ${electronOut}/{main.cjs, preload.cjs, cli.mjs}`);
}

try {
  for (const step of targets[target]) await step();
} catch (error) {
  console.error(`build: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
