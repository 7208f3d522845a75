import { SerialPort } from 'serialport';
import { type FrameBody, LineSplitter, decodeFrame } from '../frame-codec.ts';
import { type PtyPair, openPtyPair } from './pty-pair.ts';

export type Direction = 'to-device' | 'to-host';
/** What to do with one line: pass it, drop it, or send other bytes instead. */
export type Tamper = (direction: Direction, line: Buffer, body: FrameBody | null) => 'pass' | 'drop' | Buffer;

export interface FaultRelay {
  /** Where the console opens its port. */
  host: string;
  /** Where the agent opens its port. */
  device: string;
  close(): Promise<void>;
}

function open(path: string): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate: 115200 }, (error) => (error ? reject(error) : resolve(port)));
  });
}

/**
 * A line in the middle of the wire: host ⇄ pty pair ⇄ relay ⇄ pty pair ⇄ agent. Every line
 * crossing it goes through `tamper`, so a test can drop or corrupt exactly the frame it means to.
 */
export async function openFaultRelay(tamper: Tamper): Promise<FaultRelay> {
  const hostSide: PtyPair = await openPtyPair();
  const deviceSide: PtyPair = await openPtyPair();
  const fromHost = await open(hostSide.device);
  const toDevice = await open(deviceSide.host);
  const forward = (from: SerialPort, to: SerialPort, direction: Direction) => {
    const splitter = new LineSplitter();
    from.on('data', (chunk: Buffer) => {
      for (const line of splitter.feed(chunk)) {
        const verdict = tamper(direction, line, decodeFrame(line));
        if (verdict === 'drop') continue;
        to.write(Buffer.concat([verdict === 'pass' ? line : verdict, Buffer.from('\n')]));
      }
    });
    from.on('error', () => {});
  };
  forward(fromHost, toDevice, 'to-device');
  forward(toDevice, fromHost, 'to-host');
  const closePort = (port: SerialPort) => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
  return {
    host: hostSide.host,
    device: deviceSide.device,
    close: async () => {
      await closePort(fromHost);
      await closePort(toDevice);
      await hostSide.close();
      await deviceSide.close();
    },
  };
}

/** Flips one base64 character in the middle of a frame: the CRC no longer matches. */
export function corrupt(line: Buffer): Buffer {
  const copy = Buffer.from(line);
  const at = Math.floor(copy.length / 2);
  copy[at] = copy[at] === 0x41 ? 0x42 : 0x41;
  return copy;
}
