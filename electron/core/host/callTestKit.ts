import { CALL_NAMES } from '../../../shared/contract/hostApi';
import type { CallName, HostHandlers } from '../../../shared/contract/hostApi';

/** Test double of the host service's handlers, for the call pipeline's tests. */

const settingsView = {
  providers: {
    runcomfy: { baseUrl: 'https://x', keySet: false, keySource: 'none' as const },
    runflow: { baseUrl: 'https://y', keySet: false, keySource: 'none' as const },
    google: { baseUrl: 'https://z', keySet: false, keySource: 'none' as const },
  },
  concurrency: { global: 8, perProvider: 4 },
  budgetUsd: null,
  modelPrices: {},
  outputDir: null,
  snippets: [],
};

/** Handlers that record their calls; only the ones a test uses answer anything real. */
export function spyHandlers() {
  const called: string[] = [];
  const handlers = {} as Record<CallName, (input: unknown) => Promise<unknown>>;
  for (const name of CALL_NAMES) {
    handlers[name] = async () => {
      called.push(name);
      if (name === 'app.info')
        return { version: '1', emulated: false, nativeDialogs: true, workspaceDir: '/w' };
      return settingsView;
    };
  }
  return { called, handlers: handlers as unknown as HostHandlers };
}
