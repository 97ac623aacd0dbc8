import type { HostClient } from '../../shared/contract/hostApi';
import type { RunEvent } from '../../shared/run/events';
import type { RunStore } from '../store/runStore';
import { ownerKeyOf } from './queue/queueClient';

/** Events kept for runs no tab has claimed yet (their run.start reply is on its way). */
const MAX_PENDING_RUNS = 50;
const MAX_PENDING_EVENTS = 2000;

export interface RunRouter {
  /** Routes the runs `run` starts to it; returns the function that stops that. */
  attach(run: RunStore): () => void;
  stop(): void;
}

/**
 * Delivers each run's events only to the tab that started it, background tabs
 * included. A run store follows any `run-started` it sees, so every tab listening
 * to every run would make tab B show tab A's run. The owner is known once the
 * host answers run.start (the store's `started`); events that overtake that answer
 * wait here and are replayed in order.
 */
export function createRunRouter(host: HostClient): RunRouter {
  const owners = new Map<string, RunStore>();
  /** What to do to a run's store once it is known, in arrival order. */
  const pending = new Map<string, Array<(run: RunStore) => void>>();
  const attached = new Set<RunStore>();

  const deliver = (runId: string, action: (run: RunStore) => void): void => {
    const owner = owners.get(runId);
    if (owner) return action(owner);
    let list = pending.get(runId);
    if (!list) {
      // Runs of other windows are never claimed here: keep only the latest few.
      if (pending.size >= MAX_PENDING_RUNS) pending.delete(pending.keys().next().value!);
      pending.set(runId, (list = []));
    }
    if (list.length < MAX_PENDING_EVENTS) list.push(action);
  };
  const offs = [
    host.on('run.event', (event: RunEvent) =>
      deliver(event.runId, (run) => run.getState().apply(event)),
    ),
    // Where a Preview/Save node saved its images: the same tab as the run's events.
    host.on('output.saved', (event) => deliver(event.runId, (run) => run.getState().saved(event))),
    // A queued run the host started belongs to the tab that queued it.
    host.on('queue.changed', ({ items }) => {
      for (const item of items) {
        if (item.state !== 'running' || !item.runId || !item.owner || owners.has(item.runId))
          continue;
        const run = [...attached].find((r) => ownerKeyOf(r) === item.owner);
        run?.getState().started(item.runId);
      }
    }),
  ];

  return {
    attach(run) {
      attached.add(run);
      const started = run.getState().started;
      run.setState({
        started(runId) {
          owners.set(runId, run);
          for (const action of pending.get(runId) ?? []) action(run);
          pending.delete(runId);
          started(runId);
        },
      });
      return () => {
        attached.delete(run);
        for (const [id, owner] of owners) if (owner === run) owners.delete(id);
        run.setState({ started });
      };
    },
    stop: () => offs.forEach((off) => off()),
  };
}
