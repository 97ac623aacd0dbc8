import { useSyncExternalStore } from 'react';
import { asLive } from '../../shared/nodes/liveRegistry';
import type { NodeRegistry } from '../../shared/nodes/registry';

const noChanges = () => () => undefined;
const firstVersion = () => 0;

/**
 * A number that changes whenever a live registry's models change (the user's models
 * folder, Add Model): what derives from the catalog lists it beside the registry,
 * since the registry itself stays the same object.
 */
export function useRegistryVersion(registry: NodeRegistry): number {
  const live = asLive(registry);
  return useSyncExternalStore(live?.subscribe ?? noChanges, live?.version ?? firstVersion);
}
