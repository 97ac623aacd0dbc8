import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NodeEvent, RunFinishedEvent, RunStartedEvent } from '../../../shared/run/events';
import { testGraph } from '../../../shared/testing/testGraph';
import { BlobStore } from '../storage/blobStore';
import { startHarness } from '../testing/emulatorHarness';
import type { Harness } from '../testing/emulatorHarness';
import { finalEvent, nodeEvents, stateSequence, submitRequests } from '../testing/runEvents';

const T2I = 'runcomfy/google/nano-banana/pro/text-to-image';
const PRO_EDIT = 'runcomfy/google/nano-banana/pro/edit';
const RF_EDIT = 'runflow/google/nano-banana-pro/edit';
const MIB = 1024 * 1024;

let h: Harness | undefined;
let dir: string;
let smallPng: Buffer;
let noisePng: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-images-'));
  smallPng = await sharp({
    create: { width: 24, height: 16, channels: 3, background: { r: 200, g: 40, b: 90 } },
  })
    .png()
    .toBuffer();
  // Random noise does not compress: 800 x 800 RGB is about 1.9 MB as PNG.
  noisePng = await sharp(randomBytes(800 * 800 * 3), {
    raw: { width: 800, height: 800, channels: 3 },
  })
    .png()
    .toBuffer();
  await writeFile(path.join(dir, 'small.png'), smallPng);
  await writeFile(path.join(dir, 'noise.png'), noisePng);
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const dataUri = (mime: string, bytes: Uint8Array) =>
  `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;

/** A Load Image of `file` (in the temp folder) into `model`. */
function loadInto(model: string, file: string) {
  const g = testGraph();
  const img = g.loadImage(file);
  const m = g.model(model, { prompt: 'turn it into a watercolour' });
  g.connect(img, 'image', m, 'image_urls');
  return { doc: g.doc(), m };
}

/** `image_urls` as submitted: RunComfy's body is the input, Runflow's wraps it. */
function submittedImages(h: Harness, index = 0): string[] {
  const body = submitRequests(h.emu)[index]!.body as {
    image_urls?: string[];
    input?: { image_urls: string[] };
  };
  return body.input?.image_urls ?? body.image_urls!;
}

/** Text-to-image whose first image feeds an edit. */
function t2iIntoEdit() {
  const g = testGraph();
  const t2i = g.model(T2I, { prompt: 'a glass teapot', aspect_ratio: '1:1' });
  const edit = g.model(PRO_EDIT, { prompt: 'pour green tea' });
  g.connect(t2i, 'image', edit, 'image_urls');
  return { doc: g.doc(), t2i, edit };
}

describe('engine: images sent to providers', () => {
  it('a local PNG goes to a RunComfy edit as a data:image/png URI of exactly its bytes', async () => {
    h = await startHarness();
    const { doc, m } = loadInto(PRO_EDIT, 'small.png');
    const { summary } = await h.run(doc, { baseDir: dir });
    expect(summary.states.get(m)).toBe('done');
    expect(submittedImages(h)).toEqual([dataUri('image/png', smallPng)]);
  });

  it('an embedded image whose scheme is in capitals (DATA:) is decoded, never read as a file path', async () => {
    h = await startHarness();
    const upper = `DATA:image/png;BASE64,${smallPng.toString('base64')}`;
    const { doc } = loadInto(PRO_EDIT, upper);
    const { summary } = await h.run(doc, { baseDir: dir });
    expect(summary.status).toBe('succeeded');
    expect(submittedImages(h)).toEqual([dataUri('image/png', smallPng)]);
  });

  it('a small local image goes to Runflow inline as a data URI, with no upload', async () => {
    h = await startHarness();
    const { doc, m } = loadInto(RF_EDIT, 'small.png');
    const { summary } = await h.run(doc, { baseDir: dir });
    expect(summary.states.get(m)).toBe('done');
    expect(submittedImages(h)).toEqual([dataUri('image/png', smallPng)]);
    expect(h.emu.stats().runflow.uploads).toBe(0);
  });

  it('a local image over 1 MiB goes to Runflow through the asset upload flow: the run carries the asset URL, which serves those bytes', async () => {
    expect(noisePng.byteLength).toBeGreaterThan(MIB);
    h = await startHarness();
    const { doc, m } = loadInto(RF_EDIT, 'noise.png');
    const { summary } = await h.run(doc, { baseDir: dir });
    expect(summary.states.get(m)).toBe('done');
    expect(h.emu.stats().runflow.uploads).toBe(1);
    const [url] = submittedImages(h);
    expect(url!.startsWith(`${h.emu.url}/storage/runflow/`)).toBe(true);
    const served = Buffer.from(await (await fetch(url!)).arrayBuffer());
    expect(served.equals(noisePng)).toBe(true);
  });

  it("a model output feeds the next node by the provider's URL while its signed expiry is more than 10 minutes away", async () => {
    h = await startHarness({ outputTtlMs: 15 * 60_000 });
    const { doc, edit } = t2iIntoEdit();
    const { summary } = await h.run(doc);
    expect(summary.states.get(edit)).toBe('done');
    const [url] = submittedImages(h, 1);
    const firstDownload = h.emu.requests().find((r) => r.route === 'download')!;
    expect(url!.startsWith(h.emu.url)).toBe(true);
    expect(new URL(url!).pathname).toBe(firstDownload.path);
  });

  it('a model output whose URL expires sooner than that feeds the next node with the downloaded bytes, as a data URI', async () => {
    h = await startHarness({ outputTtlMs: 60_000 });
    const { doc, t2i, edit } = t2iIntoEdit();
    const { summary } = await h.run(doc);
    expect(summary.states.get(edit)).toBe('done');
    const [image] = summary.images.get(t2i)!;
    const bytes = await new BlobStore(path.join(h.dataDir, 'blobs')).get(image!.hash);
    expect(submittedImages(h, 1)).toEqual([dataUri(image!.mimeType, bytes)]);
  });

  it('a model output whose URL has expired by the time the next node is sent goes as bytes', async () => {
    // The engine's clock runs 20 minutes ahead: the 15-minute URL is past its expiry.
    h = await startHarness({ outputTtlMs: 15 * 60_000 }, { now: () => Date.now() + 20 * 60_000 });
    const { doc, t2i, edit } = t2iIntoEdit();
    const { summary } = await h.run(doc);
    expect(summary.states.get(edit)).toBe('done');
    const [image] = summary.images.get(t2i)!;
    const bytes = await new BlobStore(path.join(h.dataDir, 'blobs')).get(image!.hash);
    expect(submittedImages(h, 1)).toEqual([dataUri(image!.mimeType, bytes)]);
  });
});

describe('engine: progress, cost and deduplication', () => {
  it('emits every progress state in order, with queue positions while queued behind capacity and elapsed time while running', async () => {
    h = await startHarness({ latency: { queueMs: 5, runMs: 120 }, capacity: 1 });
    const g = testGraph();
    const ids = [0, 1, 2].map((i) => g.model(T2I, { prompt: `in line ${i}`, aspect_ratio: '1:1' }));
    const { summary, events } = await h.run(g.doc());
    expect(summary.status).toBe('succeeded');

    const positions: number[] = [];
    for (const id of ids) {
      expect(stateSequence(events, id)).toEqual([
        'queued',
        'submitting',
        'in_queue',
        'running',
        'downloading',
        'done',
      ]);
      const evs = nodeEvents(events, id);
      // The first in_queue comes from the submit; every later one from a status poll.
      const polled = evs.filter((e) => e.state === 'in_queue').slice(1);
      for (const e of polled) expect(e.queuePosition).toBeTypeOf('number');
      const mine = polled.map((e) => e.queuePosition!);
      expect(mine).toEqual([...mine].sort((a, b) => b - a)); // only ever moves up
      positions.push(...mine);
      const timed = evs.filter((e) => e.state === 'running' || e.state === 'downloading');
      for (const e of timed) expect(e.elapsedMs).toBeGreaterThanOrEqual(0);
      const elapsed = timed.map((e) => e.elapsedMs!);
      expect(elapsed).toEqual([...elapsed].sort((a, b) => a - b));
    }
    // Three jobs, one slot: the last one waited behind the other two.
    expect(Math.max(...positions)).toBeGreaterThanOrEqual(1);
  });

  it('estimates before the run (Runflow $0.15 x num_images, RunComfy unknown) and records the cost each provider reports', async () => {
    h = await startHarness();
    const g = testGraph();
    const img = g.loadImage('small.png');
    const rf = g.model(RF_EDIT, { prompt: 'two variations', num_images: 2 });
    g.connect(img, 'image', rf, 'image_urls');
    const rc = g.model(T2I, { prompt: 'a copper kettle', aspect_ratio: '1:1' });
    const doc = g.doc();
    const { summary, events } = await h.run(doc, { baseDir: dir });
    expect(summary.status).toBe('succeeded');

    const started = events.find((e): e is RunStartedEvent => e.type === 'run-started')!;
    expect(started.estimate.perNode[rf]).toBeCloseTo(0.3, 9);
    expect(started.estimate.perNode[rc]).toBe('unknown');
    expect(started.estimate.knownUsd).toBeCloseTo(0.3, 9);
    expect(started.estimate.unknownNodes).toEqual([rc]);

    // Runflow bills "0.30" (a decimal string); the emulator's RunComfy stand-in price is $0.10.
    const done = (id: string): NodeEvent => finalEvent(events, id);
    expect(done(rf).state).toBe('done');
    expect(done(rf).costUsd).toBeCloseTo(0.3, 9);
    expect(done(rf).images).toHaveLength(2);
    expect(done(rc).costUsd).toBeCloseTo(0.1, 9);
    const finished = events.find((e): e is RunFinishedEvent => e.type === 'run-finished')!;
    expect(finished.actualUsd).toBeCloseTo(0.4, 9);
    expect(summary.actualUsd).toBeCloseTo(0.4, 9);

    // Cached results were paid for once: a second run costs nothing.
    const again = await h.run(doc, { baseDir: dir });
    expect(again.summary.states.get(rf)).toBe('cached');
    expect(again.summary.actualUsd).toBe(0);
  });

  it('two identical model nodes in one graph are submitted once: the second joins the first', async () => {
    h = await startHarness();
    const g = testGraph();
    const a = g.model(T2I, { prompt: 'the same request twice', aspect_ratio: '1:1' });
    const b = g.model(T2I, { prompt: 'the same request twice', aspect_ratio: '1:1' });
    g.connect(a, 'images', g.preview(), 'images');
    g.connect(b, 'images', g.preview(), 'images');
    const { summary, events } = await h.run(g.doc());
    expect(summary.status).toBe('succeeded');
    expect(h.emu.stats().runcomfy.submissions).toBe(1);
    expect(finalEvent(events, a).requestId).toBe(finalEvent(events, b).requestId);
    expect(summary.images.get(a)).toEqual(summary.images.get(b));
    expect([a, b].filter((id) => stateSequence(events, id).includes('submitting'))).toHaveLength(1);
  });
});
