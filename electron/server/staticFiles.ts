import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { sendPage } from './respond';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Within `root`, or undefined for anything that tries to leave it. */
function fileFor(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const rel = path.posix.normalize(decoded === '/' ? '/index.html' : decoded);
  if (rel.split('/').includes('..')) return undefined;
  const file = path.join(root, rel);
  return file.startsWith(path.resolve(root) + path.sep) ? file : undefined;
}

/**
 * The built renderer (vite's out/renderer). index.html is never cached, so a
 * rebuilt app is picked up on reload; vite's hashed assets never change.
 */
export async function serveStatic(
  root: string,
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const file = fileFor(root, pathname);
  const info = file ? await stat(file).catch(() => undefined) : undefined;
  if (!file || !info?.isFile()) {
    if (pathname === '/')
      return sendPage(
        res,
        503,
        'Nodeloom is not built',
        'The user interface has not been built: run `npm run web`, which builds it first.',
      );
    return sendPage(res, 404, 'Not found', `Nothing here: ${pathname}`);
  }
  const ext = path.extname(file).toLowerCase();
  const cache =
    ext === '.html'
      ? 'no-store'
      : pathname.startsWith('/assets/')
        ? 'private, max-age=31536000, immutable'
        : 'no-cache';
  const data = await readFile(file);
  res.writeHead(200, {
    'Content-Type': TYPES[ext] ?? 'application/octet-stream',
    'Content-Length': data.length,
    'Cache-Control': cache,
  });
  res.end(req.method === 'HEAD' ? undefined : data);
}
