import { z } from 'zod';
import { PROVIDER_NAMES } from '../../../shared/catalog/model';
import { answeredDelivery, parseRetryAfter } from './http';
import type { HttpClient, HttpMethod, HttpResponse } from './http';
import { ProviderError } from './types';
import type { Delivery, JobState, ProviderErrorKind } from './types';

/**
 * HTTP status + error body -> ProviderError. Shared by both providers: their error
 * envelopes differ (RunComfy `{error_code, error_message, detail[]}`, Runflow
 * `{code, message, errors[]}` or `{error: {code, message}}`), so the reader accepts
 * either and the status decides the kind unless a provider code says otherwise.
 */

export interface FieldIssue {
  field?: string;
  message?: string;
}

export interface ErrorBody {
  code?: string;
  message?: string;
  fields: FieldIssue[];
}

const Code = z.union([z.string(), z.number()]).transform(String);
const Text = z.string();
const PathPart = z.union([z.string(), z.number()]);
const Path = z.union([z.string(), z.array(PathPart)]);

// Every field is optional and `.catch`es: an odd error body must never hide the status.
const FieldIssueSchema = z.looseObject({
  loc: Path.optional().catch(undefined),
  field: Path.optional().catch(undefined),
  path: Path.optional().catch(undefined),
  param: Text.optional().catch(undefined),
  property: Text.optional().catch(undefined),
  name: Text.optional().catch(undefined),
  msg: Text.optional().catch(undefined),
  message: Text.optional().catch(undefined),
  detail: Text.optional().catch(undefined),
});

const ErrorEnvelopeSchema = z.looseObject({
  error_code: Code.nullish().catch(undefined),
  code: Code.nullish().catch(undefined),
  error_message: Text.nullish().catch(undefined),
  message: Text.nullish().catch(undefined),
  error: z
    .union([
      Text,
      z.looseObject({
        code: Code.nullish().catch(undefined),
        message: Text.nullish().catch(undefined),
        errors: z.array(z.unknown()).nullish().catch(undefined),
      }),
    ])
    .nullish()
    .catch(undefined),
  detail: z
    .union([Text, z.array(z.unknown())])
    .nullish()
    .catch(undefined),
  errors: z.array(z.unknown()).nullish().catch(undefined),
});

/** Reads whichever error envelope the provider used; never throws. */
export function readErrorBody(body: unknown): ErrorBody {
  const parsed = ErrorEnvelopeSchema.safeParse(body);
  if (!parsed.success) return { fields: [] };
  const b = parsed.data;
  const nested = typeof b.error === 'object' && b.error !== null ? b.error : undefined;
  const message =
    b.error_message ??
    b.message ??
    nested?.message ??
    (typeof b.error === 'string' ? b.error : undefined) ??
    (typeof b.detail === 'string' ? b.detail : undefined);
  const issues = [
    ...(Array.isArray(b.detail) ? b.detail : []),
    ...(b.errors ?? []),
    ...(nested?.errors ?? []),
  ];
  return {
    code: b.error_code ?? b.code ?? nested?.code ?? undefined,
    message: message ?? undefined,
    fields: issues.flatMap(readFieldIssue),
  };
}

function readFieldIssue(item: unknown): FieldIssue[] {
  if (typeof item === 'string') return [{ message: item }];
  const parsed = FieldIssueSchema.safeParse(item);
  if (!parsed.success) return [];
  const i = parsed.data;
  const path = i.loc ?? i.field ?? i.path ?? i.param ?? i.property ?? i.name;
  const field = path === undefined ? undefined : fieldName(path);
  const message = i.msg ?? i.message ?? i.detail;
  return field === undefined && message === undefined ? [] : [{ field, message }];
}

/**
 * `["body", "input", "image_urls", 0]` -> `image_urls.0`: the wrapper segments are
 * ours, the rest is the model's own field, as the node's widget names it.
 */
function fieldName(path: string | (string | number)[]): string | undefined {
  const parts = (typeof path === 'string' ? path.split('.') : path.map(String)).filter(
    (p) => p !== '',
  );
  while (parts.length > 1 && (parts[0] === 'body' || parts[0] === 'input')) parts.shift();
  return parts.length > 0 ? parts.join('.') : undefined;
}

// How APIs word "this field does not exist" (pydantic, JSON Schema, zod, Rails, Joi...).
const UNKNOWN_FIELD =
  /extra (inputs?|fields?|keys?)|not permitted|unknown (field|key|parameter|propert|argument)|unrecognized (field|key|argument|propert)|additional propert|unexpected (field|key|propert|argument)|is not allowed$/i;

/** The fields an error names as unknown to the provider (a field our request should not carry). */
export function unknownFields(fields: readonly FieldIssue[]): string[] {
  const names = fields.flatMap((f) =>
    f.field !== undefined && f.message !== undefined && UNKNOWN_FIELD.test(f.message.trim())
      ? [f.field]
      : [],
  );
  return [...new Set(names)];
}

/** Kind by HTTP status; anything unrecognised is a protocol problem. */
export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 402) return 'credit';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 429) return 'rate_limit';
  if (status === 408) return 'transient';
  if (status >= 400 && status < 500) return 'validation';
  if (status >= 500 && status < 600) return 'transient';
  return 'protocol';
}

/**
 * Whether the call took effect. A 4xx, 429 or 503 is a refusal before any work (a
 * submit created no job); other 5xx come from gateways or crashes after the
 * provider may have accepted the job.
 */
export function deliveryForStatus(status: number, method: HttpMethod): Delivery {
  if (status >= 300 && status < 400) return status === 303 && method !== 'GET' ? 'maybe' : 'no';
  if (status >= 400 && status < 500) return 'no';
  if (status === 503) return 'no';
  return 'maybe';
}

export interface ClassifyOptions {
  /** The status to classify by, when it differs from the HTTP one (RunComfy 200 + error_code). */
  status?: number;
  /** A provider code that decides the kind whatever the status (RunComfy 400002 -> credit). */
  kindForCode?: (code: string) => ProviderErrorKind | undefined;
}

/** The ProviderError for an answer that is an error (non-2xx, or an error body). */
export function errorFromResponse(
  http: HttpClient,
  res: HttpResponse,
  options: ClassifyOptions = {},
): ProviderError {
  const name = PROVIDER_NAMES[http.provider];
  const status = options.status ?? res.status;
  const body = readErrorBody(res.body);
  const kind = (body.code && options.kindForCode?.(body.code)) || kindForStatus(status);
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
  const ref = `HTTP ${res.status}${body.code ? `, code ${body.code}` : ''}`;
  const said = clip(body.message ?? res.text);
  const tail = said ? `: ${said}` : '.';

  let message: string;
  switch (kind) {
    case 'validation': {
      // A refusal (4xx) of a POST created nothing: say so, it is what the artist asks first.
      const refused = res.method !== 'GET' && deliveryForStatus(status, res.method) === 'no';
      const nothing = refused ? ' Nothing was created or billed.' : '';
      const unknown = unknownFields(body.fields);
      if (unknown.length > 0) {
        const named = unknown.map((f) => `"${f}"`).join(', ');
        message =
          `${name} rejected ${res.what} (${ref}): it does not accept the field${unknown.length > 1 ? 's' : ''} ${named}.` +
          `${nothing}${said ? ` ${name} says: ${said}` : ''}`;
        break;
      }
      const fields = body.fields.map((f) =>
        f.field && f.message ? `${f.field}: ${clip(f.message, 120)}` : (f.field ?? f.message),
      );
      const list = fields.length > 0 ? ` [${fields.join('; ')}]` : '';
      message = `${name} rejected ${res.what} (${ref})${tail}${list}${nothing}`;
      break;
    }
    case 'auth':
      message = `${name} refused the API key for ${res.what} (${ref}): check the API key for ${name}.${said ? ` ${name} says: ${said}` : ''}`;
      break;
    case 'credit':
      message = `${name} reports insufficient balance (${ref}): add credit to the ${name} account.${said ? ` ${name} says: ${said}` : ''}`;
      break;
    case 'not_found':
      // A GET names a request or run, which providers forget after a while.
      message =
        `${name} has nothing at ${res.what} (${ref})${tail}` +
        (res.method === 'GET' ? ' The request may have expired at the provider.' : '');
      break;
    case 'rate_limit':
      message =
        `${name} is rate limiting requests (${ref})` +
        (retryAfterMs !== undefined ? `; retry after ${Math.ceil(retryAfterMs / 1000)} s.` : '.');
      break;
    case 'transient':
      message = `${name} failed temporarily on ${res.what} (${ref})${tail}`;
      break;
    default:
      message =
        status >= 300 && status < 400
          ? `${name} redirected ${res.what} (${ref}): check the ${name} base URL.`
          : `${name} answered ${res.what} unexpectedly (${ref})${tail}`;
  }

  return new ProviderError({
    provider: http.provider,
    kind,
    delivery: deliveryForStatus(status, res.method),
    message: http.redact(message),
    status: res.status,
    code: body.code,
    retryAfterMs,
  });
}

/** Parses a 2xx answer; a shape we cannot use is a protocol error. */
export function parseAnswer<T>(http: HttpClient, res: HttpResponse, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(res.body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw protocolError(
    http,
    res.method,
    `${PROVIDER_NAMES[http.provider]} answered ${res.what} with an unexpected shape` +
      `${where}: ${issue?.message ?? 'unreadable'}` +
      (res.method === 'GET' ? '.' : '; the request may have been processed.'),
    res.status,
  );
}

export function protocolError(
  http: HttpClient,
  method: HttpMethod,
  message: string,
  status?: number,
): ProviderError {
  return new ProviderError({
    provider: http.provider,
    kind: 'protocol',
    delivery: answeredDelivery(method),
    message: http.redact(message),
    status,
  });
}

/**
 * `result()` asked for a job that has no result: still running (ask again later),
 * or ended without outputs (show the provider's reason).
 */
export function noResultError(
  http: HttpClient,
  requestId: string,
  state: JobState,
  reason?: string,
): ProviderError {
  const name = PROVIDER_NAMES[http.provider];
  const unfinished = state === 'queued' || state === 'running';
  const said = clip(reason);
  return new ProviderError({
    provider: http.provider,
    kind: unfinished ? 'transient' : 'validation',
    delivery: 'yes',
    message: http.redact(
      unfinished
        ? `${name} request ${requestId} has no result yet (${state}).`
        : `${name} request ${requestId} ${state === 'cancelled' ? 'was cancelled' : 'failed'}${said ? `: ${said}` : '.'}`,
    ),
  });
}

/** Output URLs the engine will download: only web URLs or inline data. */
export function isOutputUrl(url: string): boolean {
  return /^(https?:\/\/|data:)/i.test(url);
}

function clip(text: string | undefined, max = 300): string | undefined {
  const t = text?.replace(/\s+/g, ' ').trim();
  if (!t) return undefined;
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/**
 * A cost in USD as providers send it (RunComfy a number, Runflow a decimal string).
 * Lenient on purpose: an odd cost must not lose a finished, paid result.
 */
export function parseUsd(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** A failure reason from a string or `{message}` / `{error_message}` object. */
export function readReason(...candidates: unknown[]): string | undefined {
  for (const c of candidates) {
    if (typeof c === 'string' && c.trim() !== '') return c;
    if (typeof c === 'object' && c !== null) {
      const body = readErrorBody(c);
      if (body.message) return body.message;
    }
  }
  return undefined;
}
