import { randomBytes } from 'node:crypto';
import type { HostHandlers, QueueItemView, QueueView } from '../../../shared/contract/hostApi';
import { graphSketch, promptExcerpt } from '../../../shared/graph/sketch';
import type { GraphSketch } from '../../../shared/contract/hostApi';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import type { RunStarter } from '../host/runHandlers';
import type { QueuedItem, QueueStore } from './queueStore';

export type QueueHandlers = Pick<
  HostHandlers,
  'queue.list' | 'queue.add' | 'queue.cancel' | 'queue.move' | 'queue.pause' | 'queue.retry'
>;

/** The runs going in the host: the queue starts its next item when there are none. */
export interface RunsGoing {
  running(): number;
  onRunEnded(listener: () => void): () => void;
  cancel(runId: string): boolean;
}

export interface RunQueueDeps {
  store: QueueStore;
  starter: RunStarter;
  runs: RunsGoing;
  registry: NodeRegistry;
  /** Tells the UI (queue.changed). */
  changed: (view: QueueView) => void;
  warn: (message: string) => void;
  now?: () => number;
}

export interface RunQueue {
  handlers: QueueHandlers;
  /** Stops starting items; a running item stays `running` for the next start to see. */
  close(): Promise<void>;
}

/** What an item that was running when the app stopped says. */
export const INTERRUPTED_MESSAGE =
  'The app stopped during this run. Jobs it had sent are collected from the journal and never sent again (its run in History shows them). Run again to finish it: what was collected is reused.';

const newItemId = (): string => `q-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;

/**
 * The run queue: runs the user asked for while another was going, started one at a
 * time, in order, whenever no run is going and the queue is not paused. The queue
 * is persisted (QueueStore) and an item is marked `running` before its run starts,
 * so after a crash an item that may have sent jobs is never started again blindly:
 * it comes back `interrupted` (the engine's journal collects its jobs) and the
 * queue comes back paused until the user has looked.
 */
export function openRunQueue(deps: RunQueueDeps): RunQueue {
  const { store, starter, runs, warn } = deps;
  const now = deps.now ?? Date.now;
  let closed = false;

  const interrupted = store.list().filter((i) => i.state === 'running');
  for (const item of interrupted)
    store.update(item.itemId, { state: 'interrupted', message: INTERRUPTED_MESSAGE });
  if (interrupted.length > 0) store.setPaused(true);

  // Snapshots never change: each is drawn once.
  const sketches = new Map<string, { sketch: GraphSketch; prompt: string | undefined }>();
  const viewOf = (item: QueuedItem): QueueItemView => {
    const { request } = item;
    let drawn = sketches.get(item.itemId);
    if (!drawn) {
      drawn = {
        sketch: graphSketch(request.graph, deps.registry),
        prompt: promptExcerpt(request.graph),
      };
      sketches.set(item.itemId, drawn);
    }
    const { sketch, prompt } = drawn;
    return {
      itemId: item.itemId,
      state: item.state,
      name: item.name,
      ...(request.workflowPath !== undefined ? { workflowPath: request.workflowPath } : {}),
      createdAt: item.createdAt,
      nodeCount: item.nodeCount,
      jobCount: item.jobCount,
      estimate: item.estimate,
      ...(request.targets !== undefined ? { targets: request.targets } : {}),
      sketch,
      ...(prompt !== undefined ? { prompt } : {}),
      ...(item.runId !== undefined ? { runId: item.runId } : {}),
      ...(item.message !== undefined ? { message: item.message } : {}),
      ...(item.owner !== undefined ? { owner: item.owner } : {}),
    };
  };
  const view = (): QueueView => {
    const items = store.list();
    for (const id of sketches.keys()) if (!items.some((i) => i.itemId === id)) sketches.delete(id);
    return { items: items.map(viewOf), paused: store.paused() };
  };
  const changed = (): QueueView => {
    const v = view();
    if (!closed) deps.changed(v);
    return v;
  };

  /** Starts the next waiting item if nothing runs; refused items are passed over. */
  const startNext = async (): Promise<void> => {
    for (;;) {
      if (closed || store.paused() || runs.running() > 0) return;
      const items = store.list();
      if (items.some((i) => i.state === 'running')) return;
      const next = items.find((i) => i.state === 'waiting');
      if (!next) return;
      // Durable before anything can be sent: a crash from here on never restarts it.
      store.update(next.itemId, { state: 'running' });
      changed();
      let started: Awaited<ReturnType<RunStarter['start']>>;
      try {
        started = await starter.start(next.request);
      } catch (e) {
        started = { ok: false, message: (e as Error).message, issues: [] };
      }
      if (!started.ok && closed) {
        // Shutting down before it could start: nothing was sent, it keeps its turn.
        store.update(next.itemId, { state: 'waiting' });
        return;
      }
      if (!started.ok) {
        const issues = started.issues.map((i) => i.message).slice(0, 3);
        const message = [started.message, ...issues].join('; ');
        store.update(next.itemId, { state: 'refused', message: `Not run: ${message}` });
        changed();
        continue;
      }
      store.update(next.itemId, { runId: started.runId });
      changed();
      const itemId = next.itemId;
      void started.done
        .catch(() => undefined)
        .then(() => {
          if (closed) return; // still `running` on disk: the next start marks it
          store.remove(itemId);
          changed();
          kick();
        });
      return;
    }
  };
  // One start at a time, in order of the reasons to look (a run ended, an add, a resume).
  let pumping: Promise<void> = Promise.resolve();
  const kick = (): void => {
    pumping = pumping
      .then(startNext)
      .catch((e: unknown) => warn(`run queue: ${(e as Error).message}`));
  };
  const offEnded = runs.onRunEnded(kick);
  kick();

  const handlers: QueueHandlers = {
    'queue.list': async () => view(),
    async 'queue.add'({ run, name, owner }) {
      const checked = await starter.check(run);
      if (!checked.ok) return checked;
      const itemId = newItemId();
      store.add(itemId, now(), {
        state: 'waiting',
        name,
        ...(owner !== undefined ? { owner } : {}),
        request: run,
        nodeCount: run.graph.nodes.length,
        jobCount: checked.jobCount,
        estimate: checked.estimate,
      });
      const queue = changed();
      kick();
      return { ok: true, itemId, queue };
    },
    async 'queue.cancel'({ itemId }) {
      const item = store.get(itemId);
      if (!item) return { cancelled: false, queue: view() };
      if (item.state === 'running') {
        // It leaves the queue when its run has ended.
        const cancelled = item.runId !== undefined && runs.cancel(item.runId);
        return { cancelled, queue: view() };
      }
      const cancelled = store.remove(itemId);
      return { cancelled, queue: changed() };
    },
    async 'queue.move'({ itemId, index }) {
      if (!store.move(itemId, index)) throw new Error('That run is no longer in the queue.');
      return changed();
    },
    async 'queue.pause'({ paused }) {
      store.setPaused(paused);
      const queue = changed();
      if (!paused) kick();
      return queue;
    },
    async 'queue.retry'({ itemId }) {
      const item = store.get(itemId);
      if (!item) throw new Error('That run is no longer in the queue.');
      if (item.state !== 'interrupted' && item.state !== 'refused')
        throw new Error(
          `Only an interrupted or refused run can run again (this one is ${item.state}).`,
        );
      store.update(itemId, { state: 'waiting', message: undefined, runId: undefined });
      const queue = changed();
      kick();
      return queue;
    },
  };

  return {
    handlers,
    async close() {
      closed = true;
      offEnded();
      await pumping;
    },
  };
}
