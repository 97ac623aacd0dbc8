/** The image types Nodeloom reads, stores and serves. */
export type ImageMimeType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The image type the first bytes say a file is (blobs and downloads have no
 * extension to trust), or undefined for anything else: a page, a script, text.
 * The one magic-byte check: sizes, thumbnails and serving all start here.
 */
export function sniffImageType(b: Uint8Array): ImageMimeType | undefined {
  const ascii = (from: number, to: number): string =>
    String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));
  if (b.length >= 8 && PNG.every((byte, i) => b[i] === byte)) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'image/gif';
  return undefined;
}
