/**
 * Run history benchmark (npm run bench -- --parts history): seeds 10,000 runs of
 * about 19 KB each (the size of a real 12-job run) through the store's API, then,
 * in a fresh host process each time (cold: nothing cached in memory), measures
 * opening the host, listing the newest 50, a full-text search, a gallery page and
 * the host's resident memory. Prints `{ history: rows }` as JSON with `--json`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MODELS, testGraph } from '../shared/testing/testGraph';
import { HistoryStore } from '../electron/core/history/historyStore';
import type { RunRecord } from '../electron/core/history/historyStore';
import type { Row } from './engine';

const RUNS = Number(process.env.NODELOOM_BENCH_HISTORY_RUNS ?? 10_000);
const NODES = 12;
const COLD_RUNS = 3;
const WORDS = [
  'fox',
  'owl',
  'teapot',
  'lantern',
  'harbour',
  'snow',
  'rain',
  'dusk',
  'glass',
  'moss',
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const hex = (n: number): string => n.toString(16).padStart(64, '0');

/** A finished run of 12 prompt -> model jobs, each with an image: ~19 KB of JSON. */
function runRecord(i: number): RunRecord {
  const g = testGraph();
  const nodes: RunRecord['nodes'] = [];
  const images: RunRecord['images'] = [];
  for (let n = 0; n < NODES; n++) {
    const prompt = `${WORDS[(i + n) % WORDS.length]} ${WORDS[(i * 7 + n) % WORDS.length]} in the style of plate ${i}-${n}, ${'soft light, '.repeat(24)}`;
    const p = g.prompt(prompt);
    const m = g.model(MODELS.proTextToImage, { aspect_ratio: '16:9' });
    g.connect(p, 'text', m, 'prompt');
    const image = {
      hash: hex(i * NODES + n + 1),
      mimeType: 'image/png',
      width: 1024,
      height: 576,
      bytes: 900_000,
    };
    images.push(image);
    nodes.push({
      nodeId: m,
      type: MODELS.proTextToImage,
      state: 'done',
      provider: 'runcomfy',
      endpoint: 'google/nano-banana/pro/text-to-image',
      params: { prompt, aspect_ratio: '16:9', resolution: '1K', output_format: 'png' },
      requestId: `req-${i}-${n}`,
      images: [image],
      costUsd: 0.15,
      durationMs: 30_000,
    });
  }
  return {
    runId: `run${String(i).padStart(6, '0')}`,
    startedAt: 1_700_000_000_000 + i * 60_000,
    finishedAt: 1_700_000_000_000 + i * 60_000 + 45_000,
    status: 'succeeded',
    workflowName: `pipeline ${i % 50}`,
    workflowPath: `/home/artist/work/pipeline-${i % 50}.nodeloom`,
    nodeCount: NODES * 2,
    images,
    actualUsd: 0.15 * NODES,
    jobCount: NODES,
    jobsWithoutCost: 0,
    graph: g.doc(),
    nodes,
  };
}

/** The cold measurement, in a child process: `tsx bench/history.ts --measure DATA_DIR`. */
async function measure(dataDir: string): Promise<void> {
  const { createHostService } = await import('../electron/core/host/hostService');
  const { envSessionKeyStore } = await import('../electron/core/host/keyStore');
  const t0 = performance.now();
  const host = await createHostService({
    dataDir,
    workspaceDir: dataDir,
    keyStore: envSessionKeyStore({}),
    emulated: false,
    nativeDialogs: false,
    version: 'bench',
    env: {},
  });
  const startMs = performance.now() - t0;
  const time = async (f: () => Promise<unknown>): Promise<number> => {
    const t = performance.now();
    await f();
    return performance.now() - t;
  };
  const listMs = await time(() => host.handlers['history.list']({ limit: 50 }));
  const searchMs = await time(() =>
    host.handlers['history.list']({ text: 'teapot lantern', limit: 50 }),
  );
  const galleryMs = await time(() => host.handlers['history.gallery']({ limit: 100 }));
  const filterMs = await time(() =>
    host.handlers['history.list']({
      provider: 'runcomfy',
      status: 'succeeded',
      minUsd: 1,
      limit: 50,
    }),
  );
  const rssMb = process.memoryUsage().rss / 1e6;
  await host.close();
  console.log(JSON.stringify({ startMs, listMs, searchMs, galleryMs, filterMs, rssMb }));
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-bench-history-'));
  try {
    const store = new HistoryStore(path.join(dir, 'history'));
    const t = performance.now();
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const record = runRecord(i);
      if (i === 0) bytes = JSON.stringify(record).length;
      await store.write(record);
    }
    const seedS = (performance.now() - t) / 1000;
    store.close();
    const cold: Record<string, number>[] = [];
    for (let r = 0; r < COLD_RUNS; r++) {
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'bench/history.ts', '--measure', dir],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
      );
      if (child.status !== 0) throw new Error(`measuring process exited with ${child.status}`);
      cold.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!));
    }
    const m = (k: string): number => median(cold.map((c) => c[k] ?? NaN));
    // The same host start-up with no history at all, for comparison.
    const empty = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-bench-empty-'));
    const emptyStarts: number[] = [];
    for (let r = 0; r < COLD_RUNS; r++) {
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'bench/history.ts', '--measure', empty],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
      );
      emptyStarts.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!).startMs);
    }
    await rm(empty, { recursive: true, force: true });
    const rows: Row[] = [
      {
        name: `seed ${RUNS} runs of ${(bytes / 1000).toFixed(0)} KB through the store`,
        value: seedS,
        unit: 's',
      },
      {
        name: `host start-up with that history (cold process; ${median(emptyStarts).toFixed(0)} ms with none)`,
        value: m('startMs'),
        unit: 'ms',
        note: 'not delayed by history size',
      },
      {
        name: 'newest 50 runs, cold',
        value: m('listMs'),
        unit: 'ms',
        target: '< 50 ms',
        pass: m('listMs') < 50,
      },
      {
        name: 'full-text search ("teapot lantern"), newest 50',
        value: m('searchMs'),
        unit: 'ms',
        target: '< 50 ms',
        pass: m('searchMs') < 50,
      },
      { name: 'filtered list (provider, status, cost)', value: m('filterMs'), unit: 'ms' },
      { name: 'gallery page of 100 images', value: m('galleryMs'), unit: 'ms' },
      {
        name: 'host resident memory after these',
        value: m('rssMb'),
        unit: 'MB',
        target: '< 150 MB',
        pass: m('rssMb') < 150,
      },
    ];
    // Every row has the same columns, so the printed table shows targets.
    const table = rows.map((r) => ({ ...r, target: r.target ?? '', pass: r.pass ?? '' }));
    if (process.argv.includes('--json')) console.log(JSON.stringify({ history: table }));
    else
      for (const r of rows)
        console.log(
          `${r.name}: ${r.value.toFixed(1)} ${r.unit}${r.target ? ` (target ${r.target}: ${r.pass ? 'PASS' : 'MISS'})` : ''}`,
        );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf('--measure');
if (at >= 0) await measure(process.argv[at + 1]!);
else await main();
