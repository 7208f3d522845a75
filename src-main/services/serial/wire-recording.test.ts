import { SerialPortMock } from 'serialport';
import type { SerialPortStream } from '@serialport/stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { SerialPortInfo } from '../../../src-shared/contract/channels/serial.ts';
import { deriveDeviceKey, generateSymmetricKey } from '../keys/device-key.ts';
import { LineSplitter, decodeFrame, encodeFrame } from './frame-codec.ts';
import { PortWatcher, portLister } from './port-watcher.ts';
import { pushOverPort } from './push-over-port.ts';
import { computeProof } from './push-session.ts';
import { waitFor } from './testing/pty-pair.ts';

/**
 * Byte-level: the host's real push code on @serialport/binding-mock with `record: true`, so every
 * byte it wrote is kept. A small device emulator answers through the mock's emitData.
 */
const binding = SerialPortMock.binding;
type MockPortBinding = NonNullable<SerialPortMock['port']>;
afterEach(() => binding.reset());

/** Answers hello/config/commit as the agent would (the proof computed from what it received). */
function emulateDevice(port: MockPortBinding): void {
  const splitter = new LineSplitter();
  const deviceNonce = 'ab'.repeat(16);
  let hostNonce = '';
  const write = port.write.bind(port);
  port.write = async (buffer: Buffer) => {
    await write(buffer);
    for (const line of splitter.feed(buffer)) {
      const body = decodeFrame(line);
      if (!body) continue;
      let reply: Record<string, unknown> = { t: 'error', code: 'E_UNKNOWN' };
      if (body.t === 'hello') {
        hostNonce = String(body.n);
        reply = { t: 'info', v: 1, n: deviceNonce, serial: 'mock-serial', model: 'mock', agent: 'test', state: 'empty', registrationId: null };
      } else if (body.t === 'config') {
        const fields = { idScope: String(body.idScope), globalEndpoint: String(body.globalEndpoint), registrationId: String(body.registrationId) };
        reply = { t: 'stored', proof: computeProof(String(body.key), hostNonce, deviceNonce, fields).toString('hex') };
      } else if (body.t === 'commit') reply = { t: 'committed', registrationId: 'x' };
      setImmediate(() => port.emitData(Buffer.concat([Buffer.from('boot: console text shares the line\r\n'), encodeFrame({ ...reply, t: String(reply.t), s: body.s })])));
    }
  };
}

const openMock = (path: string, baudRate: number) =>
  new Promise<SerialPortStream>((resolve, reject) => {
    const port = new SerialPortMock({ path, baudRate }, (error) => {
      if (error) return reject(error);
      emulateDevice(port.port as MockPortBinding);
      resolve(port);
    });
  });

describe('the wire, byte by byte', () => {
  it('never carries the group key, and carries the device key only inside the one config frame', async () => {
    binding.createPort('/dev/ttyMOCK0', { record: true, echo: false });
    const groupKey = generateSymmetricKey();
    const deviceKey = deriveDeviceKey(groupKey, 'wire-dev-1');
    let recorded: Buffer = Buffer.alloc(0);
    const outcome = await pushOverPort(
      { registrationId: 'wire-dev-1', idScope: '0ne0012ABCD', globalEndpoint: 'global.azure-devices-provisioning.net', register: false },
      {
        path: '/dev/ttyMOCK0',
        deriveKey: (id) => deriveDeviceKey(groupKey, id),
        openPort: async (path, baud) => {
          const port = await openMock(path, baud);
          const mock = (port as SerialPortMock).port as MockPortBinding;
          const close = port.close.bind(port);
          // The recording goes with the binding on close: keep a copy.
          port.close = ((cb?: (error: Error | null) => void) => {
            recorded = Buffer.from(mock.recording);
            return close(cb);
          }) as typeof port.close;
          return port;
        },
      },
    );
    expect(outcome.registrationId).toBe('wire-dev-1');
    expect(recorded.length).toBeGreaterThan(0);
    const wire = recorded.toString('latin1');
    // Neither the group key nor the device key in any encoding the wire could show: raw, or base64 of it.
    for (const secret of [groupKey, Buffer.from(groupKey).toString('base64')]) expect(wire).not.toContain(secret);
    const lines = new LineSplitter().feed(recorded);
    const frames = lines.map((line) => decodeFrame(line));
    expect(frames.every((f) => f !== null)).toBe(true);
    expect(frames.map((f) => f?.t)).toEqual(['hello', 'config', 'commit']);
    const carrying = frames.filter((f) => JSON.stringify(f).includes(deviceKey));
    expect(carrying.map((f) => f?.t)).toEqual(['config']);
    expect(frames.filter((f) => JSON.stringify(f).includes(groupKey))).toEqual([]);
    expect(wire).not.toContain(deviceKey);
  });

  it('lists ports with USB ids, marks the Pi gadget, and notices plug and unplug within two seconds', async () => {
    binding.createPort('/dev/ttyUSB9', { vendorId: '10c4', productId: 'ea60', manufacturer: 'Silicon Labs' });
    const seen: SerialPortInfo[][] = [];
    const watcher = new PortWatcher(portLister(() => SerialPortMock.list()), (ports) => seen.push(ports), 200);
    try {
      const ports = await watcher.ports();
      expect(ports).toEqual([expect.objectContaining({ path: '/dev/ttyUSB9', vendorId: '10c4', productId: 'ea60', likelyAgent: false })]);
      const pluggedAt = Date.now();
      binding.createPort('/dev/ttyACM0', { vendorId: '0525', productId: 'A4A7', manufacturer: 'Linux Foundation' });
      await waitFor(() => seen.some((list) => list.some((p) => p.path === '/dev/ttyACM0' && p.likelyAgent)), 2000, 'the plugged Pi');
      expect(Date.now() - pluggedAt).toBeLessThan(2000);
      binding.reset();
      await waitFor(() => seen.at(-1)?.length === 0, 2000, 'the unplug');
    } finally {
      watcher.stop();
    }
  });
});
