import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODELS, testGraph } from '../../../../shared/testing/testGraph';
import { HistoryStore } from '../historyStore';
import type { RunRecord } from '../historyStore';
import { ftsQuery } from './queries';

let dir: string;
let store: HistoryStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-query-'));
  store = new HistoryStore(path.join(dir, 'history'));
});
afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

const hash = (c: string) => c.repeat(64);
const image = (h: string) => ({ hash: h, mimeType: 'image/png', width: 8, height: 4, bytes: 10 });

/** A run of prompt -> model with the given prompt, model and outcome. */
function run(
  runId: string,
  startedAt: number,
  prompt: string,
  over: {
    endpoint?: string;
    provider?: string;
    status?: RunRecord['status'];
    usd?: number;
    images?: string[];
  } = {},
): RunRecord {
  const g = testGraph();
  const p = g.prompt(prompt);
  const m = g.model(MODELS.proTextToImage);
  g.connect(p, 'text', m, 'prompt');
  const images = (over.images ?? []).map((c) => image(hash(c)));
  return {
    runId,
    startedAt,
    finishedAt: startedAt + 10,
    status: over.status ?? 'succeeded',
    workflowName: 'animals',
    workflowPath: null,
    nodeCount: 2,
    images,
    actualUsd: over.usd ?? 0.1,
    graph: g.doc(),
    nodes: [
      {
        nodeId: m,
        type: MODELS.proTextToImage,
        state: 'done',
        provider: over.provider ?? 'runcomfy',
        endpoint: over.endpoint ?? 'google/nano-banana/pro/text-to-image',
        params: { prompt },
        images,
      },
    ],
  };
}

const ids = async (q: Parameters<HistoryStore['page']>[0]) =>
  (await store.page(q)).runs.map((r) => r.runId);

describe('searching and filtering the run history', () => {
  beforeEach(async () => {
    await store.write(run('fox-snow', 100, 'a red fox in the snow', { images: ['a'] }));
    await store.write(run('fox-rain', 200, 'a blue fox in the rain', { usd: 0.3, images: ['b'] }));
    await store.write(
      run('owl', 300, 'an owl at night', {
        provider: 'runflow',
        endpoint: 'google/nano-banana-pro/edit',
        status: 'failed',
        usd: 0,
      }),
    );
  });

  it('finds runs by the words of their prompts, all words, the last one as a prefix', async () => {
    expect(await ids({ text: 'fox' })).toEqual(['fox-rain', 'fox-snow']);
    expect(await ids({ text: 'fox snow' })).toEqual(['fox-snow']);
    expect(await ids({ text: 'the sno' })).toEqual(['fox-snow']);
    expect(await ids({ text: 'animals' })).toEqual(['owl', 'fox-rain', 'fox-snow']);
    expect(await ids({ text: 'giraffe' })).toEqual([]);
  });

  it('reads no search syntax from what the user typed', async () => {
    expect(ftsQuery('fox" OR owl*')).toBe('"fox" "OR" "owl"*');
    // Split where the tokenizer splits: `_` would make a phrase, which the index refuses.
    expect(ftsQuery('cat_v2')).toBe('"cat" "v2"*');
    expect(await ids({ text: 'red_fox' })).toEqual(['fox-snow']);
    expect(await ids({ text: 'fox" OR owl*' })).toEqual([]);
    expect(await ids({ text: '"*' })).toEqual(['owl', 'fox-rain', 'fox-snow']);
  });

  it('filters by model, provider, status, date and cost, newest first and paged', async () => {
    expect(await ids({ model: 'google/nano-banana-pro/edit' })).toEqual(['owl']);
    expect(await ids({ provider: 'runcomfy' })).toEqual(['fox-rain', 'fox-snow']);
    expect(await ids({ status: 'failed' })).toEqual(['owl']);
    expect(await ids({ from: 150, to: 250 })).toEqual(['fox-rain']);
    expect(await ids({ minUsd: 0.2 })).toEqual(['fox-rain']);
    expect(await ids({ maxUsd: 0.1, text: 'fox' })).toEqual(['fox-snow']);
    const page = await store.page({ limit: 2, offset: 1 });
    expect(page.runs.map((r) => r.runId)).toEqual(['fox-rain', 'fox-snow']);
    expect(page.total).toBe(3);
  });

  it('a gallery of images across runs, and favourites that filter it', async () => {
    const all = await store.gallery();
    expect(all.images.map((i) => [i.runId, i.hash[0]])).toEqual([
      ['fox-rain', 'b'],
      ['fox-snow', 'a'],
    ]);
    await store.setFavourite(hash('a'), true);
    expect((await store.gallery({ favourite: true })).images.map((i) => i.runId)).toEqual([
      'fox-snow',
    ]);
    expect(await ids({ favourite: true })).toEqual(['fox-snow']);
    expect((await store.gallery({ text: 'fox' })).images.find((i) => i.favourite)?.hash).toBe(
      hash('a'),
    );
    await store.setFavourite(hash('a'), false);
    expect((await store.gallery({ favourite: true })).total).toBe(0);
  });

  it('counts matches up to 1,000 past the page, and says when there are more', async () => {
    for (let i = 0; i < 1_060; i++) await store.write(run(`r${i}`, 1_000 + i, 'a fox'));
    const first = await store.page({ text: 'fox', limit: 50 });
    expect(first.runs).toHaveLength(50);
    expect(first).toMatchObject({ total: 1_050, capped: true });
    const last = await store.page({ text: 'fox', limit: 50, offset: 1_000 });
    expect(last).toMatchObject({ total: 1_062, capped: false });
  });

  it('an updated record replaces what search and the gallery read', async () => {
    await store.write(run('fox-snow', 100, 'a grey wolf', { images: ['c'] }));
    expect(await ids({ text: 'fox' })).toEqual(['fox-rain']);
    expect(await ids({ text: 'wolf' })).toEqual(['fox-snow']);
    expect((await store.gallery()).images.map((i) => i.hash[0])).toEqual(['b', 'c']);
    expect([...store.referencedImages()].sort()).toEqual([hash('b'), hash('c')]);
  });
});
