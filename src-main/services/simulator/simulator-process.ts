import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ParentMessage } from '../../simulator/protocol.ts';
import type { ExitInfo } from '../sandbox/sandbox-command.ts';
import { StderrLog } from '../sandbox/stderr-log.ts';

/** The fleet child as the service drives it, whatever started it (a Node fork; a shell may supply another launcher). */
export interface SimulatorChildHandle {
  readonly pid: number | undefined;
  readonly stderr: NodeJS.ReadableStream | null;
  send(message: ParentMessage): void;
  onMessage(listener: (message: ChildMessage) => void): void;
  onExit(listener: (exit: ExitInfo) => void): void;
  kill(signal: 'SIGTERM' | 'SIGKILL'): void;
}
export type SimulatorLauncher = () => SimulatorChildHandle;

const ENTRY = fileURLToPath(new URL('../../simulator/entry.ts', import.meta.url));

/**
 * The default outside Electron (web shell, CLI, tests): this Node running the fleet entry with an IPC
 * channel (keys travel only there). Electron supplies a utility-process launcher instead, since the
 * packaged app cannot run as Node.
 */
export const forkSimulator: SimulatorLauncher = () => {
  const child = spawn(process.execPath, [ENTRY], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced', windowsHide: true });
  return {
    get pid() {
      return child.pid;
    },
    stderr: child.stderr,
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as ChildMessage)),
    onExit: (listener) => child.once('exit', (code, signal) => listener({ code, signal })),
    kill: (signal) => child.kill(signal),
  };
};

/** A started fleet child that has said it is ready. */
export interface RunningSimulator {
  readonly pid: number;
  /** Resident memory when it became ready, before any device. */
  readonly baselineRssKb: number;
  readonly stderr: StderrLog;
  readonly exited: Promise<ExitInfo>;
  send(message: ParentMessage): void;
  /** Asks it to stop its devices; SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<ExitInfo>;
}

/** Starts the child and resolves on its ready message; rejects with the stderr tail if it exits or stays silent. */
export function startSimulatorProcess(launch: SimulatorLauncher, onMessage: (message: ChildMessage) => void, readyTimeoutMs = 30_000): Promise<RunningSimulator> {
  const stderr = new StderrLog();
  const child = launch();
  const killOnParentExit = () => child.kill('SIGKILL');
  process.once('exit', killOnParentExit);
  let hasExited = false;
  const exited = new Promise<ExitInfo>((resolve) =>
    child.onExit((exit) => {
      hasExited = true;
      process.off('exit', killOnParentExit);
      resolve(exit);
    }),
  );
  child.stderr?.on('data', (chunk: Buffer) => stderr.append(chunk));
  return new Promise<RunningSimulator>((resolve, reject) => {
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      void exited.then(() => {
        const tail = stderr.tail(8);
        reject(new Error(tail.length ? `${message}; last stderr: ${tail.join(' | ')}` : message));
      });
    };
    const timer = setTimeout(() => fail(`the simulator did not report ready within ${readyTimeoutMs} ms`), readyTimeoutMs);
    void exited.then(({ code, signal }) => fail(`the simulator exited before it was ready (${signal ?? `exit code ${code}`})`));
    child.onMessage((message) => {
      if (settled) return onMessage(message);
      if (message.type !== 'ready') return;
      settled = true;
      clearTimeout(timer);
      resolve({
        pid: message.pid,
        baselineRssKb: message.rssKb,
        stderr,
        exited,
        send: (m) => child.send(m),
        async stop(graceMs = 10_000) {
          if (hasExited) return exited;
          child.send({ type: 'stop' });
          const timerKill = setTimeout(() => child.kill('SIGKILL'), graceMs);
          const result = await exited;
          clearTimeout(timerKill);
          return result;
        },
      });
    });
  });
}
