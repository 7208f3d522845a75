import { bytes, int, mqttConnect, mqttPublish, mqttSubscribe, mutate, pick, sasToken, type Random } from './fuzz-wire.ts';

/** What the fuzzer knows about the sandbox under test: hosts, keys and the ids it seeded. */
export interface FuzzTarget {
  idScope: string;
  dpsHost: string;
  dpsKey: string;
  hubHost: string;
  hubKey: string;
  enrollmentIds: string[];
  groupId: string;
  device: { id: string; key: string };
}

export interface FuzzCase {
  kind: string;
  port: 'dps' | 'hub';
  /** 'tls' = bytes after a TLS handshake; 'raw' = bytes on the TCP socket where TLS is expected. */
  layer: 'tls' | 'raw';
  payload: Buffer;
  /** Sent once the sandbox answered `payload` (e.g. a publish after the CONNACK), then the socket ends. */
  then?: Buffer;
}

const DPS_VERSION = '2021-10-01';
const HUB_VERSION = '2021-04-12';
const BAD_VERSIONS = ['', '1999-01-01', '2099-12-31', 'latest', '2021-04-12;drop', '%00', 'x'.repeat(300)];
const BAD_IDS = ['bad id', 'a%2Fb', '..%2F..%2Fetc', '%00', '%3Cscript%3E', 'x'.repeat(300), '%C3%A9t%C3%A9', '%20'];

function http(method: string, path: string, host: string, headers: Record<string, string>, body: Buffer | string = ''): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${b.length}`, 'Connection: close', '', ''];
  return Buffer.concat([Buffer.from(lines.join('\r\n')), b]);
}

function brokenJson(r: Random): Buffer {
  const valid = JSON.stringify({ registrationId: 'x', attestation: { type: 'symmetricKey' }, properties: { desired: { a: 1 } }, deviceId: 'y' });
  switch (int(r, 5)) {
    case 0:
      return Buffer.from(valid.slice(0, 1 + int(r, valid.length - 2)));
    case 1:
      return Buffer.from(`${valid}}`);
    case 2:
      return Buffer.concat([Buffer.from('{'), bytes(r, 1 + int(r, 40))]);
    case 3:
      return Buffer.from("{'single': 'quotes'}");
    default:
      return Buffer.from('{"a":'.repeat(2_000));
  }
}

export function caseGenerators(t: FuzzTarget): Array<[weight: number, make: (r: Random) => FuzzCase]> {
  const dpsAuth = () => ({ Authorization: sasToken(t.dpsHost, t.dpsKey, 'provisioningserviceowner'), 'Content-Type': 'application/json' });
  const hubAuth = () => ({ Authorization: sasToken(t.hubHost, t.hubKey, 'iothubowner'), 'Content-Type': 'application/json' });
  const existing = (r: Random) => pick(r, t.enrollmentIds);
  const dpsRoutes = (r: Random, id: string) => pick(r, [`/enrollments/${id}`, `/enrollmentGroups/${id}`, `/registrations/${id}`, '/enrollments/query', '/enrollmentGroups/query', '/enrollments', `/registrations/${t.groupId}/query`]);
  const hubRoutes = (r: Random, id: string) => pick(r, [`/devices/${id}`, `/twins/${id}`, '/devices/query', `/twins/${id}/methods`, `/jobs/v2/${id}`, '/devices']);
  return [
    // Malformed JSON with valid keys: must be rejected before anything is stored.
    [4, (r) => {
      const dps = r() < 0.5;
      const id = pick(r, [existing(r), t.groupId, t.device.id, 'fuzz-new-id']);
      const path = `${dps ? dpsRoutes(r, id) : hubRoutes(r, id)}?api-version=${dps ? DPS_VERSION : HUB_VERSION}`;
      const headers = { ...(dps ? dpsAuth() : hubAuth()), ...(r() < 0.5 ? { 'If-Match': '"*"' } : {}) };
      return { kind: 'malformed-json', port: dps ? 'dps' : 'hub', layer: 'tls', payload: http(pick(r, ['PUT', 'POST', 'PATCH']), path, dps ? t.dpsHost : t.hubHost, headers, brokenJson(r)) };
    }],
    // Unknown api-versions on real routes with valid keys, including deletes of stored ids.
    [3, (r) => {
      const dps = r() < 0.5;
      const id = dps ? pick(r, [existing(r), t.groupId]) : t.device.id;
      const path = `${dps ? dpsRoutes(r, id) : hubRoutes(r, id)}${r() < 0.8 ? `?api-version=${encodeURIComponent(pick(r, BAD_VERSIONS))}` : ''}`;
      return { kind: 'unknown-api-version', port: dps ? 'dps' : 'hub', layer: 'tls', payload: http(pick(r, ['GET', 'DELETE']), path, dps ? t.dpsHost : t.hubHost, { ...(dps ? dpsAuth() : hubAuth()), 'If-Match': '"*"' }) };
    }],
    // Invalid registration and device ids with otherwise valid requests.
    [3, (r) => {
      const id = pick(r, BAD_IDS);
      const dps = r() < 0.6;
      const body = dps ? { registrationId: decodeURIComponent(id.replace(/%(?![0-9A-F]{2})/g, '%25')), attestation: { type: 'symmetricKey' } } : { deviceId: id };
      const path = dps ? `/enrollments/${id}?api-version=${DPS_VERSION}` : `/devices/${id}?api-version=${HUB_VERSION}`;
      return { kind: 'invalid-id', port: dps ? 'dps' : 'hub', layer: 'tls', payload: http('PUT', path, dps ? t.dpsHost : t.hubHost, dps ? dpsAuth() : hubAuth(), JSON.stringify(body)) };
    }],
    // Device registration with invalid ids and bad signatures.
    [2, (r) => {
      const id = pick(r, [...BAD_IDS, 'fuzz-device']);
      const auth = sasToken(`${t.idScope}/registrations/${id}`, Buffer.from('wrong key').toString('base64'), 'registration');
      const path = `/${pick(r, [t.idScope, 'badscope', ''])}/registrations/${id}/register?api-version=2019-03-31`;
      return { kind: 'device-register-bad', port: 'dps', layer: 'tls', payload: http('PUT', path, t.dpsHost, { Authorization: auth, 'Content-Type': 'application/json' }, JSON.stringify({ registrationId: id })) };
    }],
    // Valid-looking writes with a wrong key or an expired token: must be 401 and change nothing.
    [3, (r) => {
      const dps = r() < 0.5;
      const host = dps ? t.dpsHost : t.hubHost;
      const key = pick(r, [Buffer.from('not the key').toString('base64'), dps ? t.hubKey : t.dpsKey]);
      const expired = r() < 0.3;
      const auth = sasToken(host, expired ? (dps ? t.dpsKey : t.hubKey) : key, dps ? 'provisioningserviceowner' : 'iothubowner', expired ? 1_000 : undefined);
      const id = dps ? existing(r) : t.device.id;
      const path = `${dps ? dpsRoutes(r, id) : hubRoutes(r, id)}?api-version=${dps ? DPS_VERSION : HUB_VERSION}`;
      const body = dps ? { registrationId: id, attestation: { type: 'symmetricKey' } } : { deviceId: id, properties: { desired: { fuzz: 1 } } };
      return { kind: 'bad-auth-write', port: dps ? 'dps' : 'hub', layer: 'tls', payload: http(pick(r, ['PUT', 'PATCH', 'DELETE', 'POST']), path, host, { Authorization: auth, 'Content-Type': 'application/json', 'If-Match': '"*"' }, JSON.stringify(body)) };
    }],
    // Oversized bodies (5 MB, over the sandbox's 4 MB read limit) with valid keys.
    [0.1, (r) => {
      const dps = r() < 0.5;
      const path = dps ? `/enrollments/${existing(r)}?api-version=${DPS_VERSION}` : `/twins/${t.device.id}?api-version=${HUB_VERSION}`;
      const big = Buffer.from(JSON.stringify({ registrationId: 'x', pad: 'p'.repeat(5 * 1024 * 1024) }));
      return { kind: 'oversized-body', port: dps ? 'dps' : 'hub', layer: 'tls', payload: http(dps ? 'PUT' : 'PATCH', path, dps ? t.dpsHost : t.hubHost, { ...(dps ? dpsAuth() : hubAuth()), 'If-Match': '"*"' }, big) };
    }],
    // Broken HTTP: garbage request lines, huge headers, bad chunked framing.
    [2, (r) => {
      const payload = pick(r, [
        Buffer.concat([Buffer.from('GET '), bytes(r, 200)]),
        Buffer.from(`GET /devices HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`),
        Buffer.from('POST /enrollments/query HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n'),
        Buffer.from('PUT /devices/x HTTP/1.1\r\nContent-Length: -5\r\n\r\n'),
        Buffer.from('\r\n\r\n\r\n'),
        Buffer.from(bytes(r, 1 + int(r, 500)).map((b) => (b === 0x10 ? 0x11 : b))),
      ]);
      return { kind: 'broken-http', port: r() < 0.5 ? 'dps' : 'hub', layer: 'tls', payload };
    }],
    // Garbage and mutated MQTT packets, with and without a plausible CONNECT.
    [5, (r) => {
      const dps = r() < 0.5;
      const connect = dps
        ? mqttConnect(t.device.id, `${t.idScope}/registrations/${t.device.id}/api-version=2019-03-31`, sasToken(`${t.idScope}/registrations/${t.device.id}`, t.dpsKey, 'registration'))
        : mqttConnect(t.device.id, `${t.hubHost}/${t.device.id}/?api-version=2021-04-12`, sasToken(encodeURIComponent(`${t.hubHost}/devices/${t.device.id}`), Buffer.from('nope').toString('base64'), null));
      const follow = dps ? mqttPublish(`$dps/registrations/PUT/iotdps-register/?$rid=1`, '{"registrationId":', 1) : mqttSubscribe('#');
      const payload = pick(r, [Buffer.concat([Buffer.from([0x10]), bytes(r, int(r, 300))]), mutate(r, connect), Buffer.concat([connect, mutate(r, follow)]), Buffer.concat([mutate(r, connect), follow])]);
      return { kind: 'mqtt-mutated', port: dps ? 'dps' : 'hub', layer: 'tls', payload };
    }],
    // A real device's own connection, then malformed and foreign-topic publishes: the twin must not move.
    [2, (r) => {
      const connect = mqttConnect(t.device.id, `${t.hubHost}/${t.device.id}/?api-version=2021-04-12`, sasToken(encodeURIComponent(`${t.hubHost}/devices/${t.device.id}`), t.device.key, null), false);
      const topic = pick(r, ['$iothub/twin/PATCH/properties/reported/?$rid=7', `devices/other-device/messages/events/`, '$iothub/twin/PATCH/properties/desired/?$rid=8', `$iothub/methods/res/200/?$rid=9`, '$iothub/twin/GET/?$rid=10']);
      const body = topic.includes('reported') ? brokenJson(r) : Buffer.from('{"fuzz":true}');
      const then = r() < 0.3 ? mutate(r, mqttPublish(topic, body, 0)) : mqttPublish(topic, body, 0);
      return { kind: 'mqtt-device-abuse', port: 'hub', layer: 'tls', payload: connect, then };
    }],
    // Bytes where a TLS ClientHello belongs.
    [1, (r) => ({ kind: 'raw-garbage', port: r() < 0.5 ? 'dps' : 'hub', layer: 'raw', payload: r() < 0.5 ? bytes(r, 1 + int(r, 400)) : Buffer.concat([Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff]), bytes(r, int(r, 200))]) })],
  ];
}

/** `count` cases drawn by weight from the generators, deterministic for a seed. */
export function makeCases(t: FuzzTarget, r: Random, count: number): FuzzCase[] {
  const generators = caseGenerators(t);
  const total = generators.reduce((s, [w]) => s + w, 0);
  return Array.from({ length: count }, () => {
    let x = r() * total;
    for (const [w, make] of generators) {
      if ((x -= w) <= 0) return make(r);
    }
    return (generators[0] as [number, (r: Random) => FuzzCase])[1](r);
  });
}
