import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import type { RunEvent } from '../../../shared/run/events';
import { MODELS, testGraph } from '../../../shared/testing/testGraph';
import type { ResumedJob } from '../engine/resume';
import type { JournalEntry } from '../storage/jobJournal';
import { testRegistry } from '../testing/emulatorHarness';
import { HistoryStore } from './historyStore';
import type { NodeRecord, RunRecord } from './historyStore';
import { HistoryRecorder } from './recorder';
import { COLLECTED_AFTER_RESTART, settleResumedJob, settledStatus } from './resumedRun';

let registry: NodeRegistry;
beforeAll(async () => {
  registry = await testRegistry();
});

const image = (c: string) => ({
  hash: c.repeat(64),
  mimeType: 'image/png',
  width: 4,
  height: 4,
  bytes: 10,
});

/** prompt -> a -> preview "out"; prompt -> b -> edit "c" (a model after a model). */
function graph() {
  const g = testGraph();
  g.prompt('a glass teapot', { id: 'p' });
  g.model(MODELS.proTextToImage, { aspect_ratio: '1:1' }, { id: 'a' });
  g.model(MODELS.proTextToImage, {}, { id: 'b', title: 'Backdrop' });
  g.model(MODELS.proEdit, {}, { id: 'c' });
  g.preview({}, { id: 'out' });
  g.connect('p', 'text', 'a', 'prompt');
  g.connect('p', 'text', 'b', 'prompt');
  g.connect('a', 'images', 'out', 'images');
  g.connect('b', 'image', 'c', 'images');
  g.connect('p', 'text', 'c', 'prompt');
  return g.doc();
}

const node = (nodeId: string, state: string, over: Partial<NodeRecord> = {}): NodeRecord => ({
  nodeId,
  type: graph().nodes.find((n) => n.id === nodeId)!.type,
  state,
  ...(['a', 'b', 'c'].includes(nodeId)
    ? { provider: 'runcomfy', endpoint: 'google/nano-banana/pro/text-to-image' }
    : {}),
  images: [],
  ...over,
});

/** The run as a crash left it: the prompt done, both first models at the provider. */
function interrupted(nodes = ['p', 'a', 'out']): RunRecord {
  const all: Record<string, NodeRecord> = {
    p: node('p', 'done'),
    a: node('a', 'interrupted', { requestId: 'req-a', message: 'the app stopped during the run' }),
    b: node('b', 'interrupted', { requestId: 'req-b' }),
    c: node('c', 'interrupted'),
    out: node('out', 'interrupted'),
  };
  return {
    runId: 'run1',
    startedAt: 1000,
    finishedAt: 2000,
    status: 'interrupted',
    workflowName: 'teapots',
    workflowPath: '/w/teapots.nodeloom',
    nodeCount: nodes.length,
    images: [],
    actualUsd: 0.5,
    graph: graph(),
    nodes: nodes.map((id) => all[id]!),
  };
}

const entry = (nodeId: string, over: Partial<JournalEntry> = {}): JournalEntry => ({
  jobId: `job-${nodeId}`,
  state: 'submitted',
  cacheKey: 'k'.repeat(64),
  provider: 'runcomfy',
  endpoint: 'google/nano-banana/pro/text-to-image',
  nodeId,
  runId: 'run1',
  requestId: `req-${nodeId}`,
  createdAt: 1500,
  submittedAt: 1510,
  ...over,
});

const collected = (nodeId: string, at = 5000, costUsd = 0.15): ResumedJob => ({
  outcome: 'collected',
  entry: entry(nodeId),
  at,
  result: {
    key: 'k'.repeat(64),
    provider: 'runcomfy',
    endpoint: 'google/nano-banana/pro/text-to-image',
    requestId: `req-${nodeId}`,
    images: [{ ...image(nodeId === 'a' ? 'a' : 'b'), url: 'https://x/1.png', receivedAt: at }],
    costUsd,
    createdAt: at,
  },
});

const failed = (nodeId: string, final: boolean, at = 5000): ResumedJob => ({
  outcome: 'failed',
  entry: entry(nodeId),
  at,
  state: 'failed',
  message: 'RunComfy: content policy',
  final,
});

const byId = (r: RunRecord, id: string) => r.nodes.find((n) => n.nodeId === id)!;

describe('settleResumedJob', () => {
  it('a collected job makes its node done with its outcome; its Preview follows; the run succeeds', () => {
    const r = settleResumedJob(interrupted(), collected('a'), registry)!;
    const a = byId(r, 'a');
    expect(a).toEqual({
      ...node('a', 'done'),
      requestId: 'req-a',
      images: [image('a')],
      sentJob: true,
      costUsd: 0.15,
      durationMs: 3500,
      params: expect.objectContaining({ prompt: 'a glass teapot', aspect_ratio: '1:1' }),
      message: COLLECTED_AFTER_RESTART,
    });
    expect(byId(r, 'out')).toEqual(node('out', 'done', { images: [image('a')] }));
    expect(r).toMatchObject({ status: 'succeeded', finishedAt: 5000, images: [image('a')] });
    expect(r.actualUsd).toBeCloseTo(0.65);
  });

  it('the run stays interrupted while another node is unfinished, then gets its status', () => {
    const first = settleResumedJob(
      interrupted(['p', 'a', 'b', 'c', 'out']),
      collected('a'),
      registry,
    )!;
    expect(first.status).toBe('interrupted');
    expect(first.finishedAt).toBe(2000);
    expect(byId(first, 'out').state).toBe('done');
    // b fails: the edit that needed it is skipped, and the run ends failed.
    const second = settleResumedJob(first, failed('b', true, 6000), registry)!;
    expect(byId(second, 'b')).toMatchObject({
      state: 'failed',
      requestId: 'req-b',
      message: 'RunComfy: content policy (found after a restart)',
    });
    expect(byId(second, 'c')).toMatchObject({
      state: 'skipped',
      message: 'skipped: "Backdrop" did not finish',
    });
    expect(second).toMatchObject({ status: 'failed', finishedAt: 6000, images: [image('a')] });
  });

  it('a model that waited for a collected node stays interrupted: it was never sent', () => {
    const r = settleResumedJob(interrupted(['p', 'b', 'c']), collected('b'), registry)!;
    expect(byId(r, 'b').state).toBe('done');
    expect(byId(r, 'c').state).toBe('interrupted');
    expect(r.status).toBe('interrupted');
  });

  it('a failure the next start retries, or a submit never resent, only explains the node', () => {
    const retry = settleResumedJob(interrupted(), failed('a', false), registry)!;
    expect(byId(retry, 'a').state).toBe('interrupted');
    expect(byId(retry, 'a').message).toMatch(
      /could not be collected after a restart.*content policy/,
    );
    expect(retry.status).toBe('interrupted');
    expect(settleResumedJob(retry, failed('a', false), registry)).toBeNull();

    const uncertain: ResumedJob = {
      outcome: 'uncertain',
      entry: entry('a', { state: 'submitting' }),
      at: 5000,
      message: 'it may have been submitted and billed, and was not resent',
    };
    const r = settleResumedJob(interrupted(), uncertain, registry)!;
    expect(byId(r, 'a')).toMatchObject({ state: 'interrupted', message: uncertain.message });
  });

  it('leaves alone a run that was not interrupted, a node that ended, another job', () => {
    expect(
      settleResumedJob({ ...interrupted(), status: 'cancelled' }, collected('a'), registry),
    ).toBeNull();
    const ended = interrupted();
    ended.nodes[1] = node('a', 'cancelled');
    expect(settleResumedJob(ended, collected('a'), registry)).toBeNull();
    const other = collected('a');
    other.entry.requestId = 'req-other';
    expect(settleResumedJob(interrupted(), other, registry)).toBeNull();
    expect(
      settleResumedJob(interrupted(), { ...collected('a'), entry: entry('zz') }, registry),
    ).toBeNull();
  });

  it('a node that joined the job (the same request) shares its outcome, without its cost', () => {
    const g = testGraph();
    g.prompt('a glass teapot', { id: 'p' });
    g.model(MODELS.proTextToImage, { aspect_ratio: '1:1' }, { id: 'a', title: 'Harbour' });
    g.model(MODELS.proTextToImage, { aspect_ratio: '1:1' }, { id: 'twin' });
    g.model(MODELS.proTextToImage, { aspect_ratio: '16:9' }, { id: 'other' });
    for (const id of ['a', 'twin', 'other']) g.connect('p', 'text', id, 'prompt');
    const t2i = { provider: 'runcomfy', endpoint: 'google/nano-banana/pro/text-to-image' };
    const type = (id: string) => g.doc().nodes.find((n) => n.id === id)!.type;
    const rec = (id: string, state: string, over: Partial<NodeRecord> = {}): NodeRecord => ({
      nodeId: id,
      type: type(id),
      state,
      images: [],
      ...(id === 'p' ? {} : t2i),
      ...over,
    });
    const record: RunRecord = {
      ...interrupted(),
      graph: g.doc(),
      actualUsd: 0,
      nodeCount: 4,
      nodes: [
        rec('p', 'done'),
        rec('a', 'interrupted', { requestId: 'req-a' }),
        rec('twin', 'interrupted'),
        rec('other', 'interrupted', { requestId: 'req-other' }),
      ],
    };
    const r = settleResumedJob(record, collected('a', 5000, 0.15), registry)!;
    expect(byId(r, 'a')).toMatchObject({ state: 'done', costUsd: 0.15 });
    const twin = byId(r, 'twin');
    expect(twin).toMatchObject({ state: 'done', requestId: 'req-a', images: byId(r, 'a').images });
    expect(twin.costUsd).toBeUndefined();
    expect(twin.sentJob).toBeUndefined();
    expect(twin.message).toContain('shared the job of "Harbour"');
    // Other params: another request, still waiting for its own job.
    expect(byId(r, 'other').state).toBe('interrupted');
    expect(r.actualUsd).toBe(0.15);
    expect(r.status).toBe('interrupted');
  });

  it('counts a collected job once in the run that sent it, "cost not reported" when it had none', () => {
    const counted = {
      ...interrupted(['p', 'a', 'b', 'c', 'out']),
      actualUsd: 0.5,
      jobCount: 3,
      jobsWithoutCost: 0,
    };
    const priced = settleResumedJob(counted, collected('a', 5000, 0.15), registry)!;
    expect(priced).toMatchObject({ jobCount: 4, jobsWithoutCost: 0 });
    expect(priced.actualUsd).toBeCloseTo(0.65);
    const { result, ...job } = collected('b') as Extract<ResumedJob, { outcome: 'collected' }>;
    const { costUsd: _none, ...unpriced } = result;
    const r = settleResumedJob(priced, { ...job, result: unpriced }, registry)!;
    expect(r).toMatchObject({ jobCount: 5, jobsWithoutCost: 1 });
    expect(r.actualUsd).toBeCloseTo(0.65);
    expect(byId(r, 'b')).toMatchObject({ state: 'done', sentJob: true });
    expect(byId(r, 'b').costUsd).toBeUndefined();
    // A record from before the job count keeps adding its cost, and gets no count.
    const legacy = settleResumedJob(interrupted(), collected('a'), registry)!;
    expect(legacy.jobCount).toBeUndefined();
  });

  it('settledStatus: null while a node is unfinished', () => {
    expect(settledStatus([node('a', 'done'), node('b', 'cached')])).toBe('succeeded');
    expect(settledStatus([node('a', 'done'), node('b', 'skipped')])).toBe('failed');
    expect(settledStatus([node('a', 'done'), node('b', 'interrupted')])).toBeNull();
  });
});

describe('HistoryRecorder after a restart', () => {
  let dir: string;
  let store: HistoryStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-resumed-'));
    store = new HistoryStore(path.join(dir, 'history'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('completes a run a crash left running, once the start has marked it interrupted', async () => {
    const crashed = interrupted(['p', 'a', 'b', 'out']);
    await store.write({
      ...crashed,
      status: 'running',
      finishedAt: null,
      nodes: crashed.nodes.map((n) => (n.state === 'interrupted' ? { ...n, state: 'running' } : n)),
    });
    // The record's pid is this process, which markInterrupted counts as gone.
    expect((await store.markInterrupted()).marked).toEqual(['run1']);

    const recorder = new HistoryRecorder(store, registry);
    // Two jobs of the run end at once: both updates land.
    recorder.resumed(collected('b', 5000, 0.1));
    recorder.resumed(collected('a', 5001, 0.2));
    await recorder.flush();
    const r = (await store.get('run1'))!;
    expect(r.nodes.map((n) => [n.nodeId, n.state])).toEqual([
      ['p', 'done'],
      ['a', 'done'],
      ['b', 'done'],
      ['out', 'done'],
    ]);
    expect(r).toMatchObject({ status: 'succeeded', finishedAt: 5001 });
    expect(r.actualUsd).toBeCloseTo(0.8);
    expect(r.images).toEqual([image('a'), image('b')]);
  });

  it('records runs in progress as interrupted when the app closes, and ignores later events', async () => {
    const warnings: string[] = [];
    const recorder = new HistoryRecorder(store, registry, { warn: (m) => warnings.push(m) });
    const g = testGraph();
    const p = g.prompt('a glass teapot');
    const t2i = g.model(MODELS.proTextToImage);
    g.connect(p, 'text', t2i, 'prompt');
    const listen = recorder.listener({ graph: g.doc() });
    const estimate = { knownUsd: 0, unknownNodes: [], perNode: {} };
    const events: RunEvent[] = [
      { type: 'run-started', runId: 'live', at: 1000, nodeIds: [p, t2i], estimate },
      { type: 'node', runId: 'live', nodeId: p, state: 'done', at: 1001, text: 'x' },
      { type: 'node', runId: 'live', nodeId: t2i, state: 'in_queue', at: 1020, requestId: 'r' },
    ];
    for (const e of events) listen(e);
    recorder.interruptActive(3000);
    // What the closing engine still says about the run is not what happened to it.
    listen({
      type: 'node',
      runId: 'live',
      nodeId: t2i,
      state: 'failed',
      at: 3001,
      message: 'engine closed',
    });
    listen({
      type: 'run-finished',
      runId: 'live',
      at: 3002,
      status: 'failed',
      counts: {},
      actualUsd: 0,
      jobCount: 0,
      jobsWithoutCost: 0,
      durationMs: 2002,
    });
    await recorder.flush();
    const r = (await store.get('live'))!;
    expect(r).toMatchObject({ status: 'interrupted', finishedAt: 3000 });
    expect(r.nodes.map((n) => [n.nodeId, n.state, n.requestId])).toEqual([
      [p, 'done', undefined],
      [t2i, 'interrupted', 'r'],
    ]);
    expect(recorder.current()).toEqual([]);
    expect(warnings).toEqual([]);
  });
});
