import type { ModelEntry } from '../catalog/model';
import { createNodeRegistry } from './registry';
import type { NodeRegistry } from './registry';

/**
 * A node registry whose models can be replaced while the app runs (the user's models
 * folder changed). Everything holding it sees the new catalog at its next lookup;
 * views that list node types subscribe to redraw.
 */
export interface LiveNodeRegistry extends NodeRegistry {
  replace(models: readonly ModelEntry[]): void;
  /** Called after every replace; returns the function that unsubscribes. */
  subscribe(listener: () => void): () => void;
  /** Increases with every replace (a snapshot for useSyncExternalStore). */
  version(): number;
}

export function createLiveRegistry(models: readonly ModelEntry[]): LiveNodeRegistry {
  let current = createNodeRegistry(models);
  let version = 0;
  const listeners = new Set<() => void>();
  return {
    get: (type) => current.get(type),
    all: () => current.all(),
    models: () => current.models(),
    replace(next) {
      // Built first: a catalog with a duplicate type throws and leaves the old one in place.
      current = createNodeRegistry(next);
      version += 1;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    version: () => version,
  };
}

/** The registry's live side, when it has one (tests and the CLI use fixed registries). */
export function asLive(registry: NodeRegistry): LiveNodeRegistry | undefined {
  return 'replace' in registry ? (registry as LiveNodeRegistry) : undefined;
}
