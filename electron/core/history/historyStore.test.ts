import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PNG_PROVENANCE_KEY, PNG_WORKFLOW_KEY, readPngText } from '../../../shared/png/pngText';
import type { RunEvent } from '../../../shared/run/events';
import { MODELS, testGraph } from '../../../shared/testing/testGraph';
import { parseWorkflow } from '../../../shared/workflow/format';
import { BlobStore } from '../storage/blobStore';
import { testRegistry } from '../testing/emulatorHarness';
import { HISTORY_DB_FILE } from './db/historyDb';
import { exportRun } from './exportRun';
import { HistoryStore } from './historyStore';
import type { RunRecord } from './historyStore';
import { HistoryRecorder } from './recorder';

let dir: string;
let store: HistoryStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-history-'));
  store = new HistoryStore(path.join(dir, 'history'));
});
afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

const HASH = 'a'.repeat(64);
const image = (hash = HASH) => ({ hash, mimeType: 'image/png', width: 4, height: 4, bytes: 10 });

function record(runId: string, startedAt: number, over: Partial<RunRecord> = {}): RunRecord {
  return {
    runId,
    startedAt,
    finishedAt: null,
    status: 'running',
    workflowName: 'teapots',
    workflowPath: '/w/teapots.nodeloom',
    nodeCount: 0,
    images: [],
    actualUsd: 0,
    graph: testGraph().doc(),
    nodes: [],
    ...over,
  };
}

/** prompt -> text-to-image, the events of one successful run of it. */
function runOf(runId: string) {
  const g = testGraph();
  const p = g.prompt('a glass teapot');
  const t2i = g.model(MODELS.proTextToImage, { aspect_ratio: '1:1' });
  g.connect(p, 'text', t2i, 'prompt');
  const graph = g.doc();
  const estimate = { knownUsd: 0, unknownNodes: [], perNode: {} };
  const events: RunEvent[] = [
    { type: 'run-started', runId, at: 1000, nodeIds: [p, t2i], estimate },
    { type: 'node', runId, nodeId: p, state: 'queued', at: 1000 },
    { type: 'node', runId, nodeId: t2i, state: 'queued', at: 1000 },
    { type: 'node', runId, nodeId: p, state: 'done', at: 1001, text: 'a glass teapot' },
    { type: 'node', runId, nodeId: t2i, state: 'submitting', at: 1010 },
    { type: 'node', runId, nodeId: t2i, state: 'in_queue', at: 1020, requestId: 'req-1' },
    {
      type: 'node',
      runId,
      nodeId: t2i,
      state: 'done',
      at: 1510,
      requestId: 'req-1',
      images: [image()],
      sentJob: true,
      costUsd: 0.12,
    },
    {
      type: 'run-finished',
      runId,
      at: 1520,
      status: 'succeeded',
      counts: { done: 2 },
      actualUsd: 0.12,
      jobCount: 1,
      jobsWithoutCost: 0,
      durationMs: 520,
    },
  ];
  return { graph, events, p, t2i };
}

describe('HistoryStore', () => {
  it('writes and reads records; lists newest first, with a limit', async () => {
    await store.write(record('r1', 100));
    await store.write(record('r3', 300));
    await store.write(record('r2', 200));
    expect((await store.list()).runs.map((r) => r.runId)).toEqual(['r3', 'r2', 'r1']);
    expect((await store.list(2)).runs.map((r) => r.runId)).toEqual(['r3', 'r2']);
    expect(await store.get('r2')).toEqual(record('r2', 200));
    expect(await store.get('nope')).toBeNull();
    expect(await store.get('../etc/passwd')).toBeNull();
  });

  it('lists what the gallery shows of a run, its job counts included', async () => {
    await store.write(record('r1', 100, { actualUsd: 0, jobCount: 2, jobsWithoutCost: 1 }));
    const { runs } = await store.page();
    expect(runs[0]).toMatchObject({ runId: 'r1', jobCount: 2, jobsWithoutCost: 1 });
    expect(runs[0]).not.toHaveProperty('graph');
  });

  it('skips and reports unreadable records, never failing the listing', async () => {
    await store.write(record('good', 1));
    const db = new DatabaseSync(path.join(store.dir, HISTORY_DB_FILE));
    db.prepare('UPDATE runs SET record = ? WHERE run_id = ?').run('{"runId": "x", ', 'good');
    db.close();
    await store.write(record('fine', 2));
    const { runs, unreadable } = await store.list();
    expect(runs.map((r) => r.runId)).toEqual(['fine']);
    expect(unreadable).toEqual([expect.stringMatching(/^good: not valid JSON/)]);
  });

  it('marks runs a crash left running as interrupted, and their unfinished nodes', async () => {
    const node = { nodeId: 'n1', type: 't', images: [] };
    await store.write(record('crashed', 1, { nodes: [{ ...node, state: 'running' }] }));
    await store.write(
      record('fine', 2, { status: 'succeeded', nodes: [{ ...node, state: 'done' }] }),
    );
    const { marked } = await store.markInterrupted(5000);
    expect(marked).toEqual(['crashed']);
    const crashed = (await store.get('crashed'))!;
    expect(crashed.status).toBe('interrupted');
    expect(crashed.finishedAt).toBe(5000);
    expect(crashed.nodes[0]!.state).toBe('interrupted');
    expect((await store.get('fine'))!.status).toBe('succeeded');
  });

  it('deletes a record: gone from the listing, even for a new store', async () => {
    await store.write(record('keep', 1, { status: 'succeeded', images: [image()] }));
    await store.write(record('drop', 2, { status: 'failed', images: [image()] }));
    expect((await store.list()).runs.map((r) => r.runId)).toEqual(['drop', 'keep']);
    expect(await store.delete('drop')).toBe('deleted');
    expect((await store.list()).runs.map((r) => r.runId)).toEqual(['keep']);
    expect(await store.get('drop')).toBeNull();
    const other = new HistoryStore(store.dir);
    expect((await other.list()).runs.map((r) => r.runId)).toEqual(['keep']);
    other.close();
    // Again, unknown or not a run id at all: nothing to delete, nothing else touched.
    expect(await store.delete('drop')).toBe('missing');
    expect(await store.delete('../keep')).toBe('missing');
    expect(await store.delete('')).toBe('missing');
    expect((await store.list()).runs.map((r) => r.runId)).toEqual(['keep']);
  });

  it('does not delete a run another live process is recording; a dead one left running goes', async () => {
    await store.write(record('theirs', 1));
    expect(await store.delete('theirs', () => true)).toBe('running');
    expect((await store.get('theirs'))!.status).toBe('running');
    expect(await store.delete('theirs', () => false)).toBe('deleted');
    expect(await store.get('theirs')).toBeNull();
  });

  it('a write under way during a delete, or asked for after it, does not bring the run back', async () => {
    await store.write(record('r', 1, { status: 'interrupted' }));
    // An update read before the delete (a job collected after a restart) lands during it.
    const update = store.write(record('r', 1, { status: 'succeeded' }));
    expect(await store.delete('r')).toBe('deleted');
    await update;
    await store.write(record('r', 1, { status: 'failed' }));
    expect(await store.get('r')).toBeNull();
    expect((await store.list()).runs).toEqual([]);
  });

  it('deletes an unreadable record when asked by its id', async () => {
    await store.write(record('ok', 1, { status: 'succeeded' }));
    await store.write(record('broken', 2, { status: 'succeeded' }));
    const db = new DatabaseSync(path.join(store.dir, HISTORY_DB_FILE));
    db.prepare('UPDATE runs SET record = ? WHERE run_id = ?').run('{"runId": ', 'broken');
    db.close();
    expect(await store.delete('broken')).toBe('deleted');
    expect(await store.list()).toEqual({
      runs: [record('ok', 1, { status: 'succeeded' })],
      unreadable: [],
    });
  });

  it('leaves alone a run that another live process is recording', async () => {
    await store.write(record('theirs', 1));
    const { marked } = await store.markInterrupted(5000, () => true);
    expect(marked).toEqual([]);
    expect((await store.get('theirs'))!.status).toBe('running');
  });
});

describe('HistoryRecorder', () => {
  it('writes the run at its start and its outcome at the end, with what each model was sent', async () => {
    const recorder = new HistoryRecorder(store, await testRegistry(), { throttleMs: 10_000 });
    const { graph, events, t2i } = runOf('run1');
    const listen = recorder.listener({ graph, workflowPath: '/w/teapots.nodeloom' });
    listen(events[0]!);
    await recorder.flush();
    const started = (await store.get('run1'))!;
    expect(started).toMatchObject({ status: 'running', workflowName: 'teapots', nodeCount: 2 });
    expect(started.graph).toEqual(graph);

    for (const e of events.slice(1)) listen(e);
    await recorder.flush();
    const done = (await store.get('run1'))!;
    expect(done).toMatchObject({ status: 'succeeded', finishedAt: 1520, actualUsd: 0.12 });
    expect(done.images).toEqual([image()]);
    const node = done.nodes.find((n) => n.nodeId === t2i)!;
    expect(node).toMatchObject({
      state: 'done',
      provider: 'runcomfy',
      endpoint: 'google/nano-banana/pro/text-to-image',
      requestId: 'req-1',
      costUsd: 0.12,
      durationMs: 500,
      images: [image()],
    });
    // Defaults filled in, the wired prompt in place.
    expect(node.params).toMatchObject({ prompt: 'a glass teapot', aspect_ratio: '1:1' });
    expect(Object.keys(node.params!).length).toBeGreaterThan(2);
    expect(recorder.current()).toEqual([]);
  });

  it('keeps a finished run current until its last write has landed, and says when', async () => {
    const recorder = new HistoryRecorder(store, await testRegistry(), { throttleMs: 20 });
    const { graph, events } = runOf('run3');
    const listen = recorder.listener({ graph });
    for (const e of events) listen(e);
    // Ended, not yet on disk: still current (a delete now would be undone by the write).
    expect(recorder.current().map((r) => r.runId)).toEqual(['run3']);
    await recorder.lastWrite('run3');
    expect(recorder.current()).toEqual([]);
    expect((await store.get('run3'))!.status).toBe('succeeded');
  });

  it('gathers node events and writes them after the throttle', async () => {
    const recorder = new HistoryRecorder(store, await testRegistry(), { throttleMs: 20 });
    const { graph, events, p } = runOf('run2');
    const listen = recorder.listener({ graph });
    for (const e of events.slice(0, 4)) listen(e);
    expect(recorder.current()[0]!.nodes.find((n) => n.nodeId === p)!.state).toBe('done');
    // No flush: the throttle's own write brings the node's state to the disk.
    const onDisk = await vi.waitFor(async () => {
      const record = (await store.get('run2'))!;
      expect(record.nodes.find((n) => n.nodeId === p)!.state).toBe('done');
      return record;
    });
    expect(onDisk.workflowName).toBeNull();
    expect(onDisk.status).toBe('running');
  });
});

describe('exportRun', () => {
  it('writes each image as a PNG whose iTXt chunks carry the run graph and its provenance', async () => {
    const blobs = new BlobStore(path.join(dir, 'blobs'));
    const png = await sharp({
      create: { width: 4, height: 4, channels: 3, background: { r: 1, g: 2, b: 3 } },
    })
      .png()
      .toBuffer();
    const stored = await blobs.put(png);
    const img = { ...image(stored.hash), bytes: stored.bytes };
    const { graph } = runOf('r');
    const node = {
      nodeId: 'n2',
      type: 't',
      state: 'done',
      provider: 'runcomfy',
      endpoint: 'e',
      requestId: 'req-9',
      images: [img, image('b'.repeat(64))],
    };
    const rec = record('abcdef123456', 1, { graph, images: [img], nodes: [node] });
    const out = path.join(dir, 'outputs');
    const { files, missing } = await exportRun(rec, blobs, out);
    expect(files).toHaveLength(1);
    expect(path.basename(files[0]!)).toBe(`teapots_abcdef12_n2_01_${stored.hash.slice(0, 8)}.png`);
    expect(missing).toEqual([`n2 #2 (bbbbbbbb)`]);
    const text = readPngText(new Uint8Array(await readFile(files[0]!)));
    const workflow = parseWorkflow(text[PNG_WORKFLOW_KEY]!);
    expect(workflow.ok && workflow.value.graph).toEqual(graph);
    expect(JSON.parse(text[PNG_PROVENANCE_KEY]!)).toMatchObject({
      nodeId: 'n2',
      provider: 'runcomfy',
      requestId: 'req-9',
    });
  });
});
