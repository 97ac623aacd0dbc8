import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../shared/run/events';
import { pinnedFedByEmptyPrompt } from '../../../shared/testing/preflightCases';
import { MODELS, testGraph } from '../../../shared/testing/testGraph';
import { BlobStore } from '../storage/blobStore';
import { startHostKit, textToImage } from './testKit';
import type { HostKit } from './testKit';

let kit: HostKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const tinyPng = (): Promise<Buffer> =>
  sharp({ create: { width: 2, height: 2, channels: 3, background: '#3c64c8' } })
    .png()
    .toBuffer();

/** `n` independent text-to-image jobs: they run at once unless a limit holds them. */
function fanOut(n: number, tag: string) {
  const g = testGraph();
  const out = g.preview();
  for (let i = 0; i < n; i++) {
    const p = g.prompt(`${tag} ${i}`);
    const t2i = g.model(MODELS.proTextToImage, { output_format: 'png' });
    g.connect(p, 'text', t2i, 'prompt');
    g.connect(t2i, 'image', out, 'images');
  }
  return g.doc();
}

describe('run.start', () => {
  it('refuses an invalid graph with its issues, sending nothing', async () => {
    kit = await startHostKit({ emulator: true });
    const g = testGraph();
    // An edit model needs images, and no aspect ratio is called "banana".
    g.model(MODELS.proEdit, { prompt: 'x', aspect_ratio: 'banana' }, { id: 'lonely' });
    const res = await kit.call('run.start', { graph: g.doc() });
    expect(res).toMatchObject({
      ok: false,
      message: expect.stringMatching(/nothing was sent/),
    });
    if (res.ok) return;
    expect(res.issues.map((i) => [i.nodeId, i.code, i.severity])).toEqual(
      expect.arrayContaining([
        ['lonely', 'missing-input', 'error'],
        ['lonely', 'invalid-param', 'error'],
      ]),
    );
    expect(kit.emu!.requests()).toEqual([]);
  });

  it('accepts a pinned node fed by an empty prompt (the one pre-run check): only the edit is sent', async () => {
    kit = await startHostKit({ emulator: true });
    const png = await tinyPng();
    const stored = await new BlobStore(path.join(kit.dataDir, 'blobs')).put(png);
    const { doc, prompt, edit } = pinnedFedByEmptyPrompt({
      hash: stored.hash,
      mimeType: 'image/png',
      width: 2,
      height: 2,
      bytes: png.byteLength,
    });
    const events: RunEvent[] = [];
    kit.host.subscribe((name, payload) => {
      if (name === 'run.event') events.push(payload as RunEvent);
    });
    const started = await kit.call('run.start', { graph: doc });
    expect(started).toMatchObject({ ok: true });
    await expect.poll(() => events.at(-1)?.type, { timeout: 10_000 }).toBe('run-finished');
    expect(events.at(-1)).toMatchObject({ status: 'succeeded' });
    const first = events[0]!;
    expect(first.type === 'run-started' && first.nodeIds).not.toContain(prompt);
    const submits = kit.emu!.requests().filter((r) => r.route === 'submit');
    expect(submits.map((r) => r.provider)).toEqual(['runflow']);
    expect(events.some((e) => e.type === 'node' && e.nodeId === edit && e.state === 'done')).toBe(
      true,
    );
  });

  it('refuses a run whose provider has no key', async () => {
    kit = await startHostKit();
    const g = testGraph();
    const p = g.prompt();
    const img = g.loadImage('https://example.com/cat.png');
    const edit = g.model(MODELS.runflowProEdit, {}, { id: 'edit' });
    g.connect(p, 'text', edit, 'prompt');
    g.connect(img, 'image', edit, 'image_urls');
    const res = await kit.call('run.start', { graph: g.doc() });
    expect(res).toEqual({
      ok: false,
      message: 'Runflow has no usable API key: add it in Settings',
      issues: [expect.objectContaining({ nodeId: 'edit', code: 'missing-key' })],
    });
  });

  it('refuses a Load Image file outside the workspace', async () => {
    kit = await startHostKit({ emulator: true });
    const g = testGraph();
    const elsewhere = path.join(os.tmpdir(), 'elsewhere.png');
    const img = g.loadImage(elsewhere, { id: 'img' });
    g.connect(img, 'image', g.preview(), 'images');
    const res = await kit.call('run.start', { graph: g.doc() });
    expect(res).toMatchObject({
      ok: false,
      issues: [
        {
          nodeId: 'img',
          field: 'source',
          code: 'image-outside-folder',
          severity: 'error',
          message: `${elsewhere} is outside the workflow's folder: allow it when Nodeloom asks, or copy the image next to the workflow`,
        },
      ],
    });
  });

  it("reads an image outside the workflow's folder only after images.allow", async () => {
    kit = await startHostKit();
    const events: RunEvent[] = [];
    kit.host.subscribe((name, payload) => name === 'run.event' && events.push(payload as RunEvent));
    // In the workspace, but not in the workflow's folder: that is not enough any more.
    await mkdir(path.join(kit.workspaceDir, 'shared'));
    await writeFile(path.join(kit.workspaceDir, 'shared', 'cat.png'), await tinyPng());
    const workflowPath = path.join(kit.workspaceDir, 'proj', 'flow.nodeloom');
    const g = testGraph();
    const img = g.loadImage('../shared/cat.png', { id: 'img' });
    g.connect(img, 'image', g.preview(), 'images');
    const graph = g.doc();

    const refused = await kit.call('run.start', { graph, workflowPath });
    expect(refused).toMatchObject({ ok: false, issues: [{ code: 'image-outside-folder' }] });
    expect(
      await kit.call('images.outside', { workflowPath, sources: ['../shared/cat.png'] }),
    ).toEqual({
      outside: [
        { source: '../shared/cat.png', path: path.join(kit.workspaceDir, 'shared', 'cat.png') },
      ],
    });

    await kit.call('images.allow', { workflowPath, sources: ['../shared/cat.png'] });
    const started = await kit.call('run.start', { graph, workflowPath });
    expect(started).toMatchObject({ ok: true });
    await expect.poll(() => events.at(-1)?.type, { timeout: 10_000 }).toBe('run-finished');
    expect(events.at(-1)).toMatchObject({ status: 'succeeded' });
  });

  it('runs a valid graph against the emulator, broadcasting every event', async () => {
    kit = await startHostKit({ emulator: true });
    const events: RunEvent[] = [];
    kit.host.subscribe((name, payload) => {
      if (name === 'run.event') events.push(payload as RunEvent);
    });
    const started = await kit.call('run.start', { graph: textToImage() });
    expect(started.ok).toBe(true);
    await expect.poll(() => events.at(-1)?.type, { timeout: 10_000 }).toBe('run-finished');
    expect(events[0]).toMatchObject({ type: 'run-started' });
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded' });
  });

  it('applies a concurrency change made during a run to the next run', async () => {
    kit = await startHostKit({ emulator: true });
    const finished: RunEvent[] = [];
    kit.host.subscribe((name, payload) => {
      const e = payload as RunEvent;
      if (name === 'run.event' && e.type === 'run-finished') finished.push(e);
    });
    const emu = kit.emu!;
    emu.configure({ latency: { queueMs: 10, runMs: 150 } });
    const first = await kit.call('run.start', { graph: fanOut(3, 'first') });
    expect(first.ok).toBe(true);
    // The run in progress keeps its engine; the change waits for it to end.
    await kit.call('settings.update', { concurrency: { global: 2, perProvider: 1 } });
    await expect.poll(() => finished.length, { timeout: 10_000 }).toBe(1);
    expect(emu.stats().runcomfy.maxActiveJobs).toBe(3);

    emu.reset();
    const second = await kit.call('run.start', { graph: fanOut(3, 'second') });
    expect(second.ok).toBe(true);
    await expect.poll(() => finished.length, { timeout: 10_000 }).toBe(2);
    expect(emu.stats().runcomfy.maxActiveJobs).toBe(1);
    expect(finished.map((e) => e.type === 'run-finished' && e.status)).toEqual([
      'succeeded',
      'succeeded',
    ]);
  });

  it('cancels a run by id', async () => {
    kit = await startHostKit({ emulator: true });
    kit.emu!.configure({ latency: { queueMs: 2000, runMs: 2000 } });
    const events: RunEvent[] = [];
    kit.host.subscribe((name, payload) => name === 'run.event' && events.push(payload as RunEvent));
    const res = await kit.call('run.start', { graph: textToImage() });
    if (!res.ok) throw new Error(res.message);
    await expect
      .poll(() => events.some((e) => e.type === 'node' && e.state === 'in_queue'))
      .toBe(true);
    expect(await kit.call('run.cancel', { runId: res.runId })).toEqual({ cancelled: true });
    await expect.poll(() => events.at(-1)?.type, { timeout: 10_000 }).toBe('run-finished');
    expect(events.at(-1)).toMatchObject({ status: 'cancelled' });
    expect(await kit.call('run.cancel', { runId: 'no-such-run' })).toEqual({ cancelled: false });
  });
});
