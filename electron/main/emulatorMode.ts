import { ProviderIdSchema } from '../../shared/catalog/model';
import type { HostServiceOptions, KeyStore } from '../core/host';
import { envSessionKeyStore } from '../core/host';
import { loadCatalog } from '../core/catalog/loadCatalog';
import type { Emulator } from '../emulator/types';

/**
 * `--emulator` (or NODELOOM_EMULATOR=1): the desktop app against the built-in
 * provider emulator, as `npm run web -- --emulator` does. Nothing is sent to a
 * real provider or billed; the emulator's keys live in this session only and
 * never reach the keychain.
 */
export function wantsEmulator(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return argv.includes('--emulator') || env['NODELOOM_EMULATOR'] === '1';
}

export interface EmulatedHost {
  emulator: Emulator;
  keyStore: KeyStore;
  options: Pick<HostServiceOptions, 'emulated' | 'baseUrlOverrides' | 'engine'>;
}

export async function startEmulatedProviders(catalogDir: string): Promise<EmulatedHost> {
  // Loaded only on demand: a normal launch never loads the emulator's code.
  const { createEmulator } = await import('../emulator');
  const catalog = await loadCatalog(catalogDir);
  const emulator = await createEmulator({
    latency: { queueMs: 800, runMs: 2500 },
    imageScale: 0.25,
    models: catalog.models.map(({ provider, endpoint, inputSchema, pricing }) => ({
      provider,
      endpoint,
      inputSchema,
      pricing,
    })),
  });
  const keyStore = envSessionKeyStore({});
  for (const p of ProviderIdSchema.options) await keyStore.set(p, emulator.keys[p]);
  return {
    emulator,
    keyStore,
    options: {
      emulated: true,
      baseUrlOverrides: {
        runcomfy: emulator.runcomfyBaseUrl,
        runflow: emulator.runflowBaseUrl,
        google: emulator.googleBaseUrl,
      },
      engine: { pollIntervalMs: 400 },
    },
  };
}
