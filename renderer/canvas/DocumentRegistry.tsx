import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { withComponents } from '../../shared/nodes/componentSpecs';
import { AppContext, useApp } from '../host/appContext';
import { useGraphStore } from '../store/context';

/**
 * Gives what is inside it a registry that also knows the open document's components
 * (instances and an opened component's boundary), read at each lookup.
 */
export function DocumentRegistry({ children }: { children?: ReactNode }) {
  const app = useApp();
  const store = useGraphStore();
  const value = useMemo(
    () => ({
      ...app,
      registry: withComponents(app.registry, () => store.getState().doc.components),
    }),
    [app, store],
  );
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}
