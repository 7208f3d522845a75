import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { provisioningServiceClient, registerWithKey } from './dps/dps-test-clients.ts';
import { createSandbox } from './sandbox.ts';
import type { SandboxInfo } from './sandbox.ts';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('createSandbox', () => {
  it('keeps id scope, keys, CA, ports and enrollments across a restart with the same data dir', async () => {
    const dir = dataDir();
    const first = await createSandbox({ dataDir: dir });
    expect(first.idScope).toMatch(/^0ne[0-9A-F]{8}$/);
    expect(first.hubs).toHaveLength(2);
    expect(first.provisioningHost).toMatch(/^127\.0\.0\.1:\d+$/);
    const ca = readFileSync(first.caCertificatePath, 'utf8');
    const created = (await provisioningServiceClient(first.dpsConnectionString, ca).createOrUpdateIndividualEnrollment({ registrationId: 'survivor', attestation: { type: 'symmetricKey' } } as never)).responseBody;
    const key = (created.attestation as { symmetricKey: { primaryKey: string } }).symmetricKey.primaryKey;
    const assigned = await registerWithKey(first.provisioningHost, first.idScope, 'survivor', key, ca);
    const { close: closeFirst, adt: _firstAdt, ...before } = first;
    await closeFirst();

    const second = await createSandbox({ dataDir: dir });
    try {
      const { close: _close, adt: _adt, ...after } = second;
      expect(after).toEqual(before);
      expect(readFileSync(second.caCertificatePath, 'utf8')).toBe(ca);
      const service = provisioningServiceClient(second.dpsConnectionString, ca);
      expect((await service.getIndividualEnrollment('survivor')).responseBody.etag).toBe(created.etag);
      expect((await service.getDeviceRegistrationState('survivor')).responseBody).toMatchObject({ status: 'assigned', assignedHub: assigned.assignedHub });
      const again = await registerWithKey(second.provisioningHost, second.idScope, 'survivor', key, ca, 'http');
      expect(again.assignedHub).toBe(assigned.assignedHub);
    } finally {
      await second.close();
    }
  });

  it('takes a new port when the previous one is taken, and grows to the requested hub count', async () => {
    const dir = dataDir();
    const first = await createSandbox({ dataDir: dir, hubs: 1 });
    await first.close();
    const [, takenPort] = first.provisioningHost.split(':');
    const squatter = net.createServer();
    await new Promise<void>((resolveListen) => squatter.listen(Number(takenPort), '127.0.0.1', resolveListen));
    const second = await createSandbox({ dataDir: dir, hubs: 3 });
    try {
      expect(second.idScope).toBe(first.idScope);
      expect(second.provisioningHost).not.toBe(first.provisioningHost);
      expect(second.dpsConnectionString.split(';').slice(1)).toEqual(first.dpsConnectionString.split(';').slice(1));
      expect(second.hubs).toHaveLength(3);
      expect(second.hubs[0]).toEqual(first.hubs[0]);
      expect(new Set([second.provisioningHost, ...second.hubs.map((hub) => hub.hostName)]).size).toBe(4);
    } finally {
      await second.close();
      await new Promise((resolveClose) => squatter.close(resolveClose));
    }
  });
});

describe('provisioning-bench sandbox (CLI)', () => {
  it('prints exactly one JSON line once listening, warns on a network address, and stops cleanly on SIGTERM', async () => {
    const dir = dataDir();
    const bin = resolve(import.meta.dirname, '../../bin/provisioning-bench.mjs');
    const child = spawn(process.execPath, [bin, 'sandbox', '--data-dir', dir, '--hubs', '1', '--listen', '0.0.0.0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const firstLine = new Promise<string>((resolveLine, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('\n')) resolveLine(stdout.split('\n')[0] as string);
      });
      child.once('exit', (code) => reject(new Error(`sandbox exited early (${code}): ${stderr}`)));
    });
    const info = JSON.parse(await firstLine) as SandboxInfo;
    expect(Object.keys(info)).toEqual(['idScope', 'provisioningHost', 'dpsConnectionString', 'hubs', 'caCertificatePath', 'digitalTwins']);
    expect(info.dpsConnectionString).toMatch(/^HostName=127\.0\.0\.1:\d+;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=.+$/);
    expect(info.hubs[0]?.connectionString).toMatch(/^HostName=127\.0\.0\.1:\d+;SharedAccessKeyName=iothubowner;SharedAccessKey=.+$/);
    expect(stderr).toMatch(/warning: .*0\.0\.0\.0.*devices on the network can reach it/);
    expect(stderr).not.toContain(/SharedAccessKey=([^;"]+)/.exec(info.dpsConnectionString)?.[1] as string);

    const ca = readFileSync(info.caCertificatePath, 'utf8');
    await provisioningServiceClient(info.dpsConnectionString, ca).createOrUpdateIndividualEnrollment({ registrationId: 'from-cli', attestation: { type: 'symmetricKey' } } as never);

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/SIGTERM: stopping the sandbox/);
  });
});
