// Draws the application icon (our own design: a monitor with a power symbol on a blue tile) and writes
// assets/icon.png (256x256, PNG per RFC 2083) and assets/icon.ico (PNG-compressed entries, Vista+ ICO).
// Run: node scripts/make-icon.mjs. Deterministic: the same bytes on every run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
const SUPERSAMPLES_PER_AXIS = 4;
const DESIGN_SIZE = 256;

const TILE_TOP = [0x2a, 0x6f, 0xbd];
const TILE_BOTTOM = [0x0e, 0x3a, 0x6e];
const WHITE = [0xff, 0xff, 0xff];
const POWER_GREEN = [0x5b, 0xd4, 0x6b];

function inRoundedRect(x, y, left, top, right, bottom, radius) {
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function inCapsule(x, y, x0, y0, x1, y1, halfWidth) {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)));
  return (x - x0 - t * dx) ** 2 + (y - y0 - t * dy) ** 2 <= halfWidth ** 2;
}

/** Colour (RGB) and opacity of one point of the design, in 256-unit design coordinates. */
function sample(x, y) {
  if (!inRoundedRect(x, y, 8, 8, 248, 248, 44)) return null;
  const screenOuter = inRoundedRect(x, y, 40, 52, 216, 176, 14);
  const screenInner = inRoundedRect(x, y, 54, 66, 202, 162, 4);
  if (screenOuter && !screenInner) return WHITE;
  if (inRoundedRect(x, y, 114, 176, 142, 200, 0) || inRoundedRect(x, y, 80, 196, 176, 212, 8)) return WHITE;
  // Power symbol: a ring open at the top, and a bar through the gap.
  const ringRadius = Math.hypot(x - 128, y - 118);
  const angleFromTopDeg = (Math.atan2(x - 128, -(y - 118)) * 180) / Math.PI;
  if (ringRadius >= 26 && ringRadius <= 36 && Math.abs(angleFromTopDeg) > 38) return POWER_GREEN;
  if (inCapsule(x, y, 128, 80, 128, 114, 5.5)) return POWER_GREEN;
  const t = (y - 8) / 240;
  return TILE_TOP.map((top, i) => Math.round(top + (TILE_BOTTOM[i] - top) * t));
}

function render(sizePx) {
  const rgba = Buffer.alloc(sizePx * sizePx * 4);
  const scale = DESIGN_SIZE / sizePx;
  const n = SUPERSAMPLES_PER_AXIS;
  for (let py = 0; py < sizePx; py++) {
    for (let px = 0; px < sizePx; px++) {
      const sum = [0, 0, 0];
      let covered = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const colour = sample((px + (sx + 0.5) / n) * scale, (py + (sy + 0.5) / n) * scale);
          if (!colour) continue;
          covered++;
          for (let i = 0; i < 3; i++) sum[i] += colour[i];
        }
      }
      const at = (py * sizePx + px) * 4;
      if (covered > 0) for (let i = 0; i < 3; i++) rgba[at + i] = Math.round(sum[i] / covered);
      rgba[at + 3] = Math.round((covered * 255) / (n * n));
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, k) => {
  let c = k;
  for (let bit = 0; bit < 8; bit++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_COLOUR_TYPE_RGBA = 6;
const PNG_FILTER_NONE = 0;

function encodePng(rgba, sizePx) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(sizePx, 0);
  header.writeUInt32BE(sizePx, 4);
  header[8] = 8; // bits per channel
  header[9] = PNG_COLOUR_TYPE_RGBA;
  const rowBytes = sizePx * 4;
  const raw = Buffer.alloc((rowBytes + 1) * sizePx);
  for (let y = 0; y < sizePx; y++) {
    raw[y * (rowBytes + 1)] = PNG_FILTER_NONE;
    rgba.copy(raw, y * (rowBytes + 1) + 1, y * rowBytes, (y + 1) * rowBytes);
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const ICO_TYPE_ICON = 1;
const ICO_HEADER_BYTES = 6;
const ICO_ENTRY_BYTES = 16;

function encodeIco(pngsBySize) {
  const header = Buffer.alloc(ICO_HEADER_BYTES);
  header.writeUInt16LE(ICO_TYPE_ICON, 2);
  header.writeUInt16LE(pngsBySize.length, 4);
  let offset = ICO_HEADER_BYTES + ICO_ENTRY_BYTES * pngsBySize.length;
  const entries = pngsBySize.map(({ sizePx, png }) => {
    const entry = Buffer.alloc(ICO_ENTRY_BYTES);
    entry[0] = sizePx >= 256 ? 0 : sizePx; // 0 means 256
    entry[1] = sizePx >= 256 ? 0 : sizePx;
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...pngsBySize.map((p) => p.png)]);
}

const pngs = ICO_SIZES.map((sizePx) => ({ sizePx, png: encodePng(render(sizePx), sizePx) }));
mkdirSync('assets', { recursive: true });
writeFileSync('assets/icon.png', pngs.find((p) => p.sizePx === DESIGN_SIZE).png);
writeFileSync('assets/icon.ico', encodeIco(pngs));
console.log(`wrote assets/icon.png (${DESIGN_SIZE}x${DESIGN_SIZE}) and assets/icon.ico (${ICO_SIZES.join(', ')} px)`);
