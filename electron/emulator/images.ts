import { createHash } from 'node:crypto';
import sharp from 'sharp';

export type OutputFormat = 'png' | 'jpeg' | 'webp';

export const CONTENT_TYPES: Record<OutputFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/** Long side in pixels per `resolution` value, before imageScale. */
export const LONG_SIDE: Record<string, number> = {
  '0.5K': 512,
  '1K': 1024,
  '2K': 2048,
  '4K': 4096,
};

/** The smallest side the emulator renders, so every format can encode it. */
const MIN_SIDE = 8;

export interface Ratio {
  w: number;
  h: number;
}

/** Parses "W:H" into positive numbers; null for anything else. */
export function parseRatio(value: string): Ratio | null {
  const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(value);
  if (!m) return null;
  const w = Number(m[1]);
  const h = Number(m[2]);
  return w > 0 && h > 0 ? { w, h } : null;
}

/** Output pixel size: the long side from the resolution, the short side from the ratio. */
export function outputSize(
  resolution: string,
  ratio: Ratio,
  scale: number,
): { width: number; height: number } {
  const long = Math.max(MIN_SIDE, Math.round((LONG_SIDE[resolution] ?? 1024) * scale));
  const short = (n: number) => Math.max(MIN_SIDE, Math.round(n));
  return ratio.w >= ratio.h
    ? { width: long, height: short((long * ratio.h) / ratio.w) }
    : { width: short((long * ratio.w) / ratio.h), height: long };
}

export interface RenderSpec {
  width: number;
  height: number;
  format: OutputFormat;
  prompt: string;
  seed: number;
  /** Which of the request's images this is, so siblings differ. */
  index: number;
  /** The images an edit starts from (bytes, or a URL that cannot be read): the picture depends on them. */
  inputs?: readonly (Uint8Array | string)[];
}

/**
 * A real encoded image whose pixels derive from prompt + seed: a two-colour
 * gradient at a hashed angle with hashed stripes, so different prompts give
 * visibly different pictures and the same request gives the same bytes.
 */
export async function renderImage(spec: RenderSpec): Promise<Buffer> {
  const { width, height } = spec;
  const hash = createHash('sha256').update(`${spec.prompt}\u0000${spec.seed}\u0000${spec.index}`);
  for (const input of spec.inputs ?? []) hash.update('\u0000').update(input);
  const h = hash.digest();
  const a = [h[0]!, h[1]!, h[2]!];
  const b = [h[3]!, h[4]!, h[5]!];
  const angle = (h[6]! / 255) * Math.PI * 2;
  const period = 4 + (h[7]! % 28);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const span = Math.abs(cos) * width + Math.abs(sin) * height || 1;
  const offset = Math.min(0, cos * width) + Math.min(0, sin * height);
  const pixels = Buffer.alloc(width * height * 3);
  let i = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x * cos + y * sin - offset) / span;
      const stripe = Math.floor((x + y) / period) % 2 === 0 ? 1 : 0.85;
      for (let c = 0; c < 3; c++) pixels[i++] = (a[c]! + (b[c]! - a[c]!) * t) * stripe;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .toFormat(spec.format)
    .toBuffer();
}

/** Pixel size of encoded image bytes, or null when they do not decode. */
export async function probeImage(bytes: Buffer): Promise<{ width: number; height: number } | null> {
  try {
    const meta = await sharp(bytes).metadata();
    return meta.width && meta.height ? { width: meta.width, height: meta.height } : null;
  } catch {
    return null;
  }
}
