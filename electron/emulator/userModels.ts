import type { ModelEntry } from '../../shared/catalog/model';
import type { EventPayload } from '../../shared/contract/hostApi';
import type { HostService } from '../core/host/hostService';
import type { Emulator } from './types';

/**
 * The emulator plays the providers, which host every model a user may add: it
 * learns the user's models at start and whenever the models folder changes.
 */
export async function serveUserModels(emulator: Emulator, host: HostService): Promise<() => void> {
  const serve = (models: readonly ModelEntry[]) =>
    emulator.serve(
      models
        .filter((m) => m.origin === 'user')
        .map(({ provider, endpoint, inputSchema, pricing }) => ({
          provider,
          endpoint,
          inputSchema,
          pricing,
        })),
    );
  const off = host.subscribe((name, payload) => {
    if (name === 'catalog.changed') serve((payload as EventPayload<'catalog.changed'>).models);
  });
  serve((await host.handlers['catalog.get']({})).models);
  return off;
}
