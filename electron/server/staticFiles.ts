import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { contentTypeOf, readRendererFile } from '../core/host/rendererFiles';
import { sendPage } from './respond';

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
  const found = await readRendererFile(root, pathname);
  if (!found) {
    if (pathname === '/')
      return sendPage(
        res,
        503,
        'Nodeloom is not built',
        'The user interface has not been built: run `npm run web`, which builds it first.',
      );
    return sendPage(res, 404, 'Not found', `Nothing here: ${pathname}`);
  }
  const { file, data } = found;
  const cache =
    path.extname(file).toLowerCase() === '.html'
      ? 'no-store'
      : pathname.startsWith('/assets/')
        ? 'private, max-age=31536000, immutable'
        : 'no-cache';
  res.writeHead(200, {
    'Content-Type': contentTypeOf(file),
    'Content-Length': data.length,
    'Cache-Control': cache,
  });
  res.end(req.method === 'HEAD' ? undefined : data);
}
