#!/usr/bin/env node
// Draws the add-in's icons (a ledger sheet with a red deadline flag) as PNGs, with no image
// library: a tiny rasteriser and zlib. Run once; the PNGs are committed in assets/.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

function crc32(buf) {
  let c,
    crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      // 4×4 supersampling for smooth edges.
      let acc = [0, 0, 0, 0];
      for (let sy = 0; sy < 4; sy++)
        for (let sx = 0; sx < 4; sx++) {
          const p = pixel((x + (sx + 0.5) / 4) / size, (y + (sy + 0.5) / 4) / size);
          acc = acc.map((v, i) => v + p[i] * (i < 3 ? p[3] / 255 : 1));
        }
      const a = acc[3] / 16;
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = a ? Math.round(acc[0] / 16 / (a / 255)) : 0;
      raw[o + 1] = a ? Math.round(acc[1] / 16 / (a / 255)) : 0;
      raw[o + 2] = a ? Math.round(acc[2] / 16 / (a / 255)) : 0;
      raw[o + 3] = Math.round(a);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const BLUE = [31, 78, 120, 255],
  WHITE = [255, 255, 255, 255],
  GRID = [155, 183, 212, 255],
  RED = [192, 0, 0, 255],
  NONE = [0, 0, 0, 0];

function inRounded(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r),
    cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function icon(x, y) {
  // Flag: pole and pennant at the top right, over everything.
  if (x >= 0.7 && x <= 0.75 && y >= 0.06 && y <= 0.5) return RED;
  if (x >= 0.75 && y >= 0.06 && y <= 0.26 && x - 0.75 <= (0.16 - Math.abs(y - 0.16)) * 1.4) return RED;
  if (!inRounded(x, y, 0.04, 0.04, 0.96, 0.96, 0.16)) return NONE;
  // Sheet with rows and a header band.
  if (x >= 0.18 && x <= 0.66 && y >= 0.22 && y <= 0.84) {
    if (y <= 0.34) return GRID;
    const rowLine = Math.abs((y - 0.34) % 0.125) < 0.025;
    const colLine = Math.abs(x - 0.34) < 0.02;
    return rowLine || colLine ? GRID : WHITE;
  }
  return BLUE;
}

/** The 标记逾期 button: a red flag on a pole over a clock face (an item past its deadline). */
function flagIcon(x, y) {
  if (x >= 0.14 && x <= 0.22 && y >= 0.08 && y <= 0.94) return BLUE;
  if (x > 0.22 && y >= 0.08 && y <= 0.46 && x - 0.22 <= 0.66 - Math.abs(y - 0.27) * 0.9) return RED;
  const d = Math.hypot(x - 0.68, y - 0.72);
  if (d <= 0.25) {
    if (d >= 0.19) return BLUE;
    const hand = (Math.abs(x - 0.68) < 0.035 && y >= 0.57 && y <= 0.73) || (Math.abs(y - 0.72) < 0.035 && x >= 0.66 && x <= 0.8);
    return hand ? BLUE : WHITE;
  }
  return NONE;
}

const out = path.resolve(__dirname, '..', 'assets');
fs.mkdirSync(out, { recursive: true });
for (const size of [16, 32, 64, 80, 128]) fs.writeFileSync(path.join(out, `icon-${size}.png`), png(size, icon));
for (const size of [16, 32, 80]) fs.writeFileSync(path.join(out, `flag-${size}.png`), png(size, flagIcon));
console.log(`icons written to ${out}`);
