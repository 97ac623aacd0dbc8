import { googleErrorFor } from './gemini';
import { json } from './reply';
import type { Reply } from './reply';
import { pathText } from './schema';
import type { FieldIssue } from './schema';
import type { Fault, ProviderId } from './types';

/**
 * Provider error bodies. RunComfy: {error_code, error_message, detail?} with the
 * documented numeric codes; Runflow: {code, message, errors[]}. Where the docs
 * name no code for a status, the plainest one is used (429001, VALIDATION_ERROR...).
 */
const RUNCOMFY: Record<number, [number, string]> = {
  400: [400001, 'Bad request'],
  401: [401001, 'Unauthorized'],
  402: [400002, 'Insufficient balance'],
  403: [403001, 'Forbidden'],
  404: [404001, 'Request not found or expired'],
  413: [413001, 'Request body too large'],
  422: [422001, 'Invalid input'],
  429: [429001, 'Too many requests'],
};
const RUNFLOW: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', 'Bad request'],
  401: ['UNAUTHORIZED', 'Invalid or missing API key'],
  402: ['INSUFFICIENT_CREDIT', 'Insufficient credit'],
  403: ['FORBIDDEN', 'Forbidden'],
  404: ['NOT_FOUND', 'Not found'],
  405: ['METHOD_NOT_ALLOWED', 'Method not allowed'],
  409: ['CONFLICT', 'Conflict'],
  413: ['PAYLOAD_TOO_LARGE', 'Request body too large'],
  422: ['VALIDATION_ERROR', 'Validation error'],
  429: ['RATE_LIMITED', 'Rate limit exceeded'],
  503: ['MODEL_UNAVAILABLE', 'Model temporarily unavailable'],
};

export const runcomfyError = (
  status: number,
  code: number,
  message: string,
  detail?: unknown[],
): Reply =>
  json(status, { error_code: code, error_message: message, ...(detail ? { detail } : {}) });

export const runflowError = (
  status: number,
  code: string,
  message: string,
  errors: unknown[] = [],
): Reply => json(status, { code, message, errors });

/** The provider's default error body for a status. */
export function providerError(provider: ProviderId, status: number, message?: string): Reply {
  if (provider === 'google') return googleErrorFor(status, message);
  if (provider === 'runcomfy') {
    const [code, text] =
      RUNCOMFY[status] ??
      (status >= 500 ? [500001, 'Internal server error'] : [status * 1000 + 1, 'Error']);
    return runcomfyError(status, code, message ?? text);
  }
  const [code, text] =
    RUNFLOW[status] ??
    (status >= 500 ? ['INTERNAL_ERROR', 'Internal server error'] : ['ERROR', 'Error']);
  return runflowError(status, code, message ?? text);
}

export function faultReply(provider: ProviderId, fault: Extract<Fault, { kind: 'http' }>): Reply {
  const base =
    fault.body === undefined
      ? providerError(provider, fault.status)
      : json(fault.status, fault.body);
  return fault.retryAfterSeconds === undefined
    ? base
    : { ...base, headers: { ...base.headers, 'Retry-After': String(fault.retryAfterSeconds) } };
}

/** Bearer auth on every API call; null when the key is right. */
export function authProblem(
  provider: ProviderId,
  key: string,
  header: string | undefined,
): Reply | null {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (token === key) return null;
  if (provider === 'runflow') {
    return runflowError(401, 'UNAUTHORIZED', token ? 'Invalid API key' : 'Missing bearer token');
  }
  // Both answer 401 so clients classify them as auth; the codes tell them apart.
  return token
    ? runcomfyError(401, 400004, 'Invalid API token')
    : runcomfyError(401, 401001, 'Missing or malformed Authorization header');
}

/** 422 naming each bad field, in each provider's shape. */
export function validationError(
  provider: ProviderId,
  issues: readonly FieldIssue[],
  runflowPrefix = 'input',
): Reply {
  const prefix = provider === 'runflow' ? runflowPrefix : '';
  const summary = issues.map((i) => `${pathText(i.path, prefix)}: ${i.message}`).join('; ');
  if (provider === 'runcomfy') {
    // FastAPI-style detail items: loc is the path from the request body.
    const detail = issues.map((i) => ({ loc: ['body', ...i.path], msg: i.message, type: i.type }));
    return runcomfyError(422, 422001, `Invalid input: ${summary}`, detail);
  }
  const errors = issues.map((i) => ({
    field: pathText(i.path, runflowPrefix),
    message: i.message,
    type: i.type,
  }));
  return runflowError(422, 'VALIDATION_ERROR', `Invalid input: ${summary}`, errors);
}
