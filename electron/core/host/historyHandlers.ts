import path from 'node:path';
import type { HostHandlers } from '../../../shared/contract/hostApi';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import { exportRun } from '../history/exportRun';
import { HistoryStore, listItemOf } from '../history/historyStore';
import type { RunRecord } from '../history/historyStore';
import { HistoryRecorder } from '../history/recorder';
import { collectBlobs } from '../storage/blobCollection';
import type { BlobStore } from '../storage/blobStore';
import type { QueueStore } from '../queue/queueStore';
import type { AllowedRoots } from './allowedRoots';

export interface RunHistory {
  recorder: HistoryRecorder;
  /** The run queue, persisted in the history database. */
  queue: QueueStore;
  handlers: Pick<
    HostHandlers,
    | 'history.list'
    | 'history.get'
    | 'history.export'
    | 'history.delete'
    | 'history.gallery'
    | 'history.favourite'
    | 'history.collect'
    | 'history.latest'
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
  /**
   * Images named outside the history that collection must keep: pins in autosaved
   * edits and in recently opened workflows.
   */
  pinnedElsewhere?: () => Promise<Iterable<string>>;
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
    // A change to a finished run (a save that ended after it) is read once written.
    const record = live ?? (await recorder.written(runId).then(() => store.get(runId)));
    if (!record) throw new Error(`no run ${runId} in the history`);
    return record;
  };

  return {
    recorder,
    queue: store.queue(warn),
    close: async () => {
      await recorder.flush();
      store.close();
    },
    handlers: {
      async 'history.list'(query) {
        const page = await store.page(query);
        report(page.unreadable);
        // Runs in progress: their newest state, and (unfiltered) before the first write.
        const live = new Map(recorder.current().map((r) => [r.runId, listItemOf(r)]));
        const runs = page.runs.map((r) => live.get(r.runId) ?? r);
        const unfiltered = Object.keys(query).every((k) => k === 'limit' || k === 'offset');
        if (unfiltered && !query.offset) {
          const fresh = [...live.values()].filter((r) => !runs.some((x) => x.runId === r.runId));
          runs.unshift(...fresh);
          runs.sort((a, b) => b.startedAt - a.startedAt);
          return {
            runs: runs.slice(0, query.limit ?? 50),
            total: page.total + fresh.length,
            capped: page.capped,
          };
        }
        return { runs, total: page.total, capped: page.capped };
      },
      'history.gallery': (query) => store.gallery(query),
      async 'history.favourite'({ hash, favourite }) {
        await store.setFavourite(hash, favourite);
        return { ok: true };
      },
      /**
       * Frees the disk space of images nothing names any more: kept are those a run
       * record, a pin (in the caller's open tabs, an autosave or a recent workflow)
       * or a queued run names, and any stored in the last hour.
       */
      async 'history.collect'({ dryRun, keep = [] }) {
        if (recorder.current().length > 0)
          throw new Error('A run is going: free disk space once it has finished.');
        const kept = new Set([...store.referencedImages(), ...store.queuedImages(), ...keep]);
        for (const hash of (await deps.pinnedElsewhere?.()) ?? []) kept.add(hash);
        return collectBlobs({
          blobs,
          resultsDir: path.join(deps.dataDir, 'results'),
          keep: kept,
          dryRun,
          stillQuiet: () => recorder.current().length === 0,
        });
      },
      'history.get': ({ runId }) => find(runId),
      /** The newest run of this workflow file, running or not (a path compares resolved). */
      async 'history.latest'({ workflowPath }) {
        const wanted = path.resolve(workflowPath);
        const ofFile = (r: { workflowPath: string | null }): boolean =>
          r.workflowPath !== null && path.resolve(r.workflowPath) === wanted;
        const live = recorder.current().filter(ofFile);
        const listing = await store.list();
        report(listing.unreadable);
        const latest = [...live, ...listing.runs.filter(ofFile)].sort(
          (a, b) => b.startedAt - a.startedAt,
        )[0];
        return { run: latest ? await find(latest.runId) : null };
      },
      async 'history.export'({ runId, dir, images }) {
        const record = await find(runId);
        const target = await roots.resolve(dir ?? OUTPUTS_DIR);
        const { files, missing } = await exportRun(
          record,
          blobs,
          target,
          images ? new Set(images.map((i) => `${i.nodeId}\u0000${i.hash}`)) : undefined,
        );
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
