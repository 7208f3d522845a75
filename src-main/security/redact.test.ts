import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact.ts';

/** Where a key turns up in text that leaves the main process; each wraps the key in context. */
const CONTEXTS: Array<[string, (key: string) => string]> = [
  ['bare in a sentence', (k) => `could not use ${k} for device-01`],
  ['after =', (k) => `key=${k}`],
  ['in a connection string', (k) => `HostName=hub.azure-devices.net;DeviceId=d1;SharedAccessKey=${k};GatewayHostName=x`],
  ['in JSON', (k) => JSON.stringify({ registrationId: 'dev-1', attestation: { symmetricKey: { primaryKey: k } } })],
  ['in a JSON value of another name', (k) => JSON.stringify({ deviceId: 'dev-1', value: k })],
  ['in a URL query', (k) => `https://hub.azure-devices.net/devices/d1?api-version=2021-04-12&sig=${k}&se=1700000000`],
  ['in a SAS token', (k) => `SharedAccessSignature sr=hub%2Fdevices%2Fd1&sig=${encodeURIComponent(k)}&se=1`],
  ['URL-encoded sig', (k) => `GET /x?token=SharedAccessSignature%20sr%3Dhub%26sig%3D${encodeURIComponent(k)}%26se%3D1 failed`],
  ['URL-encoded connection string', (k) => `cs=${encodeURIComponent(`HostName=h;DeviceId=d;SharedAccessKey=${k}`)}&x=1`],
  ['URL-encoded after another name', (k) => `https://x.test/?a=1&b=${encodeURIComponent(k)}&c=2`],
  ['in quotes', (k) => `the key '${k}' was refused`],
  ['at the start of a line', (k) => `${k}\nnext line`],
];

/** Every form in which the key could still be read out of the text. */
function leaks(text: string, key: string): boolean {
  const forms = [key, encodeURIComponent(key), key.replace(/=+$/, '')];
  return forms.some((form) => text.includes(form));
}

describe('redactSecrets, property: random keys in many contexts', () => {
  for (const bytes of [16, 32, 64]) {
    for (const [where, wrap] of CONTEXTS) {
      it(`hides a ${bytes}-byte key ${where}`, () => {
        for (let run = 0; run < 200; run += 1) {
          const key = randomBytes(bytes).toString('base64');
          const text = wrap(key);
          const out = redactSecrets(text);
          if (leaks(out, key)) expect.fail(`leaked ${key} from ${text} as ${out}`);
        }
      });
    }
  }

  it('hides keys that start with + or /, which a word boundary lets through', () => {
    for (let run = 0; run < 200; run += 1) {
      const lead = ['+', '/', '++', '//', '+/'][randomInt(5)] ?? '+';
      const body = randomBytes(32).toString('base64');
      const key = (lead + body).slice(0, 43) + '=';
      for (const [, wrap] of CONTEXTS) {
        const out = redactSecrets(wrap(key));
        if (leaks(out, key) || out.includes(key.slice(1))) expect.fail(`leaked ${key} as ${out}`);
      }
    }
  });
});

describe('redactSecrets, the cases found in review', () => {
  it('hides a key starting with + after a space', () => {
    const key = '+abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ=';
    expect(redactSecrets(`failed: ${key}`)).toBe('failed: ***');
  });

  it('hides a 16-byte key (24 base64 characters)', () => {
    expect(redactSecrets('enrollment key Zm9vYmFyYmF6cXV4MTIzNA== refused')).toBe('enrollment key *** refused');
  });

  it('hides a URL-encoded sig%3D', () => {
    const out = redactSecrets('url=https%3A%2F%2Fh%2Fx%3Fsr%3Dh%26sig%3DAb%2Bcd%2Fef%3D%26se%3D9');
    expect(out).not.toContain('Ab%2Bcd');
    expect(out).toContain('sig%3D***%26se%3D9');
  });

  it('hides an unpadded 32-byte key', () => {
    const key = randomBytes(32).toString('base64').replace(/=+$/, '');
    expect(redactSecrets(`x ${key} y`)).toBe('x *** y');
  });
});

describe('redactSecrets leaves ordinary text alone', () => {
  const ordinary = [
    'device device-0001 registered to hub-01.azure-devices.net',
    'registrationId=sensor-floor-3-room-12 assignedHub=hub.azure-devices.net',
    'enrollment group warehouse-sensors-2026 not found (404)',
    'operationId 4.b1c3f1a2e9d84f63.1f2e3d4c-aaaa-bbbb-cccc-0123456789ab',
    '2026-12-01T10:39:53.123Z connect took 1234 ms',
    'ETag "AAAAAAAAAAE=" does not match',
    'the id scope 0ne00ABCDEF is not valid',
    'modelId dtmi:com:example:Thermostat;1',
    'a file at /work/wt/data/sandbox.sqlite could not be opened',
    'internationalization configuration incompatibility',
    'thisIsALongCamelCaseIdentifierOfTwentyFiveChars=value',
    'x509 thumbprint 3F2A8B9C0D1E2F3A4B5C6D7E8F9A0B1C2D3E4F5A',
  ];
  for (const text of ordinary) {
    it(`keeps: ${text}`, () => {
      expect(redactSecrets(text)).toBe(text);
    });
  }
});
