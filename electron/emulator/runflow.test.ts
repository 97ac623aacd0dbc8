import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { ManualClock, createEmulator } from './index';
import type { Emulator, EmulatorOptions } from './types';
import { client, imageSize, pngBytes, pngDataUri, pollUntil, signature } from './testing';

const RUNS = '/v1/models/google/nano-banana-pro/edit/runs';
const HTTPS_IMAGE = 'https://example.com/input.png';
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let emu: Emulator;
let rf: ReturnType<typeof client>;

beforeAll(async () => {
  emu = await createEmulator({ imageScale: 0.05 });
  rf = client(emu, 'runflow');
});
afterAll(() => emu.close());

/** This test's own emulator (on a manual clock, say); the shared one is back after it. */
async function ownEmulator(options: EmulatorOptions): Promise<void> {
  const shared = { emu, rf };
  emu = await createEmulator(options);
  rf = client(emu, 'runflow');
  onTestFinished(async () => {
    await emu.close();
    ({ emu, rf } = shared);
  });
}
beforeEach(() => {
  emu.reset();
  emu.configure({
    latency: { queueMs: 10, runMs: 40 },
    capacity: 8,
    faults: [],
    outputTtlMs: 60_000,
  });
});

interface Run {
  id: string;
  status_code: string;
  input: Record<string, unknown>;
  output: {
    outputs: { type: string; url: string; width: number; height: number; content_type: string }[];
    seed: number;
  } | null;
  cost: string | null;
  duration_ms: number | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  metadata: unknown;
  failure_code: string | null;
  failure_message: string | null;
}
interface RunflowErr {
  code: string;
  message: string;
  errors: { field: string; message: string }[];
}
const getRun = async (id: string) => (await (await rf.get(`/v1/runs/${id}`)).json()) as Run;
const createRun = async (body: unknown) => {
  const res = await rf.post(RUNS, body);
  expect(res.status).toBe(201);
  return (await res.json()) as Run;
};
const finished = (r: Run) => ['succeeded', 'failed', 'canceled'].includes(r.status_code);

describe('Runflow runs', () => {
  it('goes queued -> dispatching -> running -> succeeded with outputs and a cost string', async () => {
    // On a manual clock: each state is seen because time moves only when the test says.
    const clock = new ManualClock();
    await ownEmulator({ imageScale: 0.05, clock, latency: { queueMs: 20, runMs: 120 } });
    const run = await createRun({
      input: {
        prompt: 'a lighthouse',
        image_urls: [HTTPS_IMAGE],
        num_images: 2,
        aspect_ratio: '3:2',
      },
      metadata: { node: 'n1' },
    });
    expect(run.id).toMatch(UUID_V7);
    expect(run).toMatchObject({
      status_code: 'queued',
      output: null,
      cost: null,
      metadata: { node: 'n1' },
    });
    expect(run.input).toEqual({
      prompt: 'a lighthouse',
      image_urls: [HTTPS_IMAGE],
      num_images: 2,
      aspect_ratio: '3:2',
    });

    const seen: Run[] = [];
    const after = async (ms: number): Promise<string> => {
      clock.advance(ms);
      seen.push(await getRun(run.id));
      return seen.at(-1)!.status_code;
    };
    expect(await after(0)).toBe('queued');
    expect(await after(21)).toBe('dispatching');
    const ends = { timeout: 4000, interval: 1 };
    await vi.waitFor(async () => expect(await after(10)).toBe('running'), ends);
    await vi.waitFor(async () => expect(await after(10)).toBe('succeeded'), ends);
    const codes = [...new Set([run, ...seen].map((r) => r.status_code))];
    expect(codes).toEqual(['queued', 'dispatching', 'running', 'succeeded']);
    const done = seen.at(-1)!;
    expect(done.cost).toBe('0.30');
    expect(done.duration_ms).toBeGreaterThan(0);
    expect(Date.parse(done.completed_at!)).toBeGreaterThanOrEqual(Date.parse(done.started_at!));
    expect(done.output!.outputs).toHaveLength(2);
    const out = done.output!.outputs[0]!;
    expect(out).toMatchObject({ type: 'image', content_type: 'image/png', width: 51, height: 34 });
    const bytes = new Uint8Array(await (await fetch(out.url)).arrayBuffer());
    expect(signature(bytes)).toBe('png');
    expect(await imageSize(bytes)).toEqual({ width: 51, height: 34 });
    expect(emu.stats().runflow).toMatchObject({ submissions: 1, imagesGenerated: 2, downloads: 1 });
    expect(emu.stats().runflow.pollsByJob[run.id]).toBe(seen.length);
  });

  it('returns data URIs with sync_mode', async () => {
    const run = await createRun({
      input: { prompt: 'x', image_urls: [HTTPS_IMAGE], sync_mode: true, output_format: 'webp' },
    });
    const done = (await pollUntil(() => getRun(run.id), finished)).at(-1)!;
    expect(done.output!.outputs[0]!.url).toMatch(/^data:image\/webp;base64,/);
  });

  it('refuses raw input without the envelope, bad values and foreign http URLs with 422 naming fields', async () => {
    const cases: [unknown, string][] = [
      [{ prompt: 'x', image_urls: [HTTPS_IMAGE] }, 'prompt'],
      [{ input: { image_urls: [HTTPS_IMAGE] } }, 'input.prompt'],
      [
        { input: { prompt: 'x', image_urls: [HTTPS_IMAGE], safety_tolerance: 4 } },
        'input.safety_tolerance',
      ],
      [
        { input: { prompt: 'x', image_urls: [HTTPS_IMAGE], aspect_ratio: 'wide' } },
        'input.aspect_ratio',
      ],
      [{ input: { prompt: 'x', image_urls: ['http://example.com/a.png'] } }, 'input.image_urls[0]'],
      [
        { input: { prompt: 'x', image_urls: [HTTPS_IMAGE] }, callback_url: 'not a url' },
        'callback_url',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await rf.post(RUNS, body);
      expect(res.status).toBe(422);
      const err = (await res.json()) as RunflowErr;
      expect(err.code).toBe('VALIDATION_ERROR');
      expect(err.errors.map((e) => e.field)).toContain(field);
    }
    const big = `data:image/png;base64,${Buffer.alloc(800_000).toString('base64')}`;
    const tooBig = await rf.post(RUNS, { input: { prompt: 'x', image_urls: [big] } });
    expect(tooBig.status).toBe(422);
    expect(emu.stats().runflow.submissions).toBe(0);
  });

  it('answers 401, 404 for unknown runs and models, and has no public cancel', async () => {
    const run = await createRun({ input: { prompt: 'x', image_urls: [HTTPS_IMAGE] } });
    const bad = await client(emu, 'runflow', 'rf_live_wrong').get(`/v1/runs/${run.id}`);
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ code: 'UNAUTHORIZED', errors: [] });
    const missing = await rf.get('/v1/runs/0190b7e0-0000-7000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'RUN_NOT_FOUND' });
    const model = await rf.post('/v1/models/google/unknown/runs', { input: { prompt: 'x' } });
    expect(model.status).toBe(404);
    expect(((await model.json()) as RunflowErr).code).toBe('MODEL_NOT_FOUND');
    expect((await rf.post(`/v1/runs/${run.id}/cancel`)).status).toBe(404);
  });
});

describe('Runflow asset uploads', () => {
  const upload = async (bytes: Buffer, declared = bytes.length) => {
    const res = await rf.post('/v1/asset-uploads', {
      filename: 'in.png',
      mime_type: 'image/png',
      size_bytes: declared,
    });
    expect(res.status).toBe(201);
    const session = (await res.json()) as { asset_id: string; upload_url: string };
    const confirmEarly = await rf.post(`/v1/asset-uploads/${session.asset_id}/confirmations`, {});
    expect(confirmEarly.status).toBe(409);
    const put = await fetch(session.upload_url, {
      method: 'PUT',
      headers: { 'Content-Type': 'image/png' },
      body: new Uint8Array(bytes),
    });
    expect(put.status).toBe(200);
    return rf.post(`/v1/asset-uploads/${session.asset_id}/confirmations`, {});
  };

  it('uploads, confirms and uses the signed asset URL as an input (auto ratio from it)', async () => {
    const confirmed = await upload(await pngBytes(20, 40));
    expect(confirmed.status).toBe(201);
    const asset = (await confirmed.json()) as {
      id: string;
      url: string;
      mime_type: string;
      size_bytes: number;
    };
    expect(asset).toMatchObject({
      mime_type: 'image/png',
      url: expect.stringContaining('signature='),
    });
    expect(signature(new Uint8Array(await (await fetch(asset.url)).arrayBuffer()))).toBe('png');

    const run = await createRun({ input: { prompt: 'x', image_urls: [asset.url] } });
    const done = (await pollUntil(() => getRun(run.id), finished)).at(-1)!;
    expect(done.status_code).toBe('succeeded');
    expect(done.output!.outputs[0]).toMatchObject({ width: 26, height: 51 });
    expect(emu.stats().runflow.uploads).toBe(1);
  });

  it('refuses a size mismatch, a tampered upload URL and unknown uploads', async () => {
    const mismatch = await upload(await pngBytes(8, 8), 10);
    expect(mismatch.status).toBe(422);
    expect(((await mismatch.json()) as RunflowErr).errors[0]!.field).toBe('size_bytes');
    const res = await rf.post('/v1/asset-uploads', {
      filename: 'a.png',
      mime_type: 'image/png',
      size_bytes: 3,
    });
    const { upload_url } = (await res.json()) as { upload_url: string };
    // Always a different character: a fixed replacement can equal the original.
    const tamperedUrl = upload_url.replace(
      /signature=(.)/,
      (_, c: string) => `signature=${c === '0' ? '1' : '0'}`,
    );
    const tampered = await fetch(tamperedUrl, {
      method: 'PUT',
      body: 'abc',
    });
    expect(tampered.status).toBe(403);
    expect((await rf.post('/v1/asset-uploads/nope/confirmations', {})).status).toBe(404);
    const bad = await rf.post('/v1/asset-uploads', { filename: 'a.png', size_bytes: 0 });
    expect(((await bad.json()) as RunflowErr).errors.map((e) => e.field)).toEqual([
      'mime_type',
      'size_bytes',
    ]);
  });

  it('fails the run when an input asset URL has expired, as a provider that cannot fetch it', async () => {
    const clock = new ManualClock();
    await ownEmulator({ imageScale: 0.05, clock, latency: { queueMs: 0, runMs: 0 } });
    emu.configure({ outputTtlMs: 30 });
    const asset = (await (await upload(await pngBytes(8, 8))).json()) as { url: string };
    clock.advance(29);
    expect((await fetch(asset.url)).status).toBe(200);
    clock.advance(1);
    expect((await fetch(asset.url)).status).toBe(403);
    const run = await createRun({
      input: { prompt: 'x', image_urls: [asset.url, await pngDataUri(8, 8)] },
    });
    const done = (await pollUntil(() => getRun(run.id), finished)).at(-1)!;
    expect(done).toMatchObject({
      status_code: 'failed',
      output: null,
      cost: null,
      failure_code: 'INPUT_FETCH_FAILED',
    });
    expect(done.failure_message).toContain('image_urls[0]');
    expect(emu.stats().runflow).toMatchObject({ submissions: 1, failed: 1, imagesGenerated: 0 });
  });
});
