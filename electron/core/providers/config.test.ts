import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BASE_URLS,
  PROVIDER_ENV,
  RUNCOMFY_API_KEY_ENV,
  RUNFLOW_API_KEY_ENV,
  RUNFLOW_BASE_URL_ENV,
  createAdapters,
  missingKeyMessage,
  readProviderSettings,
} from './config';
import type { ProviderSettings } from './config';

const settingsOf = (env: Record<string, string | undefined>): ProviderSettings => {
  const r = readProviderSettings(env);
  if (!r.ok) throw new Error(r.error.join('; '));
  return r.value;
};

describe('readProviderSettings', () => {
  it('uses the documented defaults and treats absent keys as not set', () => {
    expect(settingsOf({})).toEqual({
      runcomfy: { baseUrl: 'https://model-api.runcomfy.net' },
      runflow: { baseUrl: 'https://api.runflow.io' },
      google: { baseUrl: 'https://generativelanguage.googleapis.com' },
    });
    expect(DEFAULT_BASE_URLS.runflow).toBe('https://api.runflow.io');
  });

  it('reads keys (trimmed) and base URLs (without trailing slash)', () => {
    expect(
      settingsOf({
        RUNCOMFY_API_KEY: '  rc_key_1\n',
        RUNFLOW_API_KEY: 'rf_live_2',
        NODELOOM_RUNCOMFY_BASE_URL: 'http://127.0.0.1:9000/',
        NODELOOM_RUNFLOW_BASE_URL: 'http://localhost:9001/runflow',
      }),
    ).toEqual({
      runcomfy: { baseUrl: 'http://127.0.0.1:9000', apiKey: 'rc_key_1' },
      runflow: { baseUrl: 'http://localhost:9001/runflow', apiKey: 'rf_live_2' },
      google: { baseUrl: DEFAULT_BASE_URLS.google },
    });
  });

  it('reads the Google key from GOOGLE_API_KEY, else GEMINI_API_KEY', () => {
    expect(settingsOf({ GEMINI_API_KEY: 'AIza-gemini' }).google.apiKey).toBe('AIza-gemini');
    expect(
      settingsOf({ GOOGLE_API_KEY: 'AIza-google', GEMINI_API_KEY: 'AIza-gemini' }).google.apiKey,
    ).toBe('AIza-google');
    expect(missingKeyMessage('google')).toBe(
      'Google has no API key: set GOOGLE_API_KEY (or GEMINI_API_KEY).',
    );
  });

  it('an empty or blank key is not set; a blank base URL is the default', () => {
    expect(
      settingsOf({ RUNCOMFY_API_KEY: '', RUNFLOW_API_KEY: '   ', NODELOOM_RUNFLOW_BASE_URL: ' ' }),
    ).toEqual({
      runcomfy: { baseUrl: DEFAULT_BASE_URLS.runcomfy },
      runflow: { baseUrl: DEFAULT_BASE_URLS.runflow },
      google: { baseUrl: DEFAULT_BASE_URLS.google },
    });
  });

  it('names the bad variables and never echoes their values', () => {
    const r = readProviderSettings({
      RUNFLOW_API_KEY: 'rf_live_abc def',
      NODELOOM_RUNCOMFY_BASE_URL: 'ftp://files.example',
      NODELOOM_RUNFLOW_BASE_URL: 'https://user:pw@api.runflow.io',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual([
      'NODELOOM_RUNCOMFY_BASE_URL must be an http(s) URL',
      'RUNFLOW_API_KEY contains spaces or control characters',
      'NODELOOM_RUNFLOW_BASE_URL must not contain a user name or password',
    ]);
    expect(r.error.join(' ')).not.toContain('abc def');
    expect(r.error.join(' ')).not.toContain('pw@');
  });

  it('refuses something that is not a URL', () => {
    const r = readProviderSettings({ [RUNFLOW_BASE_URL_ENV]: 'api.runflow.io' });
    expect(r.ok ? [] : r.error).toEqual(['NODELOOM_RUNFLOW_BASE_URL is not a URL']);
  });
});

describe('createAdapters', () => {
  it('creates an adapter per provider with a key, undefined otherwise', () => {
    const adapters = createAdapters(settingsOf({ [RUNFLOW_API_KEY_ENV]: 'rf_live_x' }));
    expect(adapters.runcomfy).toBeUndefined();
    expect(adapters.runflow?.id).toBe('runflow');
    const both = createAdapters(
      settingsOf({ [RUNFLOW_API_KEY_ENV]: 'rf_live_x', [RUNCOMFY_API_KEY_ENV]: 'rc_y' }),
    );
    expect(both.runcomfy?.id).toBe('runcomfy');
  });

  it('tells which variable to set', () => {
    expect(missingKeyMessage('runflow')).toBe('Runflow has no API key: set RUNFLOW_API_KEY.');
    expect(PROVIDER_ENV.runcomfy).toEqual({
      apiKey: 'RUNCOMFY_API_KEY',
      baseUrl: 'NODELOOM_RUNCOMFY_BASE_URL',
    });
  });
});
