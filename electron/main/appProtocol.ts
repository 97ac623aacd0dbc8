import type { CustomScheme, Protocol } from 'electron';
import { contentTypeOf, readRendererFile } from '../core/host/rendererFiles';
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

const plain = (status: number, text: string): Response =>
  new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });

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
  if (/(^|\/)\.\.?(\/|$)|%2e%2e|%2f|%5c/i.test(rawPath)) return plain(404, 'not found');
  const found = await readRendererFile(rendererDir, url.pathname);
  if (!found) return plain(404, 'not found');
  const { file, data } = found;
  const type = contentTypeOf(file);
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
