import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { GraphDocument } from '../../../shared/graph/document';
import { AppContext } from '../../host/appContext';
import type { AppServices } from '../../host/appContext';
import { GraphStoreProvider, RunStoreProvider } from '../../store/context';
import { createGraphStore } from '../../store/graphStore';
import type { GraphStore } from '../../store/graphStore';
import { sequentialIds } from '../../store/ids';
import { createRunStore } from '../../store/runStore';
import type { RunStore } from '../../store/runStore';
import { seedRegistry } from '../../widgets/testing/seedCatalog';

/** A host that serves nothing but image URLs: enough for the canvas. */
export const fakeHost: AppServices['host'] = {
  call: () => Promise.reject(new Error('no host in canvas tests')),
  on: () => () => {},
  imageUrl: (hash) => `nodeloom-image://${hash}`,
  thumbUrl: (hash, size = 256) => `nodeloom-image://${hash}?thumb=${size}`,
};

export interface Harness {
  graph: GraphStore;
  run: RunStore;
  services: AppServices;
}

/** The stores and services the canvas needs, over the real seed catalog. */
export function createHarness(doc?: GraphDocument): Harness {
  const registry = seedRegistry();
  return {
    graph: createGraphStore({
      registry,
      ids: sequentialIds(),
      ...(doc ? { initial: doc } : {}),
    }),
    run: createRunStore(),
    services: {
      host: fakeHost,
      registry,
      info: { version: 'test', emulated: true, nativeDialogs: false, workspaceDir: '/tmp' },
    },
  };
}

export function Providers({ harness, children }: { harness: Harness; children: ReactNode }) {
  return (
    <AppContext.Provider value={harness.services}>
      <GraphStoreProvider store={harness.graph}>
        <RunStoreProvider store={harness.run}>{children}</RunStoreProvider>
      </GraphStoreProvider>
    </AppContext.Provider>
  );
}

export function renderWith(harness: Harness, ui: ReactNode) {
  return render(<Providers harness={harness}>{ui}</Providers>);
}
