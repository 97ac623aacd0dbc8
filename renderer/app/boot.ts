import type { HostClient } from '../../shared/contract/hostApi';
import type { SettingsView } from '../../shared/contract/settings';
import { createLiveRegistry } from '../../shared/nodes/liveRegistry';
import type { AppServices } from '../host/appContext';

export interface BootResult {
  services: AppServices;
  settings: SettingsView;
  /** Catalog files the host skipped, each naming the file and the problem. */
  catalogErrors: string[];
}

export interface BootFailure {
  /** The host did not answer at all (as opposed to answering with an error). */
  unreachable: boolean;
  message: string;
}

const BOOT_TIMEOUT_MS = 20_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new BootTimeout()), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

class BootTimeout extends Error {
  constructor() {
    super('the host did not answer in time');
  }
}

/** What the UI needs before it can show anything: app info, the catalog, the settings. */
export async function bootApp(host: HostClient, timeoutMs = BOOT_TIMEOUT_MS): Promise<BootResult> {
  const [info, catalog, settings] = await withTimeout(
    Promise.all([
      host.call('app.info', {}),
      host.call('catalog.get', {}),
      host.call('settings.get', {}),
    ]),
    timeoutMs,
  );
  // Live: the user's models folder may change while the app runs (catalog.changed).
  const registry = createLiveRegistry(catalog.models);
  return { services: { host, registry, info }, settings, catalogErrors: catalog.errors };
}

/** Says plainly why the app could not start. */
export function describeBootError(error: unknown): BootFailure {
  const message = error instanceof Error ? error.message : String(error);
  // fetch() rejects with a TypeError when nothing listens; a timeout means no answer.
  const unreachable = error instanceof BootTimeout || error instanceof TypeError;
  return { unreachable, message };
}
