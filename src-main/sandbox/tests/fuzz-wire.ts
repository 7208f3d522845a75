import { createHmac } from 'node:crypto';

/** Deterministic PRNG (mulberry32), so a failing fuzz run can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
export const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
export const int = (r: Random, max: number): number => Math.floor(r() * max);
export const bytes = (r: Random, n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(r, 256)));

/** `SharedAccessSignature sr=…&sig=…&se=…[&skn=…]` signed with `key` (base64), as the SDKs build it. */
export function sasToken(resource: string, key: string, policy: string | null, expirySeconds = Math.floor(Date.now() / 1000) + 3600): string {
  const sig = createHmac('sha256', Buffer.from(key, 'base64')).update(`${resource}\n${expirySeconds}`).digest('base64');
  return `SharedAccessSignature sr=${resource}&sig=${encodeURIComponent(sig)}&se=${expirySeconds}${policy ? `&skn=${policy}` : ''}`;
}

/** The MQTT remaining-length encoding (1–4 bytes, 7 bits each, least significant first). */
export function remainingLength(n: number): Buffer {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return Buffer.from(out);
}

function mqttString(s: string | Buffer): Buffer {
  const b = typeof s === 'string' ? Buffer.from(s) : s;
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return Buffer.concat([len, b]);
}

function packet(firstByte: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([firstByte]), remainingLength(body.length), body]);
}

/** MQTT 3.1.1 CONNECT with username and password, as the device SDKs send it. */
export function mqttConnect(clientId: string, username: string, password: string, clean = true): Buffer {
  const flags = 0x80 | 0x40 | (clean ? 0x02 : 0);
  const header = Buffer.concat([mqttString('MQTT'), Buffer.from([4, flags, 0, 180])]);
  return packet(0x10, Buffer.concat([header, mqttString(clientId), mqttString(username), mqttString(password)]));
}

export function mqttPublish(topic: string, payload: Buffer | string, qos: 0 | 1, packetId = 1): Buffer {
  const id = Buffer.alloc(2);
  id.writeUInt16BE(packetId);
  const body = Buffer.concat([mqttString(topic), qos ? id : Buffer.alloc(0), typeof payload === 'string' ? Buffer.from(payload) : payload]);
  return packet(0x30 | (qos << 1), body);
}

export function mqttSubscribe(topic: string, packetId = 1): Buffer {
  const id = Buffer.alloc(2);
  id.writeUInt16BE(packetId);
  return packet(0x82, Buffer.concat([id, mqttString(topic), Buffer.from([1])]));
}

/** A copy of `packet` with a few bytes flipped, truncated or extended: the "mutated" packets. */
export function mutate(r: Random, original: Buffer): Buffer {
  const b = Buffer.from(original);
  switch (int(r, 4)) {
    case 0:
      for (let i = 0; i < 1 + int(r, 4); i++) b[1 + int(r, b.length - 1)] = int(r, 256);
      return b;
    case 1:
      return b.subarray(0, 1 + int(r, b.length - 1));
    case 2:
      return Buffer.concat([b, bytes(r, 1 + int(r, 64))]);
    default:
      // A remaining length that claims far more than follows (or overflows the 4-byte limit).
      return Buffer.concat([b.subarray(0, 1), Buffer.from([0xff, 0xff, 0xff, int(r, 2) ? 0x7f : 0xff]), b.subarray(2)]);
  }
}
