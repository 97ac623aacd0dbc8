import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from './context';
import { runflowError, validationError } from './errors';
import { storageErrorXml } from './files';
import { probeImage } from './images';
import { json, parseJson } from './reply';
import type { Call, Reply } from './reply';
import { rx } from './runcomfy';
import type { FieldIssue } from './schema';
import type { RouteDef } from './server';

/** Runflow's asset-upload cap (the SDK checks the same 50 MB). */
export const MAX_UPLOAD_BYTES = 52_428_800;

interface UploadSession {
  id: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  bytes: Buffer | null;
  expiresAt: number;
  /** The confirmed asset, once confirmed (confirming again returns it). */
  asset: Record<string, unknown> | null;
}

export class AssetStore {
  readonly sessions = new Map<string, UploadSession>();

  clear(): void {
    this.sessions.clear();
  }
}

const xml = (status: number, code: string, message: string): Reply => ({
  status,
  raw: { bytes: Buffer.from(storageErrorXml(code, message)), contentType: 'application/xml' },
});

function sessionIssues(body: unknown): FieldIssue[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ path: [], message: 'Body should be a JSON object', type: 'object_type' }];
  }
  const b = body as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  const add = (field: string, message: string, type: string) =>
    issues.push({ path: [field], message, type });
  if (typeof b.filename !== 'string' || b.filename.trim() === '')
    add('filename', 'Field required', 'missing');
  if (typeof b.mime_type !== 'string' || !/^[a-z]+\/[a-z0-9.+-]+$/i.test(b.mime_type)) {
    add('mime_type', 'Input should be a MIME type such as image/png', 'value_error');
  }
  const size = b.size_bytes;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_UPLOAD_BYTES) {
    add(
      'size_bytes',
      `Input should be an integer between 1 and ${MAX_UPLOAD_BYTES}`,
      'value_error',
    );
  }
  for (const key of Object.keys(b)) {
    if (!['filename', 'mime_type', 'size_bytes', 'folder_id'].includes(key)) {
      add(key, 'Extra inputs are not permitted', 'extra');
    }
  }
  return issues;
}

/**
 * Runflow asset uploads: create a session (presigned PUT URL), PUT the bytes to
 * storage without auth, confirm to get the asset with a signed, expiring GET URL.
 */
export function assetRoutes(ctx: EmulatorContext): RouteDef[] {
  const { assets, files } = ctx;

  const create = (call: Call): Reply => {
    const parsed = parseJson(call);
    const issues = parsed.ok
      ? sessionIssues(parsed.value)
      : [{ path: [], message: parsed.message, type: 'json_invalid' }];
    if (issues.length > 0) return validationError('runflow', issues, '');
    const b = (parsed as { value: Record<string, unknown> }).value;
    const session: UploadSession = {
      id: randomUUID(),
      filename: b.filename as string,
      mimeType: (b.mime_type as string).toLowerCase(),
      sizeBytes: b.size_bytes as number,
      bytes: null,
      expiresAt: ctx.clock.now() + ctx.config.outputTtlMs,
      asset: null,
    };
    assets.sessions.set(session.id, session);
    const query = files.query(`put:${session.id}`, session.expiresAt);
    const uploadUrl = `${ctx.origin()}/storage/runflow/uploads/${session.id}?${query}`;
    return json(201, { asset_id: session.id, upload_url: uploadUrl });
  };

  const put = (call: Call): Reply => {
    const session = assets.sessions.get(call.params[0]!);
    if (!session) return xml(404, 'NoSuchUpload', 'The specified upload does not exist.');
    const verdict = files.verify(`put:${session.id}`, call.url);
    if (verdict === 'forbidden') return xml(403, 'SignatureDoesNotMatch', 'Bad signature');
    if (verdict === 'expired') return xml(403, 'AccessDenied', 'Request has expired');
    session.bytes = call.body;
    return {
      status: 200,
      raw: { bytes: Buffer.alloc(0), contentType: 'text/plain' },
      headers: { ETag: `"${session.id}"` },
    };
  };

  const confirm = async (call: Call): Promise<Reply> => {
    const session = assets.sessions.get(call.params[0]!);
    if (!session)
      return runflowError(404, 'ASSET_UPLOAD_NOT_FOUND', `Upload ${call.params[0]} not found`);
    if (call.body.length > 0 && !parseJson(call).ok) {
      return validationError(
        'runflow',
        [{ path: [], message: 'Body should be JSON', type: 'json_invalid' }],
        'body',
      );
    }
    if (session.asset) return json(200, session.asset);
    if (!session.bytes)
      return runflowError(
        409,
        'CONFLICT',
        'The upload has not been received yet: PUT the bytes first',
      );
    if (session.bytes.length !== session.sizeBytes) {
      const message = `Declared ${session.sizeBytes} bytes, received ${session.bytes.length}`;
      return validationError(
        'runflow',
        [{ path: ['size_bytes'], message, type: 'value_error' }],
        '',
      );
    }
    const size = session.mimeType.startsWith('image/') ? await probeImage(session.bytes) : null;
    if (session.mimeType.startsWith('image/') && !size) {
      const message = `The uploaded bytes are not a decodable ${session.mimeType}`;
      return validationError(
        'runflow',
        [{ path: ['mime_type'], message, type: 'value_error' }],
        '',
      );
    }
    const file = files.add(
      {
        provider: 'runflow',
        model: null,
        jobId: null,
        bytes: session.bytes,
        contentType: session.mimeType,
        width: size?.width ?? null,
        height: size?.height ?? null,
      },
      ctx.config.outputTtlMs,
    );
    session.asset = {
      id: session.id,
      name: session.filename,
      url: files.urlFor(file),
      thumbnail_url: null,
      mime_type: session.mimeType,
      size_bytes: session.sizeBytes,
      created_at: new Date(ctx.clock.now()).toISOString(),
    };
    ctx.stats.count('runflow', 'uploads');
    return json(201, session.asset);
  };

  const common = { provider: 'runflow', route: 'upload', method: 'POST', auth: true } as const;
  return [
    { ...common, pattern: rx('/runflow/v1/asset-uploads'), handle: create },
    { ...common, pattern: rx('/runflow/v1/asset-uploads/([^/]+)/confirmations'), handle: confirm },
    {
      ...common,
      method: 'PUT',
      auth: false,
      maxBody: MAX_UPLOAD_BYTES,
      pattern: rx('/storage/runflow/uploads/([0-9a-f-]{36})'),
      handle: put,
    },
  ];
}
