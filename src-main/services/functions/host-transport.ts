import { createInterface } from 'node:readline';
import { END_MESSAGE, LISTENING_MESSAGE } from './functions-launcher.ts';

/** The function host's line to the console, chosen at start: one host, two ways in and out. */
export interface HostTransport {
  /** What the console sends, in order; ends when the console closes the line. */
  messages: AsyncIterable<unknown>;
  send(record: object): void;
  /** After the last message: lets the process end (a parent port would otherwise hold it open). */
  close(code: number): void;
}

/** Electron's `process.parentPort` in a utility process. */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  off(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

/**
 * The utility process's parent port when there is one (Electron: a utility process has no stdin),
 * else stdin/stdout with one JSON object per line (this Node spawned with pipes).
 */
export function hostTransport(warn: (line: string) => void): HostTransport {
  const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
  return port ? parentPortTransport(port) : stdioTransport(warn);
}

function stdioTransport(warn: (line: string) => void): HostTransport {
  async function* messages() {
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      if (line.trim() === '') continue;
      try {
        yield JSON.parse(line) as unknown;
      } catch {
        warn('functions-host: a stdin line is not JSON; ignored');
      }
    }
  }
  return { messages: messages(), send: (record) => process.stdout.write(`${JSON.stringify(record)}\n`), close: () => undefined };
}

function parentPortTransport(port: ParentPort): HostTransport {
  const queue: unknown[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const listener = (event: { data: unknown }) => {
    if ((event.data as { type?: unknown } | null)?.type === END_MESSAGE.type) {
      ended = true;
      port.off('message', listener);
    } else queue.push(event.data);
    wake?.();
  };
  port.on('message', listener);
  // Tell the console it may send now: no message is then posted before anyone listens for it.
  port.postMessage(LISTENING_MESSAGE);
  async function* messages() {
    for (;;) {
      while (queue.length > 0) yield queue.shift();
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  }
  return {
    messages: messages(),
    send: (record) => port.postMessage(record),
    // The console said end and everything is handled; the port's listener registration keeps the process up.
    close: (code) => setImmediate(() => process.exit(code)),
  };
}
