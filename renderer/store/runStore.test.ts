import { describe, it, expect } from 'vitest';
import { nodeId } from '../../shared/graph/ids';
import { NodeStateSchema } from '../../shared/run/events';
import type { NodeState, RunEvent, RunFinishedEvent } from '../../shared/run/events';
import { createRunStore, runCostText } from './runStore';

const IMAGE = {
  hash: 'a'.repeat(64),
  mimeType: 'image/png',
  width: 1024,
  height: 1024,
  bytes: 2048,
};
const ESTIMATE = { knownUsd: 0.15, unknownNodes: [], perNode: { n2: 0.15 } };

function setup() {
  let t = 5_000;
  const store = createRunStore({ now: () => t });
  return {
    store,
    advance: (ms: number) => void (t += ms),
    get s() {
      return store.getState();
    },
  };
}

const started = (runId: string, nodeIds = ['n1', 'n2']): RunEvent => ({
  type: 'run-started',
  runId,
  at: 1,
  nodeIds: nodeIds.map(nodeId),
  estimate: ESTIMATE,
});

const node = (
  runId: string,
  id: string,
  state: NodeState,
  extra: Partial<Extract<RunEvent, { type: 'node' }>> = {},
): RunEvent => ({ type: 'node', runId, nodeId: nodeId(id), state, at: 1, ...extra });

const finished = (runId: string, status: 'succeeded' | 'failed' | 'cancelled'): RunEvent => ({
  type: 'run-finished',
  runId,
  at: 2,
  status,
  counts: Object.fromEntries(
    NodeStateSchema.options.map((state) => [state, 0]),
  ) as RunFinishedEvent['counts'],
  actualUsd: 0.15,
  jobCount: 1,
  jobsWithoutCost: 0,
  durationMs: 1000,
});

describe('createRunStore', () => {
  it('follows a full run: started, queue, running, download, done, finished', () => {
    const r = setup();
    r.s.started('r1');
    expect(r.s.activeRunId).toBe('r1');
    r.s.apply(started('r1'));
    expect(r.s.estimate).toEqual(ESTIMATE);
    expect(r.s.nodes['n2']).toEqual({ state: 'queued', since: 5_000 });

    r.s.apply(node('r1', 'n1', 'done', { text: 'a cat' }));
    r.advance(100);
    r.s.apply(node('r1', 'n2', 'submitting'));
    r.advance(100);
    r.s.apply(node('r1', 'n2', 'in_queue', { requestId: 'req-1', queuePosition: 3 }));
    expect(r.s.nodes['n2']).toEqual({
      state: 'in_queue',
      since: 5_200,
      queuePosition: 3,
      requestId: 'req-1',
    });
    r.advance(100);
    r.s.apply(node('r1', 'n2', 'in_queue', { queuePosition: 1, elapsedMs: 300 }));
    // Same state: the counter keeps running from when the node entered the queue.
    expect(r.s.nodes['n2']).toMatchObject({ since: 5_200, queuePosition: 1, requestId: 'req-1' });
    r.advance(100);
    r.s.apply(node('r1', 'n2', 'running', { elapsedMs: 400 }));
    expect(r.s.nodes['n2']).toEqual({
      state: 'running',
      since: 5_400,
      elapsedMs: 400,
      requestId: 'req-1',
    });
    r.advance(100);
    r.s.apply(node('r1', 'n2', 'downloading'));
    r.advance(100);
    r.s.apply(node('r1', 'n2', 'done', { images: [IMAGE], costUsd: 0.15, elapsedMs: 600 }));
    expect(r.s.nodes['n2']).toEqual({
      state: 'done',
      since: 5_600,
      elapsedMs: 600,
      requestId: 'req-1',
      images: [IMAGE],
      costUsd: 0.15,
    });
    expect(r.s.nodes['n1']).toMatchObject({ state: 'done', text: 'a cat' });

    r.s.apply(finished('r1', 'succeeded'));
    expect(r.s.activeRunId).toBeNull();
    expect(r.s.lastStatus).toBe('succeeded');
    expect(r.s.nodes['n2']!.state).toBe('done');
  });

  it('keeps a failure message with the failed state', () => {
    const r = setup();
    r.s.apply(started('r1'));
    r.s.apply(node('r1', 'n2', 'failed', { message: 'content policy' }));
    r.s.apply(finished('r1', 'failed'));
    expect(r.s.nodes['n2']).toMatchObject({ state: 'failed', message: 'content policy' });
    expect(r.s.lastStatus).toBe('failed');
  });

  it('ignores events of an older run once a new one has started', () => {
    const r = setup();
    r.s.started('r1');
    r.s.apply(started('r1'));
    r.s.apply(node('r1', 'n2', 'running'));
    r.s.started('r2');
    r.s.apply(started('r2', ['n2']));
    // Late events of the replaced run.
    r.s.apply(node('r1', 'n2', 'cancelled'));
    r.s.apply(finished('r1', 'cancelled'));
    r.s.apply(started('r1'));
    expect(r.s.activeRunId).toBe('r2');
    expect(r.s.lastStatus).toBeNull();
    expect(r.s.nodes['n2']!.state).toBe('queued');
  });

  it('follows a run whose run-started event arrives before started() is called', () => {
    const r = setup();
    r.s.apply(started('r1'));
    r.s.apply(node('r1', 'n1', 'done'));
    r.s.apply(finished('r1', 'succeeded'));
    r.s.started('r1');
    // The reply came late; the run is over and stays over.
    expect(r.s.activeRunId).toBeNull();
    expect(r.s.lastStatus).toBe('succeeded');
    expect(r.s.nodes['n1']!.state).toBe('done');
  });

  it('keeps the last results of nodes that a new run does not include', () => {
    const r = setup();
    r.s.apply(started('r1', ['n1', 'n2']));
    r.s.apply(node('r1', 'n1', 'done', { images: [IMAGE] }));
    r.s.apply(finished('r1', 'succeeded'));
    r.s.apply(started('r2', ['n2']));
    expect(r.s.nodes['n1']).toMatchObject({ state: 'done', images: [IMAGE] });
    expect(r.s.nodes['n2']!.state).toBe('queued');
  });

  it('times the run shown: started at run-started, finished at run-finished', () => {
    const r = setup();
    r.s.apply(started('r1'));
    expect(r.s).toMatchObject({ startedAt: 5_000, finishedAt: null });
    r.advance(65_000);
    r.s.apply(finished('r1', 'succeeded'));
    expect(r.s).toMatchObject({ startedAt: 5_000, finishedAt: 70_000 });
  });

  it('ignores node events of a run it does not follow', () => {
    const r = setup();
    r.s.apply(node('stray', 'n1', 'running'));
    expect(r.s.nodes).toEqual({});
  });

  it('clear forgets everything, and the cleared run stays ignored', () => {
    const r = setup();
    r.s.apply(started('r1'));
    r.s.clear();
    expect(r.s).toMatchObject({
      activeRunId: null,
      lastStatus: null,
      estimate: null,
      runNodeIds: [],
      nodes: {},
    });
    r.s.apply(node('r1', 'n1', 'done'));
    expect(r.s.nodes).toEqual({});
  });

  it('keeps the view object of every node an event does not concern', () => {
    const r = setup();
    r.s.apply(started('r1'));
    const n1 = r.s.nodes['n1'];
    r.s.apply(node('r1', 'n2', 'running'));
    expect(r.s.nodes['n1']).toBe(n1);
  });

  describe('runCostText (the status bar\'s "reported")', () => {
    it('counts only the jobs the current run sent: not cached nodes, not joined ones, not earlier runs', () => {
      const r = setup();
      r.s.apply(started('r1', ['a', 'b']));
      r.s.apply(node('r1', 'a', 'done', { sentJob: true, costUsd: 0.15 }));
      r.s.apply(node('r1', 'b', 'done', { sentJob: true, costUsd: 0.1 }));
      r.s.apply(finished('r1', 'succeeded'));
      expect(runCostText(r.s)).toBe('reported $0.25');

      // The next run reuses a (cached), joins b's twin (c) and sends d; b is not in it.
      r.s.apply(started('r2', ['a', 'c', 'd']));
      r.s.apply(node('r2', 'a', 'cached', { images: [IMAGE] }));
      r.s.apply(node('r2', 'c', 'done', { images: [IMAGE] }));
      expect(runCostText(r.s)).toBe('');
      r.s.apply(node('r2', 'd', 'running', { sentJob: true }));
      r.s.apply(node('r2', 'd', 'done', { images: [IMAGE], costUsd: 0.08 }));
      expect(runCostText(r.s)).toBe('reported $0.080');
    });

    it('says "cost not reported" where the provider reported none, never $0.00', () => {
      const r = setup();
      r.s.apply(started('r1', ['a', 'b']));
      r.s.apply(node('r1', 'a', 'done', { sentJob: true }));
      expect(runCostText(r.s)).toBe('cost not reported');
      r.s.apply(node('r1', 'b', 'done', { sentJob: true, costUsd: 0.15 }));
      expect(runCostText(r.s)).toBe('reported $0.15 + cost not reported for 1 job');
    });
  });
});

describe('outputs of a past run (the workflow opened again)', () => {
  const record = (status: 'succeeded' | 'running', runId = 'past-1') => ({
    runId,
    startedAt: 1_000,
    finishedAt: status === 'running' ? null : 9_000,
    status,
    workflowName: 'harbour',
    workflowPath: '/w/harbour.nodeloom',
    nodeCount: 2,
    images: [IMAGE],
    actualUsd: 0.15,
    graph: { nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } },
    nodes: [
      { nodeId: 'n1', type: 'prompt', state: 'done', images: [] },
      {
        nodeId: 'n2',
        type: 'model:x',
        state: 'done',
        images: [IMAGE],
        costUsd: 0.15,
        saved: [{ path: '/w/nodeloom-output/harbour_00001.png', hash: IMAGE.hash }],
      },
    ],
  });

  it('shows each node with its images, marked as from the run at its end time', () => {
    const t = setup();
    expect(t.s.showPast(record('succeeded'))).toBe(true);
    expect(t.s.nodes['n2']).toMatchObject({
      state: 'done',
      images: [IMAGE],
      costUsd: 0.15,
      past: { runId: 'past-1', at: 9_000 },
      saved: { files: [{ path: '/w/nodeloom-output/harbour_00001.png', hash: IMAGE.hash }] },
    });
    expect(t.s.activeRunId).toBeNull();
    expect(t.s.lastStatus).toBe('succeeded');
    // The next run replaces it; the past run's late events change nothing.
    t.s.apply(started('r2', ['n2']));
    expect(t.s.nodes['n2']).toEqual({ state: 'queued', since: 5_000 });
    t.s.apply(node('past-1', 'n1', 'failed'));
    expect(t.s.nodes['n1']!.state).toBe('done');
  });

  it('follows a run still in progress, so its events keep coming to this document', () => {
    const t = setup();
    expect(t.s.showPast(record('running'))).toBe(true);
    expect(t.s.activeRunId).toBe('past-1');
    expect(t.s.nodes['n2']!.past).toBeUndefined();
    t.s.apply(node('past-1', 'n2', 'cached', { images: [IMAGE] }));
    t.s.apply(finished('past-1', 'succeeded'));
    expect(t.s.nodes['n2']!.state).toBe('cached');
    expect(t.s.activeRunId).toBeNull();
  });

  it('never replaces what this session shows', () => {
    const t = setup();
    t.s.apply(started('live'));
    expect(t.s.showPast(record('succeeded'))).toBe(false);
    expect(t.s.activeRunId).toBe('live');
  });
});

describe('runs with variants and combinations', () => {
  const label = (combination: number, variant: number) => ({
    nodeId: nodeId('n2'),
    combination,
    variant,
    alternatives: [],
    sweeps: [],
  });
  const expanded = (runId: string): RunEvent => ({
    ...(started(runId, ['n1', 'n2~v1', 'n2~v2']) as Extract<RunEvent, { type: 'run-started' }>),
    labels: { 'n2~v1': label(1, 1), 'n2~v2': label(1, 2) },
  });

  it('keeps the labels, shows the instances on their workflow node, and opens the board once the run has ended', () => {
    const t = setup();
    t.store.getState().apply(expanded('r1'));
    // Not while it runs: the board would cover Run and Queue.
    expect(t.s.boardOpen).toBe(false);
    expect(t.s.labelsRunId).toBe('r1');
    expect(Object.keys(t.s.labels)).toEqual(['n2~v1', 'n2~v2']);
    t.store
      .getState()
      .apply(node('r1', 'n2~v1', 'done', { images: [IMAGE], costUsd: 0.1, sentJob: true }));
    // One take done, one still queued: the node is not finished yet.
    expect(t.s.nodes['n2']).toMatchObject({ state: 'queued', images: [IMAGE] });
    t.store.getState().apply(node('r1', 'n2~v2', 'failed', { message: 'no credit' }));
    expect(t.s.nodes['n2']).toMatchObject({ state: 'failed', message: 'no credit', costUsd: 0.1 });
    t.store.getState().apply(finished('r1', 'failed'));
    expect(t.s.boardOpen).toBe(true);
  });

  it('clamps Run × N to 1–64', () => {
    const t = setup();
    t.store.getState().setVariants(0);
    expect(t.s.variants).toBe(1);
    t.store.getState().setVariants(500);
    expect(t.s.variants).toBe(64);
    t.store.getState().setVariants(3);
    expect(t.s.variants).toBe(3);
  });
});
