import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { EmulatorClock } from './clock';
import type { ProviderId } from './types';

/** A stored output image or uploaded asset, served under a presigned URL. */
export interface StoredFile {
  id: string;
  provider: ProviderId;
  /** The model of the job that produced it (null for uploads). */
  model: string | null;
  jobId: string | null;
  bytes: Buffer;
  contentType: string;
  /** Pixel size when the bytes are a decodable image. */
  width: number | null;
  height: number | null;
  expiresAt: number;
  /** Set by the expire-output fault: expired for good, whatever the clock says. */
  revoked: boolean;
}

export type Resolved =
  { ok: true; file: StoredFile } | { ok: false; status: 403 | 404; code: string; message: string };

const EXT: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};
const SWEEP_GRACE_MS = 60_000;
const STORAGE_PATH = /^\/storage\/(runcomfy|runflow)\/([0-9a-f-]{36})\.[a-z0-9]+$/;

export const extensionFor = (contentType: string): string => EXT[contentType] ?? 'bin';

/**
 * Files behind HMAC-signed, expiring URLs, like an object store's presigned GETs:
 * the URL alone grants access until it expires; a tampered URL is refused.
 */
export class FileStore {
  private readonly secret = randomBytes(32);
  private readonly files = new Map<string, StoredFile>();
  private lastSweep = 0;

  constructor(
    private readonly origin: () => string,
    private readonly clock: EmulatorClock,
  ) {}

  add(file: Omit<StoredFile, 'id' | 'revoked' | 'expiresAt'>, ttlMs: number): StoredFile {
    this.sweep();
    const stored: StoredFile = {
      ...file,
      id: randomUUID(),
      revoked: false,
      expiresAt: this.clock.now() + ttlMs,
    };
    this.files.set(stored.id, stored);
    return stored;
  }

  urlFor(file: StoredFile): string {
    const path = `/storage/${file.provider}/${file.id}.${extensionFor(file.contentType)}`;
    return `${this.origin()}${path}?${this.query(`get:${file.id}`, file.expiresAt)}`;
  }

  /** Query string for a presigned URL: expiry in ms and the signature over it. */
  query(subject: string, expiresAt: number): string {
    return `expires=${expiresAt}&signature=${this.sign(subject, expiresAt)}`;
  }

  /** Checks the signature and expiry of a presigned URL's query. */
  verify(subject: string, url: URL): 'ok' | 'expired' | 'forbidden' {
    const expires = Number(url.searchParams.get('expires'));
    const signature = url.searchParams.get('signature') ?? '';
    const expected = Buffer.from(this.sign(subject, expires));
    const given = Buffer.from(signature);
    if (!Number.isFinite(expires) || given.length !== expected.length) return 'forbidden';
    if (!timingSafeEqual(given, expected)) return 'forbidden';
    return this.clock.now() >= expires ? 'expired' : 'ok';
  }

  /** Whether a URL points at this emulator's storage (so it can be "fetched"). */
  isOwnUrl(value: string): boolean {
    const url = safeUrl(value);
    return url !== null && url.origin === this.origin() && url.pathname.startsWith('/storage/');
  }

  /** Resolves a storage URL the way the storage host would answer a GET of it. */
  resolve(value: string | URL): Resolved {
    const url = typeof value === 'string' ? safeUrl(value) : value;
    const match = url ? STORAGE_PATH.exec(url.pathname) : null;
    const file = match ? this.files.get(match[2]!) : undefined;
    if (!url || !file || file.provider !== match?.[1]) return notFound();
    const verdict = this.verify(`get:${file.id}`, url);
    if (verdict === 'forbidden') {
      return { ok: false, status: 403, code: 'SignatureDoesNotMatch', message: 'Bad signature' };
    }
    if (verdict === 'expired' || file.revoked || this.clock.now() >= file.expiresAt) {
      return { ok: false, status: 403, code: 'AccessDenied', message: 'Request has expired' };
    }
    return { ok: true, file };
  }

  revoke(id: string): void {
    const file = this.files.get(id);
    if (file) file.revoked = true;
  }

  clear(): void {
    this.files.clear();
  }

  /**
   * Frees files expired for a while, so a long-running emulator does not hold
   * every image it ever made; their URLs then answer 404 instead of 403.
   */
  private sweep(): void {
    const now = this.clock.now();
    if (now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    const cutoff = now - SWEEP_GRACE_MS;
    for (const [id, file] of this.files) if (file.expiresAt < cutoff) this.files.delete(id);
  }

  private sign(subject: string, expiresAt: number): string {
    return createHmac('sha256', this.secret).update(`${subject}:${expiresAt}`).digest('hex');
  }
}

const notFound = (): Resolved => ({
  ok: false,
  status: 404,
  code: 'NoSuchKey',
  message: 'The specified key does not exist.',
});

export function safeUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** The XML error body object stores answer presigned-URL failures with. */
export const storageErrorXml = (code: string, message: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
