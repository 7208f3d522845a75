#!/usr/bin/env node
// The `provisioning-bench` command. It runs the TypeScript sources directly, which needs Node's
// built-in type stripping (Node >= 22.18); the project's own Node 24 is node_modules/.bin/node.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `provisioning-bench needs Node >= 22.18 to run its TypeScript sources (this is ${process.version}). ` +
      'Run it through npm (`npm run serve`) or with the project Node: `node_modules/.bin/node bin/provisioning-bench.mjs`.',
  );
  process.exit(1);
}
await import('../src-main/cli/main.ts');
