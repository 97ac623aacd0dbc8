import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  DEFAULT_THUMB_SIZE,
  THUMB_SIZES,
  hostCalls,
  isThumbSize,
} from '../../shared/contract/hostApi';
import type { CallName } from '../../shared/contract/hostApi';
import type { HostService } from '../core/host/hostService';
import { NotAnImageError } from '../core/storage/thumbnails';
import type { Thumbnail } from '../core/storage/thumbnails';
import { BodyTooLargeError, readBody, sendJson } from './respond';

/** workflow.write takes up to 64 MiB of text; JSON escaping adds some. */
export const MAX_BODY_BYTES = 80 * 1024 * 1024;

const isCall = (name: string): name is CallName => Object.hasOwn(hostCalls, name);

/** POST /api/call/<name>: the contract's input schema, the handler, its output schema. */
export async function handleCall(
  host: HostService,
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!isCall(name)) return sendJson(res, 404, { error: `unknown call "${name}"` });
  // JSON only: a cross-site form cannot send it without a CORS preflight.
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
    return sendJson(res, 415, { error: 'the body must be application/json' });

  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_BODY_BYTES);
  } catch (e) {
    if (e instanceof BodyTooLargeError) {
      res.setHeader('Connection', 'close');
      return sendJson(res, 413, { error: 'the request is too large' });
    }
    throw e;
  }
  let json: unknown;
  try {
    json = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
  } catch {
    return sendJson(res, 400, { error: `${name}: the body is not valid JSON` });
  }
  const call = hostCalls[name];
  const input = call.input.safeParse(json);
  if (!input.success) {
    const issues = input.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const first = issues[0]!;
    return sendJson(res, 400, {
      error: `${name}: ${first.path || 'input'}: ${first.message}`,
      issues,
    });
  }

  let output: unknown;
  try {
    const handler = host.handlers[name] as (input: unknown) => Promise<unknown>;
    output = await handler(input.data);
  } catch (e) {
    // The message only: it is written for the user and already free of keys.
    return sendJson(res, 500, { error: e instanceof Error ? e.message : String(e) });
  }
  // Checked on the way out too: only the contract's fields ever leave the host.
  const checked = call.output.safeParse(output);
  if (!checked.success)
    return sendJson(res, 500, {
      error: `${name}: the host produced an answer outside the contract`,
    });
  sendJson(res, 200, checked.data);
}

function imageType(b: Uint8Array): string | undefined {
  const ascii = (from: number, to: number): string => String.fromCharCode(...b.subarray(from, to));
  if (b[0] === 0x89 && ascii(1, 4) === 'PNG') return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(0, 4) === 'GIF8') return 'image/gif';
  return undefined;
}

/** GET /api/blob/<sha256>: a stored image. Content-addressed, so cached for good. */
export async function handleBlob(
  host: HostService,
  hash: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!/^[a-f0-9]{64}$/.test(hash)) return sendJson(res, 404, { error: 'not an image hash' });
  let data: Buffer;
  try {
    data = await readFile(host.blobPath(hash));
  } catch {
    return sendJson(res, 404, { error: 'no such image' });
  }
  const type = imageType(data);
  // Only recognised images are served: nothing stored may come back as a page or script.
  if (!type) return sendJson(res, 415, { error: 'the stored file is not an image' });
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': data.length,
    'Cache-Control': 'private, max-age=31536000, immutable',
    ETag: `"${hash}"`,
  });
  res.end(req.method === 'HEAD' ? undefined : data);
}

/**
 * GET /api/thumb/<sha256>?size=N: a small WebP copy of a stored image, its longest
 * side N (one of THUMB_SIZES; DEFAULT_THUMB_SIZE without `size`), made once and
 * cached on disk. Content-addressed like /api/blob, so cached for good too.
 */
export async function handleThumb(
  host: HostService,
  hash: string,
  size: string | null,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!/^[a-f0-9]{64}$/.test(hash)) return sendJson(res, 404, { error: 'not an image hash' });
  const n = size === null ? DEFAULT_THUMB_SIZE : /^[0-9]{1,4}$/.test(size) ? Number(size) : NaN;
  if (!isThumbSize(n))
    return sendJson(res, 400, { error: `size must be one of ${THUMB_SIZES.join(', ')}` });
  let thumb: Thumbnail | null;
  try {
    thumb = await host.thumbnail(hash, n);
  } catch (e) {
    if (e instanceof NotAnImageError)
      return sendJson(res, 415, { error: 'the stored file is not an image' });
    throw e;
  }
  if (!thumb) return sendJson(res, 404, { error: 'no such image' });
  res.writeHead(200, {
    'Content-Type': thumb.type,
    'Content-Length': thumb.data.length,
    'Cache-Control': 'private, max-age=31536000, immutable',
    ETag: `"${hash}-${n}"`,
  });
  res.end(req.method === 'HEAD' ? undefined : thumb.data);
}
