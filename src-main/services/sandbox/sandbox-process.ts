import { spawn } from 'node:child_process';
import type { ExitInfo, SandboxChild, SandboxCommand } from './sandbox-command.ts';
import { parseReadyLine, type SandboxInfo } from './sandbox-info.ts';
import { StderrLog } from './stderr-log.ts';

export type { ExitInfo } from './sandbox-command.ts';

/** One running sandbox child that has printed its ready line. */
export interface RunningSandbox {
  readonly pid: number;
  readonly info: SandboxInfo;
  readonly stderr: StderrLog;
  /** Settles once when the child exits, whoever caused it. */
  readonly exited: Promise<ExitInfo>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<ExitInfo>;
}

export class SandboxStartError extends Error {
  readonly stderrTail: string[];
  constructor(message: string, stderrTail: string[]) {
    super(stderrTail.length ? `${message}; last stderr: ${stderrTail.join(' | ')}` : message);
    this.name = 'SandboxStartError';
    this.stderrTail = stderrTail;
  }
}

/**
 * Spawns the sandbox and resolves once it prints its one JSON line; rejects (and kills the child)
 * if it exits first, prints something else, or takes longer than `readyTimeoutMs`.
 */
export function startSandboxProcess(cmd: SandboxCommand, readyTimeoutMs = 30_000): Promise<RunningSandbox> {
  const stderr = new StderrLog();
  const child = (cmd.launch ?? spawnChildProcess)(cmd);
  // A console that exits without disposing must not leave a sandbox holding its ports and database.
  const killOnParentExit = () => child.kill('SIGKILL');
  process.once('exit', killOnParentExit);
  let hasExited = false;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.onExit((exit) => {
      hasExited = true;
      process.off('exit', killOnParentExit);
      resolve(exit);
    });
  });
  child.stderr.on('data', (chunk: Buffer) => stderr.append(chunk));

  return new Promise<RunningSandbox>((resolve, reject) => {
    let stdout = '';
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      // Let the last stderr bytes arrive before quoting them.
      void exited.then(() => reject(new SandboxStartError(message, stderr.tail(8))));
    };
    const timer = setTimeout(() => fail(`the sandbox did not report ready within ${readyTimeoutMs} ms`), readyTimeoutMs);
    child.onError((error) => fail(`the sandbox could not be started (${cmd.command}): ${error.message}`));
    void exited.then(({ code, signal }) => fail(`the sandbox exited before it was ready (${signal ?? `exit code ${code}`})`));
    child.stdout.on('data', (chunk: Buffer) => {
      if (settled) return;
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline < 0) {
        if (stdout.length > 64_000) fail('the sandbox printed an over-long first line');
        return;
      }
      let info: SandboxInfo;
      try {
        info = parseReadyLine(stdout.slice(0, newline));
      } catch (error) {
        fail((error as Error).message);
        return;
      }
      if (!child.pid) {
        fail('the sandbox process has no pid');
        return;
      }
      settled = true;
      clearTimeout(timer);
      // Keep draining stdout so a chatty child can never block on a full pipe.
      child.stdout.resume();
      resolve(runningHandle(child, child.pid, () => hasExited, info, stderr, exited));
    });
  });
}

function runningHandle(child: SandboxChild, pid: number, hasExited: () => boolean, info: SandboxInfo, stderr: StderrLog, exited: Promise<ExitInfo>): RunningSandbox {
  return {
    pid,
    info,
    stderr,
    exited,
    async stop(graceMs = 5_000) {
      if (hasExited()) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/** The default launcher: `command args` as a Node child process. */
function spawnChildProcess(cmd: SandboxCommand): SandboxChild {
  const child = spawn(cmd.command, cmd.args, {
    env: { ...process.env, ...cmd.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  return {
    get pid() {
      return child.pid;
    },
    stdout: child.stdout,
    stderr: child.stderr,
    kill: (signal) => child.kill(signal),
    onExit: (listener) => child.once('exit', (code, signal) => listener({ code, signal })),
    onError: (listener) => child.once('error', listener),
  };
}
