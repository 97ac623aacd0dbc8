import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Header a non-browser client (a test, a script) may use instead of the cookie. */
export const TOKEN_HEADER = 'x-nodeloom-token';

export const newToken = (): string => randomBytes(32).toString('base64url');

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
/** Compares in constant time, so the token cannot be guessed byte by byte. */
const sameSecret = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

function cookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

const single = (v: string | string[] | undefined): string | undefined =>
  Array.isArray(v) ? undefined : v;

/**
 * Who may talk to the web host. Binding to 127.0.0.1 keeps other machines out;
 * this keeps out other local users and web pages:
 * - Host must name this server (a DNS-rebound hostname fails it);
 * - Origin, when sent, must be this server (cross-site POSTs and WebSockets fail it);
 * - every request carries this launch's token, as a cookie or a header.
 */
export class AccessPolicy {
  readonly origins: readonly string[];
  private readonly hosts: ReadonlySet<string>;
  /** Per port: cookies ignore ports, and two hosts on one machine must not clash. */
  readonly cookieName: string;

  constructor(
    readonly token: string,
    readonly port: number,
  ) {
    this.hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    this.origins = [...this.hosts].map((h) => `http://${h}`);
    this.cookieName = `nodeloom_token_${port}`;
  }

  hostAllowed(req: IncomingMessage): boolean {
    const host = single(req.headers.host)?.toLowerCase();
    return host !== undefined && this.hosts.has(host);
  }

  /** An Origin header, when present, must be this server ("null" never is). */
  originAllowed(req: IncomingMessage): boolean {
    const origin = single(req.headers.origin);
    return origin === undefined || this.origins.includes(origin.toLowerCase());
  }

  /** How the request proved it knows the token, if it did. */
  credential(req: IncomingMessage): 'cookie' | 'header' | undefined {
    const header = single(req.headers[TOKEN_HEADER]);
    if (header !== undefined && sameSecret(header, this.token)) return 'header';
    const cookie = cookies(single(req.headers.cookie)).get(this.cookieName);
    if (cookie !== undefined && sameSecret(cookie, this.token)) return 'cookie';
    return undefined;
  }

  /**
   * A browser always sends Origin with a POST or a WebSocket; a request that
   * changes state without one is only accepted from a client using the header.
   */
  mayChangeState(req: IncomingMessage, credential: 'cookie' | 'header'): boolean {
    return req.headers.origin !== undefined || credential === 'header';
  }

  /** API requests come from the app's own page: no other site (or local port) may embed them. */
  fetchSiteAllowed(req: IncomingMessage): boolean {
    const site = single(req.headers['sec-fetch-site']);
    return site === undefined || site === 'same-origin' || site === 'none';
  }

  tokenMatches(candidate: string): boolean {
    return sameSecret(candidate, this.token);
  }

  setCookie(): string {
    return `${this.cookieName}=${this.token}; HttpOnly; SameSite=Strict; Path=/`;
  }

  contentSecurityPolicy(): string {
    const ws = [...this.hosts].map((h) => `ws://${h}`).join(' ');
    return [
      "default-src 'self'",
      "script-src 'self'",
      // React Flow positions nodes with style attributes.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      `connect-src 'self' ${ws}`,
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'self'",
    ].join('; ');
  }
}
