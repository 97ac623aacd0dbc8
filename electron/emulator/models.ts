import { loadCatalog } from '../core/catalog/loadCatalog';
import type { EmulatorModel } from './types';

/**
 * The default models: the catalog's data files, the same schemas the app builds
 * its nodes from. A broken catalog file fails loudly here rather than making the
 * emulator quietly answer 404 for a model the app offers.
 */
export async function loadDefaultModels(): Promise<EmulatorModel[]> {
  const { models, errors } = await loadCatalog();
  if (errors.length > 0) throw new Error(`Emulator: catalog errors:\n${errors.join('\n')}`);
  return models.map(({ provider, endpoint, inputSchema, pricing }) => ({
    provider,
    endpoint,
    inputSchema,
    pricing,
  }));
}
