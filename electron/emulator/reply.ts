import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Fault } from './types';

/** A handler's answer, written by the server so faults can reshape it. */
export interface Reply {
  status: number;
  json?: unknown;
  raw?: { bytes: Buffer; contentType: string };
  headers?: Record<string, string>;
}

/** One request as handlers see it. */
export interface Call {
  method: string;
  url: URL;
  /** The route pattern's capture groups. */
  params: string[];
  body: Buffer;
  headers: IncomingHttpHeaders;
  /** The fault picked for this request, for handlers of route-specific kinds. */
  fault: Fault | null;
  /** What the request log should remember beyond method/path/status. */
  record: { body?: unknown; jobId?: string };
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  json: body,
  ...(headers ? { headers } : {}),
});

/** Parses a JSON request body; a present, non-JSON content type is refused like FastAPI does. */
export function parseJson(
  call: Call,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const type = call.headers['content-type'];
  if (type !== undefined && !/\bjson\b/i.test(type)) {
    return { ok: false, message: `Expected an application/json body, got ${type}` };
  }
  try {
    return { ok: true, value: JSON.parse(call.body.toString('utf8') || 'null') };
  } catch (e) {
    return { ok: false, message: `JSON decode error: ${(e as Error).message}` };
  }
}

/** Reads the whole body; null once it exceeds `limit` (the rest is drained and dropped). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= limit ? Buffer.concat(chunks) : null));
    req.on('error', reject);
  });
}

export interface WriteMode {
  /** Trickle the body over this many milliseconds. */
  slowMs?: number;
  /** Answer 200 with the first half of the JSON body. */
  malformed?: boolean;
}

export async function writeReply(
  res: ServerResponse,
  reply: Reply,
  mode: WriteMode = {},
): Promise<void> {
  let bytes = reply.raw ? reply.raw.bytes : Buffer.from(JSON.stringify(reply.json ?? null));
  let status = reply.status;
  if (mode.malformed) {
    status = 200;
    bytes = bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2)));
  }
  res.writeHead(status, {
    'Content-Type': reply.raw ? reply.raw.contentType : 'application/json',
    'Content-Length': String(bytes.length),
    ...reply.headers,
  });
  if (!mode.slowMs || bytes.length === 0) {
    res.end(bytes);
    return;
  }
  res.flushHeaders();
  const pieces = Math.min(10, bytes.length);
  const step = Math.ceil(bytes.length / pieces);
  for (let at = 0; at < bytes.length; at += step) {
    await new Promise((r) => setTimeout(r, mode.slowMs! / pieces));
    if (res.destroyed) return;
    res.write(bytes.subarray(at, at + step));
  }
  res.end();
}

/** Drops the connection without an answer, with a TCP reset where the platform allows. */
export function destroySocket(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}
