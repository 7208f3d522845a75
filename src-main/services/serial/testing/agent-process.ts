import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const AGENT_SCRIPT = fileURLToPath(new URL('../../../../assets/pi-agent/pb_agent.py', import.meta.url));

export interface AgentOptions {
  port: string;
  stateDir: string;
  serial?: string;
  ca?: string;
  telemetry?: string;
  register?: boolean;
  /** Largest file the agent may write (prlimit --fsize), to make its disk refuse a write. */
  maxFileBytes?: number;
}

export interface AgentProcess {
  process: ChildProcess;
  /** What the agent wrote to stderr so far (its own log). */
  log(): string;
  /** Resolves once the agent has its port open and listens (its "ready" log line). */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs the real Python agent (assets/pi-agent) on the device end of a pty pair. */
export function startAgent(options: AgentOptions): AgentProcess {
  const args = ['-B', AGENT_SCRIPT, '--port', options.port, '--state-dir', options.stateDir, '--telemetry-interval', '0.2'];
  if (options.serial) args.push('--serial', options.serial);
  if (options.ca) args.push('--ca', options.ca);
  if (options.telemetry) args.push('--telemetry', options.telemetry);
  if (options.register === false) args.push('--no-register');
  const command = options.maxFileBytes === undefined ? ['python3', ...args] : ['prlimit', `--fsize=${options.maxFileBytes}`, 'python3', ...args];
  const child = spawn(command[0] as string, command.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const handlers: { ready?: () => void; failed?: (error: Error) => void } = {};
  const ready = new Promise<void>((resolve, reject) => {
    handlers.ready = resolve;
    handlers.failed = reject;
  });
  ready.catch(() => {});
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
    if (log.includes(' ready, serial ')) handlers.ready?.();
  });
  child.once('exit', (code, signal) => handlers.failed?.(new Error(`the agent exited (${signal ?? code}) before it was ready: ${log}`)));
  return {
    process: child,
    log: () => log,
    ready: () => ready,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
