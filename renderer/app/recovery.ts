import type { StoreApi } from 'zustand/vanilla';
import { fileDocument } from '../store/graphStore';
import type { CallOutput, HostClient } from '../../shared/contract/hostApi';
import { isDirty } from '../store/selectors';
import type { GraphStoreState } from '../store/types';
import { UNTITLED, fileName } from './files';

export type RecoveryEntry = CallOutput<'recovery.list'>['entries'][number];

export interface AutosaveOptions {
  /** Quiet time after the last edit before a copy is written. */
  idleMs?: number;
  /** Longest an unsaved edit waits while edits keep coming. */
  maxWaitMs?: number;
  /** An entry for `key` is already stored (a restored tab): discard it once clean. */
  stored?: boolean;
  /** Whose page-hide and visibility events flush at once (default: this window). */
  win?: Window;
  onError?(message: string): void;
}

export interface Autosave {
  /** Writes a pending copy now (tests, closing). */
  flush(): Promise<void>;
  /** Drops the stored copy: the changes were saved or thrown away. */
  discard(): Promise<void>;
  stop(): void;
}

/**
 * Keeps a copy of a document's unsaved edits in the host's recovery folder, 2 s
 * after the last edit and at most 5 s after the first unsaved one, so a crash of
 * the app, the host or the machine loses at most a few seconds. Once the document
 * is clean again (saved, reloaded, undone to the saved state) the copy goes. When
 * the page is hidden or closed (a closed tab or window, a reload) the copy is
 * written at once, so an edit typed just before is not lost.
 */
export function installAutosave(
  key: string,
  graph: StoreApi<GraphStoreState>,
  host: HostClient,
  {
    idleMs = 2000,
    maxWaitMs = 5000,
    stored = false,
    onError,
    win = globalThis.window,
  }: AutosaveOptions = {},
): Autosave {
  let idle: ReturnType<typeof setTimeout> | undefined;
  let max: ReturnType<typeof setTimeout> | undefined;
  let hasEntry = stored;
  let savedRevision: number | null = null;
  let chain: Promise<unknown> = Promise.resolve();

  const cancel = (): void => {
    clearTimeout(idle);
    clearTimeout(max);
    idle = max = undefined;
  };
  // One call at a time, in order: a discard never overtakes the save before it.
  const queue = (work: () => Promise<unknown>): Promise<void> => {
    const next = chain.then(work).then(
      () => undefined,
      (e: unknown) => onError?.(e instanceof Error ? e.message : String(e)),
    );
    chain = next;
    return next;
  };

  /** The copy to write now, or null when the stored one is current. */
  const pending = (): RecoveryEntry | null => {
    cancel();
    const s = graph.getState();
    if (!isDirty(s) || s.revision === savedRevision) return null;
    savedRevision = s.revision;
    hasEntry = true;
    return {
      key,
      name: s.filePath ? fileName(s.filePath) : UNTITLED,
      filePath: s.filePath,
      savedAt: Date.now(),
      graph: fileDocument(s),
    };
  };

  const save = (): Promise<void> => {
    const entry = pending();
    if (!entry) return chain.then(() => undefined);
    return queue(() => host.call('recovery.save', entry));
  };

  /**
   * The page is being hidden or closed: the copy goes out now, not after the calls
   * before it, as a request that outlives the page (the host keeps the newest copy
   * by savedAt, whichever arrives last).
   */
  const saveNow = (): void => {
    const entry = pending();
    if (!entry) return;
    const sent = host.callKeepalive
      ? host.callKeepalive('recovery.save', entry)
      : host.call('recovery.save', entry);
    void queue(() => sent);
  };
  const onVisibility = (): void => {
    if (win?.document.visibilityState === 'hidden') saveNow();
  };
  win?.addEventListener('pagehide', saveNow);
  win?.document.addEventListener('visibilitychange', onVisibility);

  const discard = (): Promise<void> => {
    cancel();
    savedRevision = null;
    if (!hasEntry) return chain.then(() => undefined);
    hasEntry = false;
    return queue(() => host.call('recovery.discard', { key }));
  };

  const changed = (s: GraphStoreState, prev: GraphStoreState): void => {
    if (!isDirty(s)) {
      void discard();
      return;
    }
    if (s.revision === prev.revision && s.doc === prev.doc) return; // selection, sizes
    clearTimeout(idle);
    idle = setTimeout(() => void save(), idleMs);
    max ??= setTimeout(() => void save(), maxWaitMs);
  };
  const off = graph.subscribe(changed);
  // A restored document is unsaved from the start: its copy is current until edited.
  if (isDirty(graph.getState()) && stored) savedRevision = graph.getState().revision;

  return {
    flush: save,
    discard,
    stop() {
      cancel();
      off();
      win?.removeEventListener('pagehide', saveNow);
      win?.document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}

/** Loads a recovered document into a fresh session: its file path, and unsaved. */
export function restoreInto(graph: StoreApi<GraphStoreState>, entry: RecoveryEntry): void {
  graph.getState().load(entry.graph, entry.filePath);
  // No saved state matches any revision: the restored edits count as unsaved until saved.
  graph.setState({ savedRevision: -1 });
}
