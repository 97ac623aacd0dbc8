import type { ProviderId } from '../../../shared/catalog/model';
import { envApiKey } from '../providers/config';

export type KeySource = 'keychain' | 'environment' | 'session' | 'none';

/**
 * Where the provider API keys live. Only the Node side ever holds one: the host
 * service reads keys to build the provider clients and tells the UI nothing but
 * `source()`. The desktop shell implements it on the OS keychain; the web host
 * uses `envSessionKeyStore`.
 */
export interface KeyStore {
  get(provider: ProviderId): string | undefined;
  source(provider: ProviderId): KeySource;
  set(provider: ProviderId, key: string): void | Promise<void>;
  clear(provider: ProviderId): void | Promise<void>;
}

/**
 * Keys from RUNCOMFY_API_KEY / RUNFLOW_API_KEY, or entered in the UI for this
 * session only: kept in memory, never written to disk (a browser-served app has no
 * OS keychain to protect them with).
 */
export function envSessionKeyStore(
  env: Readonly<Record<string, string | undefined>> = process.env,
): KeyStore {
  const session = new Map<ProviderId, string>();
  // Clearing a key that came from the environment hides it for this session, so
  // "Clear" always leaves the provider without a key, as the UI says.
  const hidden = new Set<ProviderId>();
  const fromEnv = (p: ProviderId): string | undefined => {
    if (hidden.has(p)) return undefined;
    const value = envApiKey(p, env)?.trim();
    return value ? value : undefined;
  };
  return {
    get: (p) => session.get(p) ?? fromEnv(p),
    source: (p) => (session.has(p) ? 'session' : fromEnv(p) ? 'environment' : 'none'),
    set: (p, key) => void session.set(p, key.trim()),
    clear: (p) => {
      session.delete(p);
      hidden.add(p);
    },
  };
}
