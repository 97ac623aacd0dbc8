import path from 'node:path';
import type { HostHandlers } from '../../../shared/contract/hostApi';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import { exportRun } from '../history/exportRun';
import { HistoryStore, listItemOf } from '../history/historyStore';
import type { RunRecord } from '../history/historyStore';
import { HistoryRecorder } from '../history/recorder';
import type { BlobStore } from '../storage/blobStore';
import type { AllowedRoots } from './allowedRoots';

export interface RunHistory {
  recorder: HistoryRecorder;
  handlers: Pick<
    HostHandlers,
    'history.list' | 'history.get' | 'history.export' | 'history.delete'
  >;
  close(): Promise<void>;
}

/** The folder in the workspace that history.export writes to unless told otherwise. */
export const OUTPUTS_DIR = 'outputs';

/**
 * Run history for the host: marks runs a crash left running as interrupted, records
 * every run started through run.start, and serves history.list / get / export / delete.
 */
export async function openRunHistory(deps: {
  dataDir: string;
  registry: NodeRegistry;
  blobs: BlobStore;
  roots: AllowedRoots;
  warn: (message: string) => void;
  /** Records changed outside a run's own events (resumed jobs, deletions). */
  changed?: (runIds: string[]) => void;
}): Promise<RunHistory> {
  const { blobs, roots, warn } = deps;
  const store = new HistoryStore(path.join(deps.dataDir, 'history'));
  const reported = new Set<string>();
  const report = (unreadable: readonly string[]): void => {
    for (const u of unreadable) {
      if (reported.has(u)) continue;
      reported.add(u);
      warn(`run history: skipped an unreadable record: ${u}`);
    }
  };
  try {
    report((await store.markInterrupted()).unreadable);
  } catch (e) {
    warn(`run history: could not check for interrupted runs: ${(e as Error).message}`);
  }
  const recorder = new HistoryRecorder(store, deps.registry, { warn, changed: deps.changed });

  /** A run's record: the live one while it runs, else its file. */
  const find = async (runId: string): Promise<RunRecord> => {
    const live = recorder.current().find((r) => r.runId === runId);
    const record = live ?? (await store.get(runId));
    if (!record) throw new Error(`no run ${runId} in the history`);
    return record;
  };

  return {
    recorder,
    close: () => recorder.flush(),
    handlers: {
      async 'history.list'({ limit = 200 }) {
        const listing = await store.list();
        report(listing.unreadable);
        const live = new Map(recorder.current().map((r) => [r.runId, r]));
        const runs = listing.runs.map((r) => live.get(r.runId) ?? r);
        for (const r of live.values()) if (!runs.some((x) => x.runId === r.runId)) runs.push(r);
        runs.sort((a, b) => b.startedAt - a.startedAt);
        return { runs: runs.slice(0, limit).map(listItemOf) };
      },
      'history.get': ({ runId }) => find(runId),
      async 'history.export'({ runId, dir }) {
        const record = await find(runId);
        const target = await roots.resolve(dir ?? OUTPUTS_DIR);
        const { files, missing } = await exportRun(record, blobs, target);
        if (missing.length > 0) {
          throw new Error(
            `${missing.length} image${missing.length === 1 ? ' is' : 's are'} no longer in the image store (${missing.join(', ')}); ${files.length} written to ${target}`,
          );
        }
        return { files };
      },
      /**
       * Removes run records, never their images: the result cache and other runs
       * may use the same blobs, and they were paid for. A run still being recorded
       * (here, or by another app on the same data folder) is not deleted; neither is
       * an id with no record. The answer names the runs that were.
       */
      async 'history.delete'({ runIds }) {
        const deleted: string[] = [];
        for (const runId of new Set(runIds)) {
          // A run that just finished is deletable once its last write has landed;
          // one in progress is not (its next write would bring it back).
          await recorder.lastWrite(runId);
          if (recorder.current().some((r) => r.runId === runId)) continue;
          if ((await store.delete(runId)) === 'deleted') deleted.push(runId);
        }
        if (deleted.length > 0) deps.changed?.(deleted);
        return { deleted };
      },
    },
  };
}
