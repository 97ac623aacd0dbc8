import { createContext, useContext, useMemo } from 'react';
import type { ReactNode } from 'react';
import { useStoreWithEqualityFn } from 'zustand/traditional';
import type { GraphStore } from './graphStore';
import type { RunStore } from './runStore';
import type { RunActions, RunStoreState } from './runTypes';
import type { GraphActions, GraphStoreState } from './types';

/**
 * One store per open document, handed down by context (as React Flow does with its own
 * store) rather than a module singleton: tests and a second window get their own.
 */
export const GraphStoreContext = createContext<GraphStore | null>(null);
export const RunStoreContext = createContext<RunStore | null>(null);

export function GraphStoreProvider(props: { store: GraphStore; children?: ReactNode }) {
  return (
    <GraphStoreContext.Provider value={props.store}>{props.children}</GraphStoreContext.Provider>
  );
}

export function RunStoreProvider(props: { store: RunStore; children?: ReactNode }) {
  return <RunStoreContext.Provider value={props.store}>{props.children}</RunStoreContext.Provider>;
}

/** The store itself, for event handlers that read state without subscribing (`getState()`). */
export function useGraphStore(): GraphStore {
  const store = useContext(GraphStoreContext);
  if (!store) throw new Error('useGraphStore outside <GraphStoreProvider>');
  return store;
}

export function useRunStore(): RunStore {
  const store = useContext(RunStoreContext);
  if (!store) throw new Error('useRunStore outside <RunStoreProvider>');
  return store;
}

/**
 * Subscribes to a slice of the graph store. Pass `shallow` (from 'zustand/shallow')
 * when the selector builds a new array or object; keep selectors at module scope or
 * memoised so they are not rebuilt on every render.
 */
export function useGraph<U>(
  selector: (state: GraphStoreState) => U,
  equality?: (a: U, b: U) => boolean,
): U {
  return useStoreWithEqualityFn(useGraphStore(), selector, equality);
}

export function useRun<U>(
  selector: (state: RunStoreState) => U,
  equality?: (a: U, b: U) => boolean,
): U {
  return useStoreWithEqualityFn(useRunStore(), selector, equality);
}

const GRAPH_ACTIONS = [
  'dispatch',
  'undo',
  'redo',
  'load',
  'markSaved',
  'setSelection',
  'selectAll',
  'setViewport',
  'dragNodes',
  'deleteSelection',
  'copySelection',
  'paste',
  'duplicateSelection',
  'setMeasured',
  'makeComponent',
  'openComponent',
  'exitComponent',
  'unpackComponent',
  'insertComponent',
  'groupSelection',
  'toggleMode',
  'insertReroute',
] as const satisfies readonly (keyof GraphActions)[];

const RUN_ACTIONS = [
  'apply',
  'started',
  'saved',
  'showPast',
  'forgetSkipped',
  'clear',
  'setVariants',
  'setBoardOpen',
] as const satisfies readonly (keyof RunActions)[];

/**
 * The actions alone: they never change, so a component that only edits does not
 * re-render when the document does.
 */
export function useGraphActions(): GraphActions {
  const store = useGraphStore();
  return useMemo(() => pick(store.getState(), GRAPH_ACTIONS), [store]);
}

export function useRunActions(): RunActions {
  const store = useRunStore();
  return useMemo(() => pick(store.getState(), RUN_ACTIONS), [store]);
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = source[k];
  return out;
}
