import { access, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PNG_WORKFLOW_KEY, readPngText } from '../../../shared/png/pngText';
import type { RunEvent } from '../../../shared/run/events';
import { MODELS, testGraph } from '../../../shared/testing/testGraph';
import { HISTORY_DB_FILE } from '../history/db/historyDb';
import { HistoryStore } from '../history/historyStore';
import { startHostKit } from './testKit';
import type { HostKit } from './testKit';

let kit: HostKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

function textToImage(prompt = 'a lighthouse at dusk') {
  const g = testGraph();
  const p = g.prompt(prompt);
  const t2i = g.model(MODELS.proTextToImage, { output_format: 'png' }, { id: 't2i' });
  const out = g.preview();
  g.connect(p, 'text', t2i, 'prompt');
  g.connect(t2i, 'images', out, 'images');
  return g.doc();
}

/** Starts a run through run.start and waits for its run-finished event. */
async function runToEnd(k: HostKit, workflowPath?: string): Promise<string> {
  const finished: string[] = [];
  const off = k.host.subscribe((name, payload) => {
    const e = payload as RunEvent;
    if (name === 'run.event' && e.type === 'run-finished') finished.push(e.runId);
  });
  const res = await k.call('run.start', {
    graph: textToImage(),
    ...(workflowPath ? { workflowPath } : {}),
  });
  if (!res.ok) throw new Error(res.message);
  await expect.poll(() => finished.includes(res.runId), { timeout: 10_000 }).toBe(true);
  off();
  return res.runId;
}

describe('history handlers', () => {
  it('every run.start is recorded; the run is listed and kept across a restart', async () => {
    kit = await startHostKit({ emulator: true });
    const wf = path.join(kit.workspaceDir, 'lighthouse.nodeloom');
    await writeFile(wf, '{}');
    const runId = await runToEnd(kit, wf);

    const { runs } = await kit.call('history.list', {});
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      runId,
      status: 'succeeded',
      workflowName: 'lighthouse',
      workflowPath: wf,
      nodeCount: 3,
    });
    expect(runs[0]!.images).toHaveLength(1);

    await kit.restart();
    const after = await kit.call('history.list', {});
    expect(after.runs.map((r) => [r.runId, r.status])).toEqual([[runId, 'succeeded']]);
    const record = await kit.call('history.get', { runId });
    const t2i = record.nodes.find((n) => n.nodeId === 't2i')!;
    expect(t2i).toMatchObject({ state: 'done', provider: 'runcomfy' });
    expect(t2i.requestId).toBeTruthy();
    expect(t2i.params).toMatchObject({ prompt: 'a lighthouse at dusk', output_format: 'png' });
    expect(record.graph.nodes.map((n) => n.id)).toContain('t2i');
  });

  it('lists newest first and honours the limit', async () => {
    kit = await startHostKit({ emulator: true });
    const first = await runToEnd(kit);
    const second = await runToEnd(kit);
    expect((await kit.call('history.list', {})).runs.map((r) => r.runId)).toEqual([second, first]);
    expect((await kit.call('history.list', { limit: 1 })).runs.map((r) => r.runId)).toEqual([
      second,
    ]);
  });

  it('a run left running by a crash is interrupted after the restart; broken files are reported', async () => {
    kit = await startHostKit();
    const store = new HistoryStore(path.join(kit.dataDir, 'history'));
    await store.write({
      runId: 'crashed',
      startedAt: 1,
      finishedAt: null,
      status: 'running',
      workflowName: null,
      workflowPath: null,
      nodeCount: 0,
      images: [],
      actualUsd: 0,
      graph: textToImage(),
      nodes: [],
    });
    await store.write({ ...(await store.get('crashed'))!, runId: 'garbage' });
    store.close();
    const db = new DatabaseSync(path.join(kit.dataDir, 'history', HISTORY_DB_FILE));
    db.prepare(
      "UPDATE runs SET record = 'not json', item = 'not json' WHERE run_id = 'garbage'",
    ).run();
    db.close();
    await kit.restart();
    const { runs } = await kit.call('history.list', {});
    expect(runs.map((r) => [r.runId, r.status])).toEqual([['crashed', 'interrupted']]);
    expect(kit.warnings.join('\n')).toMatch(/garbage: not valid JSON/);
  });

  it('exports PNGs into the workspace outputs folder, never outside the allowed folders', async () => {
    kit = await startHostKit({ emulator: true });
    const runId = await runToEnd(kit);
    const { files } = await kit.call('history.export', { runId });
    expect(files).toHaveLength(1);
    expect(path.dirname(files[0]!)).toBe(path.join(kit.workspaceDir, 'outputs'));
    const text = readPngText(new Uint8Array(await readFile(files[0]!)));
    expect(
      JSON.parse(text[PNG_WORKFLOW_KEY]!).graph.nodes.map((n: { id: string }) => n.id),
    ).toContain('t2i');
    await expect(kit.call('history.export', { runId, dir: '/etc' })).rejects.toThrow(
      /outside the workspace/,
    );
    await expect(kit.call('history.get', { runId: 'nope' })).rejects.toThrow(/no run nope/);
  });
});

describe('history.collect', () => {
  it('removes only images nothing names: deleted runs go, kept runs, pins and young images stay', async () => {
    kit = await startHostKit({ emulator: true });
    const gone = await runToEnd(kit);
    const goneImages = (await kit.call('history.get', { runId: gone })).images;
    await kit.call('history.delete', { runIds: [gone] });
    // A second run sends again only if its images were collected: make it differ.
    const blobs = path.join(kit.dataDir, 'blobs');
    const young = await kit.call('history.collect', { dryRun: true });
    expect(young).toMatchObject({ images: 0, kept: goneImages.length });
    // An hour later, the deleted run's images are collected (a dry run first: nothing goes).
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    for (const image of goneImages) {
      const file = path.join(blobs, image.hash.slice(0, 2), image.hash);
      await utimes(file, old, old);
    }
    const dry = await kit.call('history.collect', { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, images: goneImages.length, cachedResults: 1 });
    for (const image of goneImages)
      expect(await stat(path.join(blobs, image.hash.slice(0, 2), image.hash))).toBeTruthy();
    // Named by the caller (an open tab's pin), an image stays.
    const pinned = await kit.call('history.collect', {
      dryRun: true,
      keep: goneImages.map((i) => i.hash),
    });
    expect(pinned.images).toBe(0);
    const done = await kit.call('history.collect', { dryRun: false });
    expect(done).toMatchObject({ dryRun: false, images: goneImages.length });
    for (const image of goneImages)
      await expect(stat(path.join(blobs, image.hash.slice(0, 2), image.hash))).rejects.toThrow();
  });
});

describe('history.delete', () => {
  it('removes the run for good (also after a restart) but keeps its images, which the cache reuses', async () => {
    kit = await startHostKit({ emulator: true });
    const gone = await runToEnd(kit);
    const kept = await runToEnd(kit);
    const record = await kit.call('history.get', { runId: gone });
    const hashes = record.images.map((i) => i.hash);
    expect(hashes.length).toBeGreaterThan(0);

    const changed: unknown[] = [];
    const offChanged = kit.host.subscribe(
      (name, payload) => void (name === 'history.changed' && changed.push(payload)),
    );
    expect(await kit.call('history.delete', { runIds: [gone, gone] })).toEqual({
      deleted: [gone],
    });
    expect((await kit.call('history.list', {})).runs.map((r) => r.runId)).toEqual([kept]);
    await expect(kit.call('history.get', { runId: gone })).rejects.toThrow(/no run/);
    // Already gone, or never there: not deleted, and no error.
    expect(await kit.call('history.delete', { runIds: [gone, 'nope'] })).toEqual({ deleted: [] });
    // Other windows' history panels hear of the deletion; a delete of nothing says nothing.
    expect(changed).toEqual([{ runIds: [gone] }]);
    offChanged();

    await kit.restart();
    expect((await kit.call('history.list', {})).runs.map((r) => r.runId)).toEqual([kept]);
    // The images stay in the store: the same graph again is served from the result cache.
    for (const h of hashes) await access(kit.host.blobPath(h));
    const states: string[] = [];
    const off = kit.host.subscribe((name, payload) => {
      const e = payload as RunEvent;
      if (name === 'run.event' && e.type === 'node' && e.nodeId === 't2i') states.push(e.state);
    });
    await runToEnd(kit);
    off();
    expect(states).toContain('cached');
    expect(states).not.toContain('submitting');
  });

  it('does not delete a run in progress', async () => {
    kit = await startHostKit({ emulator: true });
    const k = kit;
    let attempt: Promise<{ deleted: string[] }> | undefined;
    k.host.subscribe((name, payload) => {
      const e = payload as RunEvent;
      // The recorder hears run-started first: the run is being recorded now.
      if (name === 'run.event' && e.type === 'run-started')
        attempt ??= k.call('history.delete', { runIds: [e.runId] });
    });
    const runId = await runToEnd(k);
    expect(await attempt).toEqual({ deleted: [] });
    expect((await k.call('history.list', {})).runs.map((r) => [r.runId, r.status])).toEqual([
      [runId, 'succeeded'],
    ]);
    // Once it has finished, it can be.
    expect(await k.call('history.delete', { runIds: [runId] })).toEqual({ deleted: [runId] });
  });

  it('takes a bounded list of run ids', async () => {
    kit = await startHostKit();
    await expect(kit.call('history.delete', { runIds: [] })).rejects.toThrow();
    await expect(
      kit.call('history.delete', { runIds: Array.from({ length: 1001 }, (_, i) => `r${i}`) }),
    ).rejects.toThrow();
    await expect(kit.call('history.delete', { runIds: ['x'.repeat(129)] })).rejects.toThrow();
    expect(await kit.call('history.delete', { runIds: ['../../settings'] })).toEqual({
      deleted: [],
    });
  });
});

describe('pinned nodes through run.start', () => {
  it('a pinned model needs no key, and what only it needs is neither checked nor run', async () => {
    kit = await startHostKit();
    const g = testGraph();
    const p = g.prompt('', { id: 'p' }); // empty: invalid, but only the pinned node needs it
    const t2i = g.model(MODELS.proTextToImage, {}, { id: 't2i' });
    g.connect(p, 'text', t2i, 'prompt');
    const image = { hash: 'e'.repeat(64), mimeType: 'image/png', width: 2, height: 2, bytes: 9 };
    const doc = g.doc();
    const graph = {
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === t2i ? { ...n, pinned: { images: [image] } } : n)),
    };
    const events: RunEvent[] = [];
    kit.host.subscribe((name, payload) => name === 'run.event' && events.push(payload as RunEvent));
    const res = await kit.call('run.start', { graph });
    expect(res).toMatchObject({ ok: true });
    await expect.poll(() => events.at(-1)?.type).toBe('run-finished');
    const started = events.find((e) => e.type === 'run-started');
    expect(started?.type === 'run-started' && started.nodeIds).toEqual(['t2i']);
    // The image is not in this store: the node fails and says so rather than paying again.
    const last = events.filter((e) => e.type === 'node').at(-1);
    expect(last).toMatchObject({ nodeId: 't2i', state: 'failed' });
  });
});
