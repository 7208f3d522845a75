import { EventEmitter } from 'node:events';
import { randomInt } from 'node:crypto';
import type { SerialPortStream } from '@serialport/stream';
import { type FrameBody, LineSplitter, STX, decodeFrame, encodeFrame } from './frame-codec.ts';
import { PushError, type PushErrorCode, type PushStep } from './push-errors.ts';

/** What crosses the line, for the live console: text as received, frames summarised, keys never. */
export interface LineEntry {
  at: number;
  direction: 'rx' | 'tx';
  kind: 'text' | 'frame' | 'retry' | 'closed';
  text: string;
}

export interface RequestOptions {
  step: PushStep;
  timeoutCode: PushErrorCode;
  /** Re-send the identical frame after this long without a reply. */
  attemptMs: number;
  /** Give up after this long. */
  deadlineMs: number;
  signal?: AbortSignal;
}

/** A frame body as the console shows it: the key (only ever in `config`) replaced. */
export function summariseFrame(body: FrameBody): string {
  const shown: Record<string, unknown> = { ...body };
  if ('key' in shown) shown.key = '***';
  const { t, s, ...rest } = shown;
  return `${String(t)} #${String(s)} ${JSON.stringify(rest)}`;
}

/**
 * One open serial line speaking PB1 requests: every request waits for the reply with its sequence
 * number and re-sends the byte-identical frame on silence (the device answers a repeat from its
 * cache), so a dropped or corrupted frame costs one attempt. Non-frame lines are console text.
 */
export class SerialLink extends EventEmitter<{ entry: [LineEntry]; closed: [] }> {
  private readonly port: SerialPortStream;
  private readonly splitter = new LineSplitter();
  private readonly waiting = new Map<number, (body: FrameBody) => void>();
  private seq = randomInt(1, 2 ** 30);
  private closedReason: string | null = null;
  private readonly closeWaiters = new Set<(reason: string) => void>();

  constructor(port: SerialPortStream) {
    super();
    this.port = port;
    port.on('data', (chunk: Buffer) => this.receive(chunk));
    port.on('close', () => this.markClosed('the port closed'));
    port.on('error', (error: Error) => this.markClosed(error.message));
  }

  get closed(): boolean {
    return this.closedReason !== null;
  }

  private log(direction: LineEntry['direction'], kind: LineEntry['kind'], text: string): void {
    this.emit('entry', { at: Date.now(), direction, kind, text });
  }

  private receive(chunk: Buffer): void {
    for (const line of this.splitter.feed(chunk)) {
      const body = decodeFrame(line);
      if (body) {
        this.log('rx', 'frame', summariseFrame(body));
        this.waiting.get(body.s)?.(body);
      } else if (line[0] === STX) {
        this.log('rx', 'text', '(a damaged frame was dropped)');
      } else {
        const text = line.toString('utf8').replace(/\r$/, '');
        if (text.trim()) this.log('rx', 'text', text);
      }
    }
  }

  private markClosed(reason: string): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    this.log('rx', 'closed', `line closed: ${reason}`);
    for (const waiter of this.closeWaiters) waiter(reason);
    this.emit('closed');
  }

  private write(frame: Buffer): void {
    this.port.write(frame, (error) => {
      if (error) this.markClosed(error.message);
    });
  }

  /** Sends a request and resolves with its reply, retransmitting as PROTOCOL.md §2 says. */
  request(fields: Omit<FrameBody, 's'>, options: RequestOptions): Promise<FrameBody> {
    const seq = this.seq++;
    const body = { ...fields, s: seq } as FrameBody;
    const frame = encodeFrame(body);
    const summary = summariseFrame(body);
    return new Promise<FrameBody>((resolve, reject) => {
      const timers: { attempt?: NodeJS.Timeout; deadline?: NodeJS.Timeout } = {};
      const finish = (error: Error | null, reply?: FrameBody) => {
        clearInterval(timers.attempt);
        clearTimeout(timers.deadline);
        this.waiting.delete(seq);
        this.closeWaiters.delete(onClose);
        options.signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(reply as FrameBody);
      };
      const onClose = (reason: string) => finish(new PushError('SERIAL_PORT_CLOSED', options.step, `The serial line went away (${reason}).`));
      const onAbort = () => finish(new PushError('SERIAL_CANCELLED', options.step, 'The push was cancelled.'));
      if (this.closedReason !== null) return onClose(this.closedReason);
      if (options.signal?.aborted) return onAbort();
      timers.deadline = setTimeout(
        () => finish(new PushError(options.timeoutCode, options.step, `No answer from the device to ${fields.t} within ${options.deadlineMs} ms.`)),
        options.deadlineMs,
      );
      this.waiting.set(seq, (reply) => finish(null, reply));
      this.closeWaiters.add(onClose);
      options.signal?.addEventListener('abort', onAbort);
      this.log('tx', 'frame', summary);
      this.write(frame);
      timers.attempt = setInterval(() => {
        this.log('tx', 'retry', `no reply, re-sending ${summary}`);
        this.write(frame);
      }, options.attemptMs);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.port.isOpen) return resolve();
      this.port.close(() => resolve());
    });
  }
}
