import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { reportedCostText, tallyReportedCost } from '../../shared/cost/reported';
import { NodeStateSchema, RunStatusSchema } from '../../shared/run/events';
import type { NodeEvent, RunEvent } from '../../shared/run/events';
import type { NodeRunView, RunState, RunStoreState } from './runTypes';
import { baseNodeId } from '../../shared/plan/expand/instances';
import type { InstanceLabel } from '../../shared/plan/expand/instances';
import { combinedView } from './instanceViews';
import { MAX_VARIANTS } from '../../shared/plan/expand/options';

export interface RunStoreOptions {
  /** The local clock for `since`; injected by tests. */
  now?: () => number;
}

export type RunStore = StoreApi<RunStoreState>;

const initialState = (): Omit<RunState, 'variants'> => ({
  activeRunId: null,
  lastStatus: null,
  estimate: null,
  startedAt: null,
  finishedAt: null,
  runNodeIds: [],
  nodes: {},
  labels: {},
  labelsRunId: null,
  boardOpen: false,
});

/**
 * A node's view after one of its events. The request id, images, text and cost stay
 * from earlier events of the same run (a later `downloading` does not repeat the
 * request id); queue position, elapsed time and message describe only the state
 * they came with.
 */
function nextView(prev: NodeRunView | undefined, e: NodeEvent, now: number): NodeRunView {
  const view: NodeRunView = { state: e.state, since: prev?.state === e.state ? prev.since : now };
  if (e.queuePosition !== undefined) view.queuePosition = e.queuePosition;
  if (e.elapsedMs !== undefined) view.elapsedMs = e.elapsedMs;
  if (e.message !== undefined) view.message = e.message;
  if (e.sentAt !== undefined) view.sentAt = e.sentAt;
  const requestId = e.requestId ?? prev?.requestId;
  if (requestId !== undefined) view.requestId = requestId;
  const images = e.images ?? prev?.images;
  if (images !== undefined) view.images = images;
  const text = e.text ?? prev?.text;
  if (text !== undefined) view.text = text;
  if (e.sentJob || prev?.sentJob) view.sentJob = true;
  const costUsd = e.costUsd ?? prev?.costUsd;
  if (costUsd !== undefined) view.costUsd = costUsd;
  return view;
}

/**
 * What the run being shown cost, as the status bar says it: only its own nodes
 * (not what earlier runs left on others), each provider job once (cached and joined
 * nodes paid nothing in this run); '' while it has sent no finished job.
 */
export function runCostText(state: Pick<RunState, 'runNodeIds' | 'nodes'>): string {
  const views = state.runNodeIds.flatMap((id) => state.nodes[id] ?? []);
  const cost = tallyReportedCost(views);
  return cost.jobCount === 0 ? '' : reportedCostText(cost, { lead: 'reported ' });
}

/**
 * What the canvas shows of runs. Follows one run at a time: the run that `started`
 * named or whose `run-started` came last. Events of any earlier run (late events of
 * a cancelled run, say) are ignored, so they can not overwrite the new run's states.
 */
export function createRunStore(options: RunStoreOptions = {}): RunStore {
  const now = options.now ?? Date.now;
  // The run being shown (active or finished) and every run it replaced.
  let current: string | null = null;
  const retired = new Set<string>();

  /** Makes `runId` the run being shown; returns false for a run that was replaced. */
  function follow(runId: string): boolean {
    if (runId === current) return true;
    if (retired.has(runId)) return false;
    if (current !== null) retired.add(current);
    current = runId;
    return true;
  }

  return createStore<RunStoreState>()((set, get) => ({
    ...initialState(),
    variants: 1,

    started(runId) {
      if (runId === current || !follow(runId)) return;
      set({
        activeRunId: runId,
        lastStatus: null,
        estimate: null,
        startedAt: now(),
        finishedAt: null,
        runNodeIds: [],
      });
    },

    apply(event: RunEvent) {
      if (event.type === 'run-started') {
        // A run-started may overtake the host's reply to run.start, so it also starts following.
        if (!follow(event.runId)) return;
        const at = now();
        const nodes = { ...get().nodes };
        // The run's nodes start over; the others keep what their last run left.
        for (const id of event.nodeIds) nodes[id] = { state: 'queued', since: at };
        const labels = event.labels ?? {};
        // The workflow nodes of an expanded run show their latest instance.
        for (const id of event.nodeIds) {
          const base = baseNodeId(id, labels);
          if (base !== id) nodes[base] = { state: 'queued', since: at };
        }
        set({
          activeRunId: event.runId,
          lastStatus: null,
          estimate: event.estimate,
          startedAt: get().activeRunId === event.runId ? (get().startedAt ?? at) : at,
          finishedAt: null,
          runNodeIds: [...event.nodeIds],
          nodes,
          labels,
          labelsRunId: Object.keys(labels).length > 0 ? event.runId : null,
        });
        return;
      }
      if (event.runId !== current) return;
      if (event.type === 'run-finished') {
        // A run of several variants or combinations opens the board its images landed
        // on once it has ended (not at its start: the board would cover Run and Queue
        // while it goes); a new take (one instance a node) does not.
        const { labels, labelsRunId } = get();
        const board = labelsRunId === event.runId && severalInstances(labels);
        set({
          activeRunId: null,
          lastStatus: event.status,
          finishedAt: now(),
          ...(board ? { boardOpen: true } : {}),
        });
        return;
      }
      const nodes = get().nodes;
      const at = now();
      const next = { ...nodes, [event.nodeId]: nextView(nodes[event.nodeId], event, at) };
      // An instance's progress shows on its workflow node (the canvas has only those).
      const { labels, runNodeIds } = get();
      const base = baseNodeId(event.nodeId, labels);
      if (base !== event.nodeId)
        next[base] = combinedView(base, runNodeIds, labels, next, nodes[base], at);
      set({ nodes: next });
    },

    saved(event) {
      if (event.runId !== current) return;
      const nodes = get().nodes;
      const prev = nodes[event.nodeId];
      if (!prev) return;
      const saved = {
        files: [...(prev.saved?.files ?? []), ...event.files],
        ...(event.error !== undefined ? { error: event.error } : {}),
      };
      set({ nodes: { ...nodes, [event.nodeId]: { ...prev, saved } } });
    },

    showPast(record) {
      // What this session shows (a run it started, or one shown already) wins.
      if (current !== null) return false;
      // A run this session already replaced is shown, but never followed again.
      const running = record.status === 'running' && follow(record.runId);
      const at = record.finishedAt ?? record.startedAt;
      const nodes: Record<string, NodeRunView> = {};
      for (const n of record.nodes) {
        const state = NodeStateSchema.safeParse(n.state);
        if (!state.success) continue;
        const view: NodeRunView = { state: state.data, since: now() };
        if (n.images.length > 0) view.images = n.images;
        if (n.message !== undefined) view.message = n.message;
        if (n.costUsd !== undefined) view.costUsd = n.costUsd;
        if (n.requestId !== undefined) view.requestId = n.requestId;
        if (n.saved && n.saved.length > 0) view.saved = { files: n.saved };
        if (!running) view.past = { runId: record.runId, at };
        nodes[n.nodeId] = view;
      }
      set({
        activeRunId: running ? record.runId : null,
        lastStatus: RunStatusSchema.safeParse(record.status).data ?? null,
        estimate: null,
        startedAt: record.startedAt,
        finishedAt: running ? null : (record.finishedAt ?? null),
        nodes,
        labels: {},
        labelsRunId: null,
      });
      return true;
    },

    forgetSkipped() {
      const { nodes, activeRunId } = get();
      if (activeRunId !== null) return;
      const kept = Object.fromEntries(
        Object.entries(nodes).filter(([, view]) => view.state !== 'skipped'),
      );
      if (Object.keys(kept).length !== Object.keys(nodes).length) set({ nodes: kept });
    },

    clear() {
      // A cleared run is still replaced: its late events must not come back.
      if (current !== null) retired.add(current);
      current = null;
      set(initialState());
    },

    setVariants(n) {
      const variants = Math.min(MAX_VARIANTS, Math.max(1, Math.round(Number.isFinite(n) ? n : 1)));
      if (variants !== get().variants) set({ variants });
    },

    setBoardOpen(open) {
      set({ boardOpen: open });
    },
  }));
}

/** Whether some workflow node ran as more than one instance (variants, combinations). */
function severalInstances(labels: Readonly<Record<string, InstanceLabel>>): boolean {
  const seen = new Set<string>();
  for (const label of Object.values(labels)) {
    if (seen.has(label.nodeId)) return true;
    seen.add(label.nodeId);
  }
  return false;
}
