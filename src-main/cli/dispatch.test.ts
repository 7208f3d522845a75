import { describe, expect, it } from 'vitest';
import { runCli } from './dispatch.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('provisioning-bench dispatch', () => {
  it('lists the commands on --help and exits 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: provisioning-bench <command>/);
    expect(r.out).toMatch(/^ {2}serve +serve the console/m);
  });

  it('shows a command’s flags on <command> --help', async () => {
    const r = await run('serve', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('--port N');
    expect(r.out).toContain('--data-dir DIR');
  });

  it('prints the package version on --version', async () => {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await run('--version')).toEqual({ code: 0, out: pkg.version, err: '' });
  });

  it('exits 2 with usage on stderr when no command is given', async () => {
    const r = await run();
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('Usage:');
  });

  it('exits 2 naming an unknown command, without treating prototype keys as commands', async () => {
    for (const name of ['frobnicate', 'toString', '__proto__']) {
      const r = await run(name);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`unknown command "${name}"`);
    }
  });

  it('exits 2 on an unknown flag or a bad port, before starting anything', async () => {
    const flag = await run('serve', '--prot', '80');
    expect(flag.code).toBe(2);
    expect(flag.err).toContain("Unknown option '--prot'");
    expect(flag.err).toContain('provisioning-bench serve --help');
    for (const port of ['70000', 'eighty', '1.5', '']) {
      const bad = await run('serve', '--port', port);
      expect(bad.code).toBe(2);
      expect(bad.err).toContain('--port must be a whole number from 0 to 65535');
    }
    expect((await run('serve', '--port', '-1')).code).toBe(2);
    const stray = await run('serve', 'extra');
    expect(stray.code).toBe(2);
  });
});
