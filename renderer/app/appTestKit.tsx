/// <reference types="vite/client" />
import { render, waitFor } from '@testing-library/react';
import { expect } from 'vitest';
import type { RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { parseCatalog } from '../../shared/catalog/catalog';
import type { ModelEntry } from '../../shared/catalog/model';
import type {
  CallInput,
  CallName,
  CallOutput,
  EventName,
  EventPayload,
  HostClient,
} from '../../shared/contract/hostApi';
import { createSettingsStore } from './settingsStore';
import type { SettingsView } from '../../shared/contract/settings';
import type { GraphDocument } from '../../shared/graph/document';
import { createNodeRegistry } from '../../shared/nodes/registry';
import type { NodeRegistry } from '../../shared/nodes/registry';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import { GraphStoreProvider, RunStoreProvider } from '../store/context';
import { AppContext } from '../host/appContext';
import type { AppServices } from '../host/appContext';
import { createStudio } from './studioSession';
import { StudioContext } from './studioContext';
import type { Studio } from './studioContext';

/** Tests only: the real catalog in the source tree, a fake host, a studio around them. */

export function testModels(): ModelEntry[] {
  const files = import.meta.glob<unknown>('../../shared/catalog/models/**/*.json', {
    eager: true,
    import: 'default',
  });
  const { models, errors } = parseCatalog(
    Object.entries(files).map(([origin, json]) => ({ origin, json })),
  );
  if (errors.length > 0) throw new Error(`catalog: ${errors.join('; ')}`);
  return models;
}

export const models = testModels();
export const registry: NodeRegistry = createNodeRegistry(models);

export const settingsView = (over: Partial<SettingsView> = {}): SettingsView => ({
  providers: {
    runcomfy: { baseUrl: 'https://api.runcomfy.net', keySet: false, keySource: 'none' },
    runflow: { baseUrl: 'https://api.runflow.io', keySet: true, keySource: 'keychain' },
    google: {
      baseUrl: 'https://generativelanguage.googleapis.com',
      keySet: false,
      keySource: 'none',
    },
  },
  concurrency: { global: 8, perProvider: 4 },
  budgetUsd: null,
  modelPrices: {},
  outputDir: null,
  snippets: [],
  ...over,
});

export const appInfo = (over: Partial<CallOutput<'app.info'>> = {}): CallOutput<'app.info'> => ({
  version: '0.1.0',
  emulated: true,
  nativeDialogs: false,
  workspaceDir: '/work',
  ...over,
});

type Handler<K extends CallName> = (input: CallInput<K>) => CallOutput<K> | Promise<CallOutput<K>>;
export type Handlers = { [K in CallName]?: Handler<K> };

export interface FakeHost extends HostClient {
  /** Every call made, in order. */
  calls: Array<{ name: CallName; input: unknown }>;
  callsOf<K extends CallName>(name: K): Array<CallInput<K>>;
  emit<K extends EventName>(name: K, payload: EventPayload<K>): void;
  /** How many subscribers an event has. */
  listenerCount(name: EventName): number;
  /**
   * Emits once the app listens: it subscribes in an effect, and an event sent before
   * that would be lost (a race that shows on a loaded machine).
   */
  emitWhenListening<K extends EventName>(name: K, payload: EventPayload<K>): Promise<void>;
}

const defaults: Handlers = {
  'app.info': () => appInfo(),
  'catalog.get': () => ({ models, errors: [] }),
  'settings.get': () => settingsView(),
  'run.start': () => ({ ok: true, runId: 'run-1' }),
  'run.cancel': () => ({ cancelled: true }),
  'workflow.list': () => ({ dir: '/work', parent: null, entries: [] }),
  'workflow.write': ({ path }) => ({ path }),
  'recovery.list': () => ({ entries: [] }),
  'recovery.save': () => ({ ok: true }),
  'recovery.discard': () => ({ ok: true }),
  'workflow.stat': () => ({ exists: false, mtimeMs: 0, size: 0, sha256: '' }),
  // Every image is inside the workflow's folder; paths need no change.
  'images.outside': () => ({ outside: [] }),
  'images.rebase': ({ sources }) => ({ sources }),
  'history.delete': ({ runIds }) => ({ deleted: runIds }),
  'history.latest': () => ({ run: null }),
  'queue.list': () => ({ items: [], paused: false }),
};

/** A HostClient over plain functions: no network, calls recorded, events emitted by hand. */
export function fakeHost(handlers: Handlers = {}): FakeHost {
  const all: Handlers = { ...defaults, ...handlers };
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: FakeHost['calls'] = [];
  return {
    calls,
    callsOf: <K extends CallName>(name: K) =>
      calls.filter((c) => c.name === name).map((c) => c.input as CallInput<K>),
    async call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
      calls.push({ name, input });
      const handler = all[name] as Handler<K> | undefined;
      if (!handler) throw new Error(`fake host: no handler for ${name}`);
      return handler(input);
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (payload: unknown) => void);
      return () => void set.delete(listener as (payload: unknown) => void);
    },
    listenerCount: (name) => listeners.get(name)?.size ?? 0,
    async emitWhenListening(name, payload) {
      await waitFor(() => expect(listeners.get(name)?.size ?? 0).toBeGreaterThan(0));
      for (const l of listeners.get(name) ?? []) l(payload);
    },
    emit(name, payload) {
      for (const l of listeners.get(name) ?? []) l(payload);
    },
    imageUrl: (hash) => `http://127.0.0.1:9/api/blob/${hash}`,
    thumbUrl: (hash, size = 256) => `http://127.0.0.1:9/api/thumb/${hash}?size=${size}`,
  };
}

/** Two Runflow edits ($0.15 each) fed by a prompt and an image: valid, $0.30. */
export function pricedGraph(): GraphDocument {
  const g = testGraph();
  const p = g.prompt();
  const img = g.loadImage();
  const e1 = g.model(MODELS.runflowProEdit);
  g.connect(p, 'text', e1, 'prompt');
  g.connect(img, 'image', e1, 'image_urls');
  const e2 = g.model(MODELS.runflowProEdit);
  g.connect(p, 'text', e2, 'prompt');
  g.connect(e1, 'images', e2, 'image_urls');
  return g.doc();
}

export interface StudioHarness extends RenderResult {
  host: FakeHost;
  studio: Studio;
  services: AppServices;
}

export interface StudioSetup {
  host?: FakeHost;
  info?: Partial<CallOutput<'app.info'>>;
  settings?: Partial<SettingsView>;
  doc?: GraphDocument;
  filePath?: string | null;
}

/** A studio with the given document, its contexts around `ui` (no canvas). */
export function renderStudio(ui: ReactNode, setup: StudioSetup = {}): StudioHarness {
  const host = setup.host ?? fakeHost();
  const info = appInfo(setup.info);
  const services: AppServices = { host, registry, info };
  const studio = createStudio({
    host,
    registry,
    info,
    settings: createSettingsStore(settingsView(setup.settings)),
    catalogErrors: [],
  });
  if (setup.doc) studio.graph.getState().load(setup.doc, setup.filePath ?? null);
  const result = render(
    <AppContext.Provider value={services}>
      <StudioContext.Provider value={studio}>
        <GraphStoreProvider store={studio.graph}>
          <RunStoreProvider store={studio.run}>{ui}</RunStoreProvider>
        </GraphStoreProvider>
      </StudioContext.Provider>
    </AppContext.Provider>,
  );
  return { ...result, host, studio, services };
}
