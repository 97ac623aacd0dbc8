import sharp from 'sharp';
import { sniffImageType } from '../../shared/image/sniff';
import type { Emulator, ProviderId } from './types';

/** Test helpers: a plain-fetch client per provider, polling, image checks. */
export function client(emu: Emulator, provider: ProviderId, key = emu.keys[provider]) {
  const base = provider === 'runcomfy' ? emu.runcomfyBaseUrl : emu.runflowBaseUrl;
  const auth = { Authorization: `Bearer ${key}` };
  return {
    post: (path: string, body?: unknown) =>
      fetch(base + path, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    get: (pathOrUrl: string) =>
      fetch(pathOrUrl.startsWith('http') ? pathOrUrl : base + pathOrUrl, { headers: auth }),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Calls `read` every 5 ms until `done` holds; returns every value seen. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 4000,
): Promise<T[]> {
  const seen: T[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    seen.push(value);
    if (done(value)) return seen;
    if (Date.now() > deadline)
      throw new Error(`pollUntil timed out; last: ${JSON.stringify(value)}`);
    await sleep(5);
  }
}

/** The format a file's leading bytes say it is. */
export function signature(bytes: Uint8Array): 'png' | 'jpeg' | 'webp' | null {
  const type = sniffImageType(bytes);
  return type === 'image/png' || type === 'image/jpeg' || type === 'image/webp'
    ? (type.slice('image/'.length) as 'png' | 'jpeg' | 'webp')
    : null;
}

export async function imageSize(bytes: Uint8Array): Promise<{ width: number; height: number }> {
  const meta = await sharp(Buffer.from(bytes)).metadata();
  return { width: meta.width ?? 0, height: meta.height ?? 0 };
}

export async function pngBytes(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer();
}

export async function pngDataUri(width: number, height: number): Promise<string> {
  return `data:image/png;base64,${(await pngBytes(width, height)).toString('base64')}`;
}
