import type { FetchLike, FetchResponse } from './types';
import { PROVIDER_NAMES } from '../../../shared/catalog/model';
import type { ProviderId } from '../../../shared/catalog/model';
import { ProviderError } from './types';
import type { Delivery, ProviderErrorKind } from './types';

/**
 * JSON over HTTP for the provider clients: Bearer auth, a timeout combined with the
 * caller's signal, JSON parsing, and network failures turned into ProviderErrors
 * that say whether the request could have reached the provider. It never retries.
 */

/** One call may carry a 64 MiB RunComfy body over a home uplink: be generous. */
export const DEFAULT_TIMEOUT_MS = 60_000;

export type HttpMethod = 'GET' | 'POST' | 'PUT';

export interface HttpClientInit {
  provider: ProviderId;
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
  fetch?: FetchLike;
}

export interface HttpRequest {
  method: HttpMethod;
  /** A path below the base URL (`/v1/...`, may carry a query) or an absolute URL. */
  target: string;
  /** Already serialised: callers measure request size before sending. */
  body?: string | Uint8Array;
  contentType?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** `json` (default) parses the answer; `none` skips it (storage PUTs answer XML). */
  expect?: 'json' | 'none';
}

export interface HttpResponse {
  method: HttpMethod;
  /** `POST /v1/models/x` (never the host or query): for messages. */
  what: string;
  status: number;
  headers: FetchResponse['headers'];
  /** Parsed JSON; undefined when empty, not asked for, or a non-2xx body that is not JSON. */
  body: unknown;
  /** Start of a non-JSON error body, for messages. */
  text?: string;
}

export interface HttpClient {
  readonly provider: ProviderId;
  readonly base: URL;
  request(req: HttpRequest): Promise<HttpResponse>;
  /** Removes the API key from text that might echo it (provider messages, causes). */
  redact(text: string): string;
}

// Failures that happen before a byte of the request leaves: DNS, refused or
// unreachable connections, connect timeouts, TLS handshake refusals.
const BEFORE_SEND_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'EPROTO',
]);
const BEFORE_SEND_PREFIXES = ['ERR_TLS_', 'ERR_SSL_', 'CERT_', 'UNABLE_TO_'];

// Failures once the request may have been written: resets, closed sockets, read
// timeouts. A stale keep-alive socket looks the same, so these stay 'maybe'.
const AFTER_SEND_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  'UND_ERR_ABORTED',
]);

/** Header-safe key: anything else would make fetch throw a message quoting it. */
const KEY_PATTERN = /^[\x21-\x7e]+$/;

/**
 * Why a key cannot be sent, or undefined when it can: the one rule for keys typed in
 * Settings, stored in the keychain or set in the environment. Never quotes the key.
 */
export function apiKeyProblem(key: string): string | undefined {
  if (key === '') return 'is empty';
  if (KEY_PATTERN.test(key)) return undefined;
  // Typographic quotes and spaces are what a key copied from a web page or document brings along.
  if (/[\u2018\u2019\u201c\u201d]/.test(key))
    return 'contains typographic quotes (copied from a document?)';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f\s]/.test(key)) return 'contains spaces or control characters';
  return 'contains characters outside ASCII';
}

export function createHttpClient(init: HttpClientInit): HttpClient {
  const name = PROVIDER_NAMES[init.provider];
  const base = parseBase(init.baseUrl, name);
  const keyProblem = apiKeyProblem(init.apiKey);
  if (keyProblem) {
    throw new ProviderError({
      provider: init.provider,
      kind: 'auth',
      delivery: 'no',
      message: `The API key for ${name} ${keyProblem}: check the API key for ${name}.`,
    });
  }
  const doFetch = init.fetch ?? globalThis.fetch;
  const timeoutMs = init.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const redact = (text: string): string => text.split(init.apiKey).join('[redacted]');

  const fail = (
    kind: ProviderErrorKind,
    delivery: Delivery,
    message: string,
    cause?: unknown,
  ): ProviderError =>
    new ProviderError({
      provider: init.provider,
      kind,
      delivery,
      message: redact(message),
      cause: safeCause(cause, init.apiKey),
    });

  async function request(req: HttpRequest): Promise<HttpResponse> {
    const url = resolveTarget(base, req.target);
    const what = `${req.method} ${url.pathname}`;
    const headers: Record<string, string> = { Accept: 'application/json' };
    // The key goes only to the configured origin, never to storage or output hosts.
    if (url.origin === base.origin) headers.Authorization = `Bearer ${init.apiKey}`;
    if (req.body !== undefined) headers['Content-Type'] = req.contentType ?? 'application/json';

    const limitMs = req.timeoutMs ?? timeoutMs;
    const sentBody = req.method !== 'GET';
    // One controller for the caller's signal and our timer, detached when done
    // (AbortSignal.any would tie every call to a long-lived run signal).
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException('timeout', 'TimeoutError'));
    }, limitMs);
    const onAbort = (): void => controller.abort(req.signal?.reason);
    if (req.signal?.aborted) onAbort();
    else req.signal?.addEventListener('abort', onAbort, { once: true });

    const onFailure = (e: unknown): never => {
      // The caller's own abort is not a provider failure: hand back its reason.
      if (req.signal?.aborted) throw req.signal.reason;
      if (timedOut) {
        throw fail(
          'transient',
          'maybe',
          `${name} did not answer ${what} within ${formatSeconds(limitMs)}` +
            (sentBody ? '; the request may have been received.' : '.'),
          e,
        );
      }
      const code = errorCodes(e);
      const delivery = networkDelivery(code);
      const detail = code.length > 0 ? ` (${code.join(', ')})` : '';
      throw fail(
        'transient',
        delivery,
        delivery === 'no'
          ? `${name} could not be reached for ${what}${detail}; nothing was sent.`
          : `The connection to ${name} was lost during ${what}${detail}` +
              (sentBody ? '; the request may have been received.' : '.'),
        e,
      );
    };

    let res: FetchResponse;
    let text = '';
    try {
      res = await doFetch(url, {
        method: req.method,
        headers,
        body: bodyInit(req.body),
        signal: controller.signal,
        // A redirect is a misconfigured base URL; following it could resend the key.
        redirect: 'manual',
      });
      // The timeout covers reading the answer too.
      if (req.expect === 'none') await res.body?.cancel().catch(() => undefined);
      else text = await res.text();
    } catch (e) {
      return onFailure(e);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }

    const response: HttpResponse = {
      method: req.method,
      what,
      status: res.status,
      headers: res.headers,
      body: undefined,
    };
    if (text.trim() === '') return response;
    try {
      response.body = JSON.parse(text);
    } catch (e) {
      if (res.status >= 200 && res.status < 300) {
        throw fail(
          'protocol',
          answeredDelivery(req.method),
          `${name} answered ${what} with a body that is not JSON (HTTP ${res.status})` +
            (req.method === 'GET' ? '.' : '; the request may have been processed.'),
          e,
        );
      }
      // Gateways answer errors with HTML: keep a hint, let the status classify it.
      if (!text.trimStart().startsWith('<')) response.text = redact(text.slice(0, 200));
    }
    return response;
  }

  return { provider: init.provider, base, request, redact };
}

/**
 * Delivery of a 2xx answer we cannot use: a POST was accepted (it may have created
 * a job whose id we cannot read); a GET changed nothing.
 */
export function answeredDelivery(method: HttpMethod): Delivery {
  return method === 'GET' ? 'yes' : 'maybe';
}

/** 'no' only when every code says the request never left; unknown failures stay 'maybe'. */
export function networkDelivery(codes: readonly string[]): Delivery {
  if (codes.some((c) => AFTER_SEND_CODES.has(c))) return 'maybe';
  const before = (c: string): boolean =>
    BEFORE_SEND_CODES.has(c) || BEFORE_SEND_PREFIXES.some((p) => c.startsWith(p));
  return codes.length > 0 && codes.some(before) ? 'no' : 'maybe';
}

/** Error codes along the cause chain (undici: `TypeError: fetch failed` -> cause.code). */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number): void => {
    if (depth > 8 || e === null || typeof e !== 'object' || seen.has(e)) return;
    seen.add(e);
    const { code, cause, errors } = e as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string' && !codes.includes(code)) codes.push(code);
    visit(cause, depth + 1);
    if (Array.isArray(errors)) for (const inner of errors) visit(inner, depth + 1);
  };
  visit(error, 0);
  return codes;
}

/** Retry-After as delay-seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  // Only something that looks like a date (has a month or weekday name).
  if (!/[A-Za-z]{3}/.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Encodes a model path segment by segment; `..` or empty segments are refused. */
export function encodeEndpoint(provider: ProviderId, endpoint: string): string {
  const parts = endpoint.split('/');
  if (endpoint === '' || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw invalidArgument(provider, `"${endpoint}" is not a model path`);
  }
  return parts.map(encodeURIComponent).join('/');
}

/** Encodes a request or run id, which must be one path segment. */
export function encodeId(provider: ProviderId, id: string): string {
  if (id === '' || id.includes('/') || id === '.' || id === '..' || id.length > 256) {
    throw invalidArgument(provider, `"${id.slice(0, 80)}" is not a request id`);
  }
  return encodeURIComponent(id);
}

function invalidArgument(provider: ProviderId, message: string): ProviderError {
  return new ProviderError({ provider, kind: 'validation', delivery: 'no', message });
}

function parseBase(baseUrl: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`The base URL for ${name} is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`The base URL for ${name} must be http(s).`);
  }
  url.search = '';
  url.hash = '';
  return url;
}

function resolveTarget(base: URL, target: string): URL {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return new URL(target);
  // An origin-only base keeps pathname '/', which must not double the slash.
  return new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}${target}`);
}

/** The cause is kept for debugging unless its text would reveal the key. */
function safeCause(cause: unknown, apiKey: string): unknown {
  if (cause === undefined) return undefined;
  const texts: string[] = [];
  let c: unknown = cause;
  for (let i = 0; i < 8 && c !== null && c !== undefined; i++) {
    texts.push(c instanceof Error ? `${c.message} ${c.stack ?? ''}` : String(c));
    c = c instanceof Error ? c.cause : undefined;
  }
  return texts.some((t) => t.includes(apiKey)) ? undefined : cause;
}

/** fetch's types want an ArrayBuffer-backed view; wrap (not copy) when it is one. */
function bodyInit(
  body: string | Uint8Array | undefined,
): string | Uint8Array<ArrayBuffer> | undefined {
  if (body === undefined || typeof body === 'string') return body;
  return body.buffer instanceof ArrayBuffer
    ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
    : new Uint8Array(body);
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
