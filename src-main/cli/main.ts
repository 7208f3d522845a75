import { runCli } from './dispatch.ts';

// Entry of `provisioning-bench` (bin/provisioning-bench.mjs) and of the bundled dist/electron/cli.mjs.
const code = await runCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
});
process.exitCode = code;
// A command that has finished may leave a stray handle behind; never let it hold the process open.
setTimeout(() => process.exit(code), 3000).unref();
