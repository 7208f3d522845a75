#!/usr/bin/env node
// Draws the app icon (a provisioned chip on an Azure-blue tile) and writes 512x512.png and
// 256x256.png beside this file: `node assets/icons/generate.mjs`. Plain Node, no image library:
// shapes are signed distance functions, anti-aliased by 4x4 supersampling.
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

const SAMPLES = 4;

function roundedBox(x, y, cx, cy, half, radius) {
  const qx = Math.abs(x - cx) - half + radius;
  const qy = Math.abs(y - cy) - half + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

function box(x, y, cx, cy, hx, hy) {
  const qx = Math.abs(x - cx) - hx;
  const qy = Math.abs(y - cy) - hy;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0);
}

/** Colour at a point of the unit square, as [r, g, b, a] in 0..1. */
function shade(x, y) {
  if (roundedBox(x, y, 0.5, 0.5, 0.45, 0.1) > 0) return [0, 0, 0, 0];
  const t = (x + y) / 2;
  const tile = [0.04 + 0.0 * t, 0.52 - 0.2 * t, 0.92 - 0.3 * t, 1];
  const chip = Math.abs(roundedBox(x, y, 0.5, 0.5, 0.2, 0.04)) - 0.022;
  let pin = Infinity;
  for (const offset of [-0.1, 0, 0.1]) {
    pin = Math.min(pin, box(x, y, 0.5 + offset, 0.5 - 0.255, 0.018, 0.04), box(x, y, 0.5 + offset, 0.5 + 0.255, 0.018, 0.04));
    pin = Math.min(pin, box(x, y, 0.5 - 0.255, 0.5 + offset, 0.04, 0.018), box(x, y, 0.5 + 0.255, 0.5 + offset, 0.04, 0.018));
  }
  // A check mark: the device is provisioned.
  const check = Math.min(segment(x, y, 0.41, 0.5, 0.475, 0.565), segment(x, y, 0.475, 0.565, 0.6, 0.435)) - 0.026;
  return Math.min(chip, pin, check) <= 0 ? [1, 1, 1, 1] : tile;
}

function segment(x, y, ax, ay, bx, by) {
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const h = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * h, py - dy * h);
}

function render(size) {
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let py = 0; py < size; py++) {
    const row = py * (size * 4 + 1);
    rows[row] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const [cr, cg, cb, ca] = shade((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size);
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const o = row + 1 + px * 4;
      rows[o] = a ? Math.round((255 * r) / a) : 0;
      rows[o + 1] = a ? Math.round((255 * g) / a) : 0;
      rows[o + 2] = a ? Math.round((255 * b) / a) : 0;
      rows[o + 3] = Math.round((255 * a) / (SAMPLES * SAMPLES));
    }
  }
  return png(size, rows);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, rows) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of [512, 256]) {
  writeFileSync(new URL(`./${size}x${size}.png`, import.meta.url), render(size));
}
