import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { capMqttPackets } from './mqtt-packet-cap.ts';

/** A stream whose 'data' events are exactly the chunks a test feeds it. */
function capped(maxBytes: number): { feed: (...chunks: number[][]) => void; stream: PassThrough } {
  const stream = new PassThrough();
  stream.on('error', () => undefined);
  capMqttPackets(stream, maxBytes);
  return { stream, feed: (...chunks) => chunks.forEach((chunk) => stream.write(Buffer.from(chunk))) };
}

describe('capMqttPackets', () => {
  it('follows packets across chunk boundaries and lets one of exactly the cap through', () => {
    const { stream, feed } = capped(200);
    const body = (n: number) => Array<number>(n).fill(0x61);
    // 200 = 0xC8 0x01 as a remaining length, split between chunks, then the body in two parts.
    feed([0x30, 0xc8], [0x01, ...body(150)], [...body(50), 0xc0, 0x00, 0x30, 0x05, ...body(5)]);
    expect(stream.destroyed).toBe(false);
    // The next header announces 201: dropped before any of that body arrives.
    feed([0x30, 0xc9, 0x01]);
    expect(stream.destroyed).toBe(true);
  });

  it('drops a length that is already too large before its last byte, and a 5-byte length', () => {
    const early = capped(1000);
    // 0xFF 0xFF … : 127 + 127×128 > 1000 after two bytes; the rest never has to arrive.
    early.feed([0x30, 0xff, 0xff]);
    expect(early.stream.destroyed).toBe(true);
    const malformed = capped(Number.MAX_SAFE_INTEGER);
    malformed.feed([0x30, 0x80, 0x80, 0x80, 0x80]);
    expect(malformed.stream.destroyed).toBe(true);
  });
});
