import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveDeviceKey, openDevice, registerDevice } from '../../bench/support/sandbox-clients.ts';
import { mqttConnect, remainingLength, sasToken } from './fuzz-wire.ts';
import { makeDataDir, removeDataDir, startSandboxChild, type SandboxChild } from './sandbox-child.ts';

// A device must not make the sandbox buffer an arbitrarily large MQTT packet (issue 3): against a
// real sandbox process, clients announce 10 MB packets — a PUBLISH after a valid CONNECT on a hub,
// and a CONNECT before any authentication on the DPS and on a hub — and stream the body.
const ANNOUNCED = 10 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);

const dataDir = makeDataDir('packet-cap');
let child: SandboxChild;
beforeAll(async () => {
  child = await startSandboxChild(dataDir);
}, 60_000);
afterAll(async () => {
  await child?.process.stop();
  removeDataDir(dataDir);
});

const hostPort = (host: string) => Number(host.slice(host.lastIndexOf(':') + 1));

function deviceSas(host: string, deviceId: string, key: string): string {
  return sasToken(encodeURIComponent(`${host}/devices/${deviceId}`), key, null, Math.floor(Date.now() / 1000) + 600);
}

function vmRssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

interface Flood {
  /** Whether the sandbox closed the connection before the body was all sent. */
  dropped: boolean;
  /** Body bytes written (into the kernel's socket buffers, not necessarily read by the sandbox). */
  sent: number;
}

/**
 * Opens TLS, optionally completes a CONNECT (waits for CONNACK accepted), announces a packet of
 * ANNOUNCED bytes and streams its body one chunk at a time, each write awaited, until the sandbox
 * drops the connection or the body (one byte short, so it never completes) is all sent.
 */
function flood(port: number, ca: string, opening: Buffer | null, header: Buffer): Promise<Flood> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost' });
    let sent = 0;
    let closed = false;
    const finished = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('error', () => undefined);
    socket.once('close', () => (closed = true));
    const stream = async () => {
      socket.write(header);
      let refused = false;
      while (!closed && !refused && sent < ANNOUNCED - CHUNK.length) {
        // A write fails once the sandbox has reset the connection.
        refused = !(await new Promise<boolean>((done) => socket.write(CHUNK, (error) => done(!error))));
        if (!refused) sent += CHUNK.length;
        // Let the sandbox's side of the loopback run between chunks, as a real network would.
        await new Promise((next) => setImmediate(next));
      }
      if (!closed && !refused) {
        socket.destroy();
        resolve({ dropped: false, sent });
        return;
      }
      await finished;
      resolve({ dropped: true, sent });
    };
    socket.once('secureConnect', () => {
      if (!opening) return void stream().catch(reject);
      socket.write(opening);
      socket.once('data', (connack: Buffer) => {
        if (connack[0] !== 0x20 || connack[3] !== 0) return reject(new Error(`CONNECT refused: ${connack.toString('hex')}`));
        void stream().catch(reject);
      });
    });
  });
}

describe('MQTT packet size cap', () => {
  it('drops a client announcing a 10 MB packet at once, without buffering it, and keeps serving other devices', async () => {
    const { info, caPem, factory } = child.clients;
    const hub = info.hubs[0]?.hostName as string;
    const registry = factory.registry(hub);
    const keyOf = async (deviceId: string) => (await registry.create({ deviceId })).responseBody.authentication?.symmetricKey?.primaryKey as string;
    const attackerKey = await keyOf('cap-attacker');
    const bystanderKey = await keyOf('cap-bystander');
    const bystander = await openDevice(child.clients, hub, 'cap-bystander', bystanderKey);
    const { Message } = await import('azure-iot-device');
    try {
      await bystander.sendEvent(new Message('before'));
      const rssBefore = vmRssBytes(child.process.pid);

      const publish10Mb = Buffer.concat([Buffer.from([0x30]), remainingLength(ANNOUNCED)]);
      const connect10Mb = Buffer.concat([Buffer.from([0x10]), remainingLength(ANNOUNCED)]);
      const attacks = await Promise.all([
        flood(hostPort(hub), caPem, mqttConnect('cap-attacker', `${hub}/cap-attacker/?api-version=2021-04-12`, deviceSas(hub, 'cap-attacker', attackerKey)), publish10Mb),
        flood(hostPort(hub), caPem, null, connect10Mb),
        flood(hostPort(info.provisioningHost), caPem, null, connect10Mb),
      ]);
      // Without the cap each connection stays open for the rest of its body (the parser waits for it).
      expect(attacks.map((attack) => attack.dropped)).toEqual([true, true, true]);
      // ... and the sandbox holds the ~30 MB streamed so far (measured: +21 MB RSS; with the cap +0.3 MB).
      expect(vmRssBytes(child.process.pid) - rssBefore).toBeLessThan(8 * 1024 * 1024);

      await bystander.sendEvent(new Message('after'));
      const attacker = await openDevice(child.clients, hub, 'cap-attacker', attackerKey);
      await attacker.sendEvent(new Message(Buffer.alloc(200 * 1024, 0x62)));
      await attacker.close();
      const group = await factory.provisioningService().createOrUpdateEnrollmentGroup({ enrollmentGroupId: 'cap-group', attestation: { type: 'symmetricKey' } } as never);
      const groupKey = (group.responseBody as unknown as { attestation: { symmetricKey: { primaryKey: string } } }).attestation.symmetricKey.primaryKey;
      expect((await registerDevice(child.clients, 'cap-newcomer', deriveDeviceKey(groupKey, 'cap-newcomer'))).status).toBe('assigned');
    } finally {
      await bystander.close();
    }
  }, 60_000);
});
