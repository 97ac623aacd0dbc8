import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_THUMB_SIZE } from '../../shared/contract/hostApi';
import { checkedCall, isCallName } from '../core/host/checkedCall';
import type { CallFailure } from '../core/host/checkedCall';
import type { HostService } from '../core/host/hostService';
import { readStoredImage } from '../core/host/storedImages';
import type { StoredImage } from '../core/host/storedImages';
import { BodyTooLargeError, readBody, sendJson } from './respond';

/** workflow.write takes up to 64 MiB of text; JSON escaping adds some. */
export const MAX_BODY_BYTES = 80 * 1024 * 1024;

/** How each failure of a checked call answers over HTTP. */
const STATUS_OF: Record<CallFailure['kind'], number> = {
  'unknown-call': 404,
  'invalid-input': 400,
  failed: 500,
  'bad-output': 500,
};

/** POST /api/call/<name>: the body as JSON, run through the host's checkedCall. */
export async function handleCall(
  host: HostService,
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!isCallName(name)) return sendJson(res, 404, { error: `unknown call "${name}"` });
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
  const outcome = await checkedCall(host.handlers, name, json);
  if (outcome.ok) return sendJson(res, 200, outcome.value);
  sendJson(res, STATUS_OF[outcome.kind], {
    error: outcome.message,
    ...(outcome.kind === 'invalid-input' ? { issues: outcome.issues } : {}),
  });
}

/** Sends a stored image (or a thumbnail) as the host's one reader answers it. */
function sendStoredImage(image: StoredImage, req: IncomingMessage, res: ServerResponse): void {
  if (!image.ok) return sendJson(res, image.status, { error: image.message });
  res.writeHead(200, image.headers);
  res.end(req.method === 'HEAD' ? undefined : image.data);
}

/** GET /api/blob/<sha256>: a stored image. Content-addressed, so cached for good. */
export async function handleBlob(
  host: HostService,
  hash: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  sendStoredImage(await readStoredImage(host, hash), req, res);
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
  const n = size === null ? DEFAULT_THUMB_SIZE : /^[0-9]{1,4}$/.test(size) ? Number(size) : NaN;
  sendStoredImage(await readStoredImage(host, hash, n), req, res);
}
