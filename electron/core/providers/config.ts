import type { FetchLike } from './types';
import { z } from 'zod';
import { PROVIDER_NAMES } from '../../../shared/catalog/model';
import type { ProviderId } from '../../../shared/catalog/model';
import { err, ok } from '../../../shared/result';
import type { Result } from '../../../shared/result';
import { createRunComfyAdapter } from './runcomfy';
import { createRunflowAdapter } from './runflow';
import { apiKeyProblem } from './http';
import { nodeFetch } from './nodeTransport';
import type { ProviderAdapter, ProviderConfig } from './types';

/**
 * Provider settings from the environment, for the CLI and the web host (the desktop
 * app reads keys from the OS keychain and builds the same settings).
 */

export const RUNCOMFY_API_KEY_ENV = 'RUNCOMFY_API_KEY';
export const RUNFLOW_API_KEY_ENV = 'RUNFLOW_API_KEY';
export const RUNCOMFY_BASE_URL_ENV = 'NODELOOM_RUNCOMFY_BASE_URL';
export const RUNFLOW_BASE_URL_ENV = 'NODELOOM_RUNFLOW_BASE_URL';

/** The variables per provider, for the README and `--help`. */
export const PROVIDER_ENV: Record<ProviderId, { apiKey: string; baseUrl: string }> = {
  runcomfy: { apiKey: RUNCOMFY_API_KEY_ENV, baseUrl: RUNCOMFY_BASE_URL_ENV },
  runflow: { apiKey: RUNFLOW_API_KEY_ENV, baseUrl: RUNFLOW_BASE_URL_ENV },
};

export const DEFAULT_BASE_URLS: Record<ProviderId, string> = {
  runcomfy: 'https://model-api.runcomfy.net',
  runflow: 'https://api.runflow.io',
};

export interface ProviderSetting {
  baseUrl: string;
  /** Undefined when not set (an empty value counts as not set). */
  apiKey?: string;
}

export type ProviderSettings = Record<ProviderId, ProviderSetting>;

const ADAPTERS: Record<ProviderId, (config: ProviderConfig) => ProviderAdapter> = {
  runcomfy: createRunComfyAdapter,
  runflow: createRunflowAdapter,
};

const PROVIDERS = Object.keys(ADAPTERS) as ProviderId[];

const blankToUndefined = (v: unknown): unknown =>
  typeof v === 'string' && v.trim() === '' ? undefined : v;

// Messages never quote the value: a key pasted in the wrong variable must not be echoed.
const KeySchema = z.preprocess(
  (v) => (typeof v === 'string' ? blankToUndefined(v.trim()) : v),
  z
    .string()
    .superRefine((key, ctx) => {
      const problem = apiKeyProblem(key);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
);

const BaseUrlSchema = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a URL' });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: 'must be an http(s) URL' });
  } else if (url.username || url.password) {
    ctx.addIssue({ code: 'custom', message: 'must not contain a user name or password' });
  } else if (url.search || url.hash) {
    ctx.addIssue({ code: 'custom', message: 'must not have a query or fragment' });
  }
});

/**
 * Reads the four variables. Errors name the variable, never its value. Base URLs
 * lose a trailing slash so paths append cleanly.
 */
export function readProviderSettings(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Result<ProviderSettings, string[]> {
  const errors: string[] = [];
  const settings = {} as ProviderSettings;
  for (const provider of PROVIDERS) {
    const names = PROVIDER_ENV[provider];
    const key = KeySchema.safeParse(env[names.apiKey]);
    if (!key.success)
      errors.push(`${names.apiKey} ${key.error.issues[0]?.message ?? 'is invalid'}`);

    const rawBase = blankToUndefined(env[names.baseUrl]?.trim());
    const base = BaseUrlSchema.safeParse(rawBase ?? DEFAULT_BASE_URLS[provider]);
    if (!base.success)
      errors.push(`${names.baseUrl} ${base.error.issues[0]?.message ?? 'is invalid'}`);

    settings[provider] = {
      baseUrl: (base.success ? base.data : DEFAULT_BASE_URLS[provider]).replace(/\/+$/, ''),
      ...(key.success && key.data !== undefined ? { apiKey: key.data } : {}),
    };
  }
  return errors.length > 0 ? err(errors) : ok(settings);
}

export interface AdapterOptions {
  timeoutMs?: number;
  fetch?: FetchLike;
}

/**
 * One adapter per provider whose key is set and usable; undefined otherwise, so the
 * engine can tell the user what to set (see missingKeyMessage). An unusable key never
 * throws here: a bad stored key must not keep a host from starting.
 */
export function createAdapters(
  settings: ProviderSettings,
  options: AdapterOptions = {},
): Record<ProviderId, ProviderAdapter | undefined> {
  const adapters = {} as Record<ProviderId, ProviderAdapter | undefined>;
  for (const provider of PROVIDERS) {
    const { baseUrl, apiKey } = settings[provider];
    adapters[provider] =
      apiKey === undefined || apiKeyProblem(apiKey) !== undefined
        ? undefined
        : ADAPTERS[provider]({ baseUrl, apiKey, fetch: nodeFetch, ...options });
  }
  return adapters;
}

/** `Runflow has no API key: set RUNFLOW_API_KEY.` */
export function missingKeyMessage(provider: ProviderId): string {
  return `${PROVIDER_NAMES[provider]} has no API key: set ${PROVIDER_ENV[provider].apiKey}.`;
}
