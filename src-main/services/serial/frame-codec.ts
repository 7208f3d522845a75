import { crc32 } from 'node:zlib';

/** PB1 framing (assets/pi-agent/PROTOCOL.md §1): STX "PB1:" base64(JSON) ":" crc32-hex "\n". */
export const STX = 0x02;
export const FRAME_TAG = 'PB1:';
export const MAX_FRAME_BYTES = 2048;

export interface FrameBody {
  t: string;
  s: number;
  [field: string]: unknown;
}

function crcHex(text: string): string {
  return (crc32(Buffer.from(text, 'ascii')) >>> 0).toString(16).padStart(8, '0');
}

export function encodeFrame(body: FrameBody): Buffer {
  const b64 = Buffer.from(JSON.stringify(body), 'utf8').toString('base64');
  const frame = Buffer.concat([Buffer.from([STX]), Buffer.from(`${FRAME_TAG}${b64}:${crcHex(b64)}\n`, 'ascii')]);
  if (frame.length > MAX_FRAME_BYTES) throw new RangeError(`a frame of ${frame.length} bytes exceeds ${MAX_FRAME_BYTES}`);
  return frame;
}

/** The body of a frame line (without its newline); null when the line is not a valid frame. */
export function decodeFrame(line: Buffer): FrameBody | null {
  let end = line.length;
  if (end > 0 && line[end - 1] === 0x0d) end--;
  if (end < 1 || line[0] !== STX) return null;
  const text = line.subarray(1, end).toString('latin1');
  if (!text.startsWith(FRAME_TAG)) return null;
  const rest = text.slice(FRAME_TAG.length);
  const colon = rest.lastIndexOf(':');
  if (colon < 0) return null;
  const b64 = rest.slice(0, colon);
  if (rest.slice(colon + 1).toLowerCase() !== crcHex(b64) || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return null;
  try {
    const body: unknown = JSON.parse(Buffer.from(b64, 'base64').toString('utf8'));
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
    const { t, s } = body as Record<string, unknown>;
    return typeof t === 'string' && Number.isInteger(s) ? (body as FrameBody) : null;
  } catch {
    return null;
  }
}

/** Splits a byte stream into lines; a line longer than the frame bound is dropped whole. */
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private skipping = false;

  feed(chunk: Buffer): Buffer[] {
    const lines: Buffer[] = [];
    let start = 0;
    for (let index = chunk.indexOf(0x0a); index >= 0; index = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, index);
      start = index + 1;
      if (!this.skipping && this.size + piece.length <= MAX_FRAME_BYTES) lines.push(Buffer.concat([...this.parts, piece]));
      this.parts = [];
      this.size = 0;
      this.skipping = false;
    }
    const tail = chunk.subarray(start);
    if (this.skipping || this.size + tail.length > MAX_FRAME_BYTES) {
      this.parts = [];
      this.size = 0;
      this.skipping = true;
    } else if (tail.length > 0) {
      this.parts.push(Buffer.from(tail));
      this.size += tail.length;
    }
    return lines;
  }
}
