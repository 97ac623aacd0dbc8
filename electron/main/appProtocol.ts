import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { readRegularFile } from '../core/storage/regularFile';
import { contentSecurityPolicy } from './security';

/**
 * `app://nodeloom/…`: the built renderer (out/renderer), served by the main process
 * instead of loaded from file://. A file:// page may read any local file the URL
 * names and shares one origin with every other file; this origin holds only the
 * renderer's own files, and the GrantFileProtocolExtraPrivileges fuse is off.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'nodeloom';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

// Standard: relative URLs, an origin for 'self' in the CSP and for module scripts.
// Secure: treated like https (no mixed-content downgrade).
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** Larger than any file of the built renderer; bounds what one request reads. */
const MAX_FILE_BYTES = 32 * 1024 * 1024;

const plain = (status: number, text: string): Response =>
  new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });

/**
 * The path segments a URL names inside the renderer folder, or undefined when it
 * could name anything else: an empty, `.` or `..` segment (also percent-encoded),
 * an encoded separator, a NUL or a drive letter.
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

/** Answers one app:// request from `rendererDir`, and from nowhere else. */
export async function serveAppFile(request: Request, rendererDir: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return plain(405, 'method not allowed');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return plain(400, 'bad URL');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return plain(404, 'not found');
  // Checked on the raw path too: the URL parser has already folded plain `..` away.
  const rawPath = request.url.slice(APP_ORIGIN.length).split(/[?#]/)[0] ?? '';
  const segments = segmentsOf(url.pathname);
  if (!segments || /(^|\/)\.\.?(\/|$)|%2e%2e|%2f|%5c/i.test(rawPath))
    return plain(404, 'not found');
  const root = path.resolve(rendererDir);
  const file = path.join(root, ...segments);
  let data: Buffer;
  try {
    // A link inside the folder must not lead out of it.
    const real = await realpath(file);
    const realRoot = await realpath(root);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return plain(404, 'not found');
    data = await readRegularFile(real, { what: 'app file', maxBytes: MAX_FILE_BYTES });
  } catch {
    return plain(404, 'not found');
  }
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const headers: Record<string, string> = {
    'Content-Type': type,
    'Content-Length': String(data.byteLength),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
  // The page's policy travels with it (webRequest need not see custom protocols).
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = contentSecurityPolicy();
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(data), {
    status: 200,
    headers,
  });
}

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppFile(request, rendererDir));
}
