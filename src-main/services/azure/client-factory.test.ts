import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureClientFactory, type AzureTarget } from './client-factory.ts';
import { explainAzureError } from './explain-azure-error.ts';
import { json, makeTestCertificates, startTlsServer } from './tls-test-server.ts';

const HUB_KEY = Buffer.alloc(32, 7).toString('base64');
const DPS_KEY = Buffer.alloc(32, 9).toString('base64');
const certs = makeTestCertificates();

let server: Awaited<ReturnType<typeof startTlsServer>>;
beforeAll(async () => {
  server = await startTlsServer(certs, { iothubowner: HUB_KEY, provisioningserviceowner: DPS_KEY }, (req, res) => {
    if (req.url.startsWith('/devices/slow')) return; // never answers
    if (req.method === 'GET' && req.url.startsWith('/devices/?')) return json(res, 200, [{ deviceId: 'd1' }]);
    if (req.method === 'POST' && req.url.startsWith('/enrollments/query')) return json(res, 200, [{ registrationId: 'r1' }]);
    if (req.method === 'GET' && req.url.startsWith('/jobs/v2/j1')) return json(res, 200, { jobId: 'j1', status: 'completed' });
    if (req.method === 'POST' && req.url.startsWith('/twins/d1/methods')) return json(res, 200, { status: 200, payload: { ok: true } });
    if (req.url.startsWith('/devices/busy')) return json(res, 429, { Message: 'throttled' });
    json(res, 404, { Message: 'ErrorCode:DeviceNotFound;nope' });
  });
});
afterAll(async () => {
  await server?.close();
});

function target(overrides: Partial<AzureTarget> = {}): AzureTarget {
  return {
    profileId: 'p1',
    kind: 'azure',
    idScope: '0ne00000001',
    deviceProvisioningHost: server.host,
    dps: { host: server.host, auth: { kind: 'sas', policyName: 'provisioningserviceowner', key: DPS_KEY } },
    hubs: [{ host: server.host, auth: { kind: 'sas', policyName: 'iothubowner', key: HUB_KEY } }],
    extraCaPem: certs.caPem,
    ...overrides,
  };
}

describe('AzureClientFactory against a real local TLS server', () => {
  it('lists devices through Registry on host:port, trusting the extra CA, signed for that host:port', async () => {
    const { responseBody } = await new AzureClientFactory(target()).registry().list();
    expect(responseBody.map((d) => d.deviceId)).toEqual(['d1']);
    const last = server.requests.at(-1)!;
    expect(last.headers.authorization).toMatch(new RegExp(`^SharedAccessSignature sr=127\\.0\\.0\\.1:\\d+&sig=.+&skn=iothubowner`));
    expect(last.headers['user-agent']).toMatch(/^azure-iothub\//);
  });

  it('queries enrollments through the provisioning SDK with its own (nested) http-base', async () => {
    const query = new AzureClientFactory(target()).provisioningService().createIndividualEnrollmentQuery({ query: '*' }, 10);
    const page = await query.next();
    expect((page.responseBody as unknown as Array<{ registrationId: string }>).map((e) => e.registrationId)).toEqual(['r1']);
    expect(server.requests.at(-1)!.headers['user-agent']).toMatch(/^azure-iot-provisioning-service\//);
  });

  it('reads a job and invokes a direct method over REST', async () => {
    const factory = new AzureClientFactory(target());
    expect(await factory.jobClient().getJob('j1')).toMatchObject({ jobStatus: { jobId: 'j1' } });
    const method = await factory.serviceClient().invokeDeviceMethod('d1', { methodName: 'reboot', payload: {} });
    expect(method.result).toMatchObject({ status: 200 });
  });

  it('signs with the key of the endpoint it calls: a wrong key is refused with 401 and explained', async () => {
    const wrong = target({ hubs: [{ host: server.host, auth: { kind: 'sas', policyName: 'iothubowner', key: DPS_KEY } }] });
    const error = await new AzureClientFactory(wrong).registry().list().catch((e: unknown) => e);
    const explained = explainAzureError(error, server.host, 'Listing devices');
    expect(explained.code).toBe('unauthorized');
    expect(explained.message).toContain('(401): the key or policy name is wrong');
    expect(explained.message).not.toContain(DPS_KEY);
  });

  it('does not trust the server without the extra CA: a TLS failure that says what to do', async () => {
    // Its own CA: the service Client above puts the first one into this process's default trust.
    const stranger = await startTlsServer(makeTestCertificates(), { iothubowner: HUB_KEY }, (_req, res) => json(res, 200, []));
    const hubs = [{ host: stranger.host, auth: { kind: 'sas' as const, policyName: 'iothubowner', key: HUB_KEY } }];
    const error = await new AzureClientFactory(target({ hubs, extraCaPem: null })).registry().list().catch((e: unknown) => e).finally(() => stranger.close());
    const explained = explainAzureError(error, stranger.host, 'Listing devices');
    expect(explained.code).toBe('unavailable');
    expect(explained.message).toMatch(/TLS failed, the server's certificate is not trusted .*add its CA certificate to the profile/);
  });

  it('times out a request the server never answers', async () => {
    const error = await new AzureClientFactory(target(), { timeoutMs: 300 }).registry().get('slow').catch((e: unknown) => e);
    expect(explainAzureError(error, server.host, 'Reading a device').code).toBe('timeout');
  });

  it('explains throttling, refused connections and unknown hosts', async () => {
    const busy = await new AzureClientFactory(target()).registry().get('busy').catch((e: unknown) => e);
    expect(explainAzureError(busy, server.host, 'Reading a device').code).toBe('throttled');
    const refused = await new AzureClientFactory(target({ hubs: [{ host: '127.0.0.1:1', auth: { kind: 'sas', policyName: 'iothubowner', key: HUB_KEY } }] })).registry().list().catch((e: unknown) => e);
    expect(explainAzureError(refused, '127.0.0.1:1', 'Listing devices').message).toContain('nothing is listening there');
    const unknown = await new AzureClientFactory(target({ hubs: [{ host: 'no-such-hub.invalid', auth: { kind: 'sas', policyName: 'iothubowner', key: HUB_KEY } }] })).registry().list().catch((e: unknown) => e);
    expect(explainAzureError(unknown, 'no-such-hub.invalid', 'Listing devices').message).toContain('cannot be resolved (DNS)');
  });

  it('picks a hub by host name and says when the profile has no such hub', () => {
    const factory = new AzureClientFactory(target());
    expect(() => factory.registry(server.host)).not.toThrow();
    expect(() => factory.registry('other.azure-devices.net')).toThrow('The active profile has no IoT Hub "other.azure-devices.net"');
  });
});
