import { sniffImageType } from '../../../shared/image/sniff';
import type { ImageMimeType } from '../../../shared/image/sniff';

export interface ImageInfo {
  mimeType: ImageMimeType;
  width: number;
  height: number;
}

/**
 * Reads an image's type and size from its header bytes, so a download that is not
 * an image (an HTML error page, a truncated file) is caught before it is stored as
 * a result.
 */
export function readImageInfo(b: Uint8Array): ImageInfo | undefined {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ascii = (at: number, len: number): string =>
    String.fromCharCode(...b.subarray(at, at + len));
  switch (sniffImageType(b)) {
    case 'image/png':
      if (b.length < 24 || ascii(12, 4) !== 'IHDR') return undefined;
      return { mimeType: 'image/png', width: dv.getUint32(16), height: dv.getUint32(20) };
    case 'image/gif':
      if (b.length < 10) return undefined;
      return { mimeType: 'image/gif', width: dv.getUint16(6, true), height: dv.getUint16(8, true) };
    case 'image/webp':
      return b.length >= 30 ? webpInfo(b, dv, ascii) : undefined;
    case 'image/jpeg':
      return jpegInfo(b, dv);
    default:
      return undefined;
  }
}

function webpInfo(
  b: Uint8Array,
  dv: DataView,
  ascii: (a: number, l: number) => string,
): ImageInfo | undefined {
  const chunk = ascii(12, 4);
  if (chunk === 'VP8X') {
    const w = 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16));
    const h = 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16));
    return { mimeType: 'image/webp', width: w, height: h };
  }
  if (chunk === 'VP8 ') {
    return {
      mimeType: 'image/webp',
      width: dv.getUint16(26, true) & 0x3fff,
      height: dv.getUint16(28, true) & 0x3fff,
    };
  }
  if (chunk === 'VP8L') {
    const bits = dv.getUint32(21, true);
    return {
      mimeType: 'image/webp',
      width: (bits & 0x3fff) + 1,
      height: ((bits >> 14) & 0x3fff) + 1,
    };
  }
  return undefined;
}

function jpegInfo(b: Uint8Array, dv: DataView): ImageInfo | undefined {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    const len = dv.getUint16(i + 2);
    // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { mimeType: 'image/jpeg', height: dv.getUint16(i + 5), width: dv.getUint16(i + 7) };
    }
    i += 2 + len;
  }
  return undefined;
}

/** Decodes a `data:image/...;base64,` URI. */
export function decodeDataUri(uri: string): { mimeType: string; bytes: Uint8Array } | undefined {
  // The scheme and the base64 flag are case-insensitive (RFC 2397), as validation reads them.
  const m = /^data:([^;,]+)(;base64)?,(.*)$/is.exec(uri);
  if (!m) return undefined;
  const bytes = m[2]
    ? Buffer.from(m[3]!, 'base64')
    : Buffer.from(decodeURIComponent(m[3]!), 'utf8');
  return { mimeType: m[1]!, bytes: new Uint8Array(bytes) };
}
