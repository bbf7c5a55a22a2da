/**
 * Writes the extension icons extension/public/icon/{16,32,48,128}.png: a blue rounded square with a
 * white "A", rendered with 4×4 supersampling. Run `npx tsx scripts/generate-icons.ts` after changing it;
 * the PNGs are committed (WXT picks them up from `icon/<size>.png`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

/** Icon sizes in pixels, as the Chrome and Firefox manifests expect them. */
export const ICON_SIZES = [16, 32, 48, 128] as const;

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'extension', 'public', 'icon');
const BLUE: Rgba = [18, 82, 160, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];
const SUPERSAMPLE = 4;

type Rgba = [number, number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** Colour at a point of the unit square. */
function shade(x: number, y: number): Rgba {
  const radius = 0.2;
  const margin = 0.03;
  const cx = Math.min(Math.max(x, margin + radius), 1 - margin - radius);
  const cy = Math.min(Math.max(y, margin + radius), 1 - margin - radius);
  if (Math.hypot(x - cx, y - cy) > radius) return CLEAR;
  const strokes: [number, number, number, number][] = [
    [0.5, 0.2, 0.25, 0.8],
    [0.5, 0.2, 0.75, 0.8],
    [0.34, 0.6, 0.66, 0.6],
  ];
  return strokes.some(([ax, ay, bx, by]) => segmentDistance(x, y, ax, ay, bx, by) < 0.075) ? WHITE : BLUE;
}

/** Encodes one RGBA PNG of `size`×`size` pixels. */
export function renderIcon(size: number): Buffer {
  const stride = size * 4 + 1;
  const raw = Buffer.alloc(size * stride);
  for (let y = 0; y < size; y++) {
    raw[y * stride] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const p = shade((x + (sx + 0.5) / SUPERSAMPLE) / size, (y + (sy + 0.5) / SUPERSAMPLE) / size);
          for (let i = 0; i < 3; i++) acc[i]! += p[i]! * p[3];
          acc[3]! += p[3];
        }
      }
      const o = y * stride + 1 + x * 4;
      const a = acc[3]!;
      for (let i = 0; i < 3; i++) raw[o + i] = a ? Math.round(acc[i]! / a) : 0;
      raw[o + 3] = Math.round(a / (SUPERSAMPLE * SUPERSAMPLE));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(OUT_DIR, { recursive: true });
  for (const size of ICON_SIZES) writeFileSync(join(OUT_DIR, `${size}.png`), renderIcon(size));
  console.log(`wrote ${ICON_SIZES.map((s) => `${s}.png`).join(', ')} to ${OUT_DIR}`);
}
