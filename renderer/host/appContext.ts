import { createContext, useContext } from 'react';
import type { CallOutput, HostClient } from '../../shared/contract/hostApi';
import type { NodeRegistry } from '../../shared/nodes/registry';

/** What every part of the UI may need and that does not change while it runs. */
export interface AppServices {
  host: HostClient;
  registry: NodeRegistry;
  info: CallOutput<'app.info'>;
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside <AppContext.Provider>');
  return app;
}
