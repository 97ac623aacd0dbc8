import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { readRegularFile } from '../storage/regularFile';

/** Content types of the built renderer's files, for both transports that serve it. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export const contentTypeOf = (file: string): string =>
  CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

/** Larger than any file of the built renderer; bounds what one request reads. */
const MAX_FILE_BYTES = 32 * 1024 * 1024;

/**
 * The path segments a URL path names inside the renderer folder, or undefined when
 * it could name anything else: an empty, `.` or `..` segment (also percent-encoded),
 * an encoded separator, a NUL or a drive letter. `/` is index.html.
 */
function segmentsOf(pathname: string): string[] | undefined {
  const raw = pathname === '/' ? ['index.html'] : pathname.slice(1).split('/');
  const out: string[] = [];
  for (const segment of raw) {
    let name: string;
    try {
      name = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (name === '' || name === '.' || name === '..' || /[/\\:\0]/.test(name)) return undefined;
    out.push(name);
  }
  return out;
}

/**
 * One file of the built renderer named by a URL path (the app:// protocol and the
 * web host both serve it through this), or undefined: nothing outside `root` is
 * ever read, not through `..`, encoded separators or a link that leads out, and
 * only regular files within a size limit.
 */
export async function readRendererFile(
  root: string,
  pathname: string,
): Promise<{ file: string; data: Buffer } | undefined> {
  const segments = segmentsOf(pathname);
  if (!segments) return undefined;
  const base = path.resolve(root);
  const file = path.join(base, ...segments);
  try {
    const real = await realpath(file);
    const realRoot = await realpath(base);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return undefined;
    return {
      file,
      data: await readRegularFile(real, { what: 'app file', maxBytes: MAX_FILE_BYTES }),
    };
  } catch {
    return undefined;
  }
}
