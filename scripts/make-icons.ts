// Draws the tray icons (per state: colour PNGs for Linux with @1.25x/@1.5x/@2x, an ICO with
// 16/20/24/32 px for Windows, black+alpha template images with @2x for macOS) and the app icon in
// several sizes plus build/icon.ico for the Windows installer. Pure node:zlib PNG writing, so no image
// tool is needed; the output is committed and this script re-creates it: `tsx scripts/make-icons.ts`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { isMainModule, projectRoot } from './script-paths.js';

type RGBA = [number, number, number, number];
/** Returns the colour at (x, y) in [-1, 1]², or null where the shape is empty. */
type Shader = (x: number, y: number) => RGBA | null;

export function encodePng(size: number, rgba: Uint8Array): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Supersampled rasterizer: antialiased edges without a graphics library. */
export function render(size: number, shade: Shader, samples = size >= 256 ? 2 : 4): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) for (let px = 0; px < size; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < samples; sy++) for (let sx = 0; sx < samples; sx++) {
      const x = ((px + (sx + 0.5) / samples) / size) * 2 - 1;
      const y = ((py + (sy + 0.5) / samples) / size) * 2 - 1;
      const c = shade(x, y);
      if (c) { const al = c[3] / 255; r += c[0] * al; g += c[1] * al; b += c[2] * al; a += al; }
    }
    const n = samples * samples;
    const i = (py * size + px) * 4;
    out[i + 3] = Math.round((a / n) * 255);
    if (a > 0) { out[i] = Math.round(r / a); out[i + 1] = Math.round(g / a); out[i + 2] = Math.round(b / a); }
  }
  return out;
}

const GREEN: RGBA = [46, 157, 79, 255];
const AMBER: RGBA = [229, 165, 10, 255];
const GREY: RGBA = [138, 138, 138, 255];
const RED: RGBA = [214, 48, 49, 255];
const BLACK: RGBA = [0, 0, 0, 255];

const R = 0.8; // dot radius; leaves a margin so the icon does not touch the menu bar edges
const disc = (x: number, y: number, r = R, cx = 0, cy = 0): boolean => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (x: number, y: number): boolean => disc(x, y) && !disc(x, y, R - 0.28);
const slash = (x: number, y: number): boolean => Math.abs(x + y) < 0.22 && disc(x, y, 0.95);

// Each state differs in shape, not only colour: template images (macOS) and colour-blind users see no colour.
export const trayStates: Record<string, (template: boolean) => Shader> = {
  online: (t) => (x, y) => (disc(x, y) ? (t ? BLACK : GREEN) : null),
  away: (t) => (x, y) => (disc(x, y) && !disc(x, y, 0.55, 0.42, -0.42) ? (t ? BLACK : AMBER) : null),
  offline: (t) => (x, y) => (ring(x, y) ? (t ? BLACK : GREY) : null),
  disconnected: (t) => (x, y) => (ring(x, y) && Math.floor(((Math.atan2(y, x) + Math.PI) / (2 * Math.PI)) * 8) % 2 === 0 ? (t ? BLACK : GREY) : null),
  // Online, but visitors see the chat box offline (outside office hours): the dot with a slash.
  'online-hidden': (t) => (x, y) => {
    if (slash(x, y)) return t ? null : RED;
    if (Math.abs(x + y) < 0.36) return null; // a gap around the slash keeps it readable at 16 px
    return disc(x, y) ? (t ? BLACK : GREEN) : null;
  },
};

function appIcon(x: number, y: number): RGBA | null {
  // Rounded square, a white speech bubble, a green presence dot.
  const q = Math.max(Math.abs(x) - 0.72, 0) ** 2 + Math.max(Math.abs(y) - 0.72, 0) ** 2;
  if (q > 0.2 * 0.2) return null;
  if (disc(x, y, 0.2, 0.42, 0.42)) return GREEN;
  const bubble = ((x + 0.05) / 0.58) ** 2 + ((y + 0.1) / 0.45) ** 2 <= 1 || (x > -0.45 && x < -0.15 && y > 0.2 && y < 0.62 && x + 0.45 > (y - 0.2) * 0.7);
  return bubble ? [255, 255, 255, 255] : [37, 99, 235, 255];
}

function write(file: string, size: number, shade: Shader): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, encodePng(size, render(size, shade)));
}

/** An ICO holding one PNG per size (PNG entries are valid ICO images since Windows Vista). */
export function encodeIco(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); header.writeUInt16LE(1, 2); header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size; e[1] = size >= 256 ? 0 : size; // 0 means 256
    e.writeUInt16LE(1, 4); e.writeUInt16LE(32, 6); // planes, bits per pixel
    e.writeUInt32LE(png.length, 8); e.writeUInt32LE(offset, 12);
    offset += png.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

function writeIco(file: string, sizes: number[], shade: Shader): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, encodeIco(sizes.map((size) => ({ size, png: encodePng(size, render(size, shade)) }))));
}

/** docs/api/native-image.md: small icons at 100/125/150/200 % scale (16, 20, 24, 32 px). */
export const TRAY_SCALES: [suffix: string, size: number][] = [['', 16], ['@1.25x', 20], ['@1.5x', 24], ['@2x', 32]];

export function makeIcons(root: string): string[] {
  const written: string[] = [];
  const tray = path.join(root, 'assets/tray');
  for (const [state, shader] of Object.entries(trayStates)) {
    for (const [scale, size] of TRAY_SCALES) {
      write(path.join(tray, `${state}${scale}.png`), size, shader(false));
      written.push(`${state}${scale}.png`);
    }
    // macOS menu bar icons: 16 pt with @2x (docs/api/tray.md).
    write(path.join(tray, `${state}Template.png`), 16, shader(true));
    write(path.join(tray, `${state}Template@2x.png`), 32, shader(true));
    writeIco(path.join(tray, `${state}.ico`), TRAY_SCALES.map(([, size]) => size), shader(false));
    written.push(`${state}Template.png`, `${state}Template@2x.png`, `${state}.ico`);
  }
  for (const size of [16, 32, 48, 64, 128, 256, 512]) {
    write(path.join(root, `build/icons/${size}x${size}.png`), size, appIcon);
  }
  write(path.join(root, 'build/icon.png'), 1024, appIcon);
  writeIco(path.join(root, 'build/icon.ico'), [16, 20, 24, 32, 40, 48, 64, 256], appIcon);
  return written;
}

if (isMainModule(import.meta.url)) {
  const root = projectRoot;
  const files = makeIcons(root);
  console.log(`wrote ${files.length} tray icons to assets/tray and app icons to build/`);
}
