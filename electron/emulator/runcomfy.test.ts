import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { ManualClock, createEmulator } from './index';
import type { Emulator, EmulatorOptions } from './types';
import { client, imageSize, pngDataUri, pollUntil, signature } from './testing';

const T2I = '/v1/models/google/nano-banana/pro/text-to-image';
const EDIT = '/v1/models/google/nano-banana/pro/edit';
const NB2 = '/v1/models/google/nano-banana-2/edit';
const HTTPS_IMAGE = 'https://example.com/input.png';

let emu: Emulator;
let rc: ReturnType<typeof client>;

beforeAll(async () => {
  emu = await createEmulator({ imageScale: 0.05 });
  rc = client(emu, 'runcomfy');
});
afterAll(() => emu.close());

/** This test's own emulator (on a manual clock, say); the shared one is back after it. */
async function ownEmulator(options: EmulatorOptions): Promise<void> {
  const shared = { emu, rc };
  emu = await createEmulator(options);
  rc = client(emu, 'runcomfy');
  onTestFinished(async () => {
    await emu.close();
    ({ emu, rc } = shared);
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

interface Status {
  request_id: string;
  status: string;
  queue_position?: number;
  status_url: string;
  result_url: string;
}
interface Result {
  status: string;
  output: { images: string[]; image: string } | null;
  created_at: string;
  finished_at: string | null;
  cost?: number | null;
  error?: string;
}
const status = async (id: string) =>
  (await (await rc.get(`/v1/requests/${id}/status`)).json()) as Status;
const result = async (id: string, q = '') =>
  (await (await rc.get(`/v1/requests/${id}/result${q}`)).json()) as Result;
const submit = async (path: string, body: unknown) => {
  const res = await rc.post(path, body);
  expect(res.status).toBe(200);
  return (await res.json()) as {
    request_id: string;
    status_url: string;
    result_url: string;
    cancel_url: string;
  };
};
const download = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());

describe('RunComfy lifecycle', () => {
  it('queues beyond capacity, reports queue_position, runs, completes with real images', async () => {
    // On a manual clock: nothing finishes between two looks unless the test moves time.
    const clock = new ManualClock();
    await ownEmulator({
      imageScale: 0.05,
      clock,
      capacity: 1,
      latency: { queueMs: 5, runMs: 120 },
    });
    const advanceUntil = <T>(read: () => Promise<T>, done: (value: T) => boolean) =>
      vi.waitFor(
        async () => {
          clock.advance(10);
          const value = await read();
          if (!done(value)) throw new Error(`not yet: ${JSON.stringify(value)}`);
          return value;
        },
        { timeout: 4000, interval: 1 },
      );
    const a = await submit(T2I, {
      prompt: 'a red fox',
      aspect_ratio: '16:9',
      output_format: 'webp',
      resolution: '2K',
    });
    expect(a.status_url).toBe(`${emu.runcomfyBaseUrl}/v1/requests/${a.request_id}/status`);
    expect(a.cancel_url).toBe(`${emu.runcomfyBaseUrl}/v1/requests/${a.request_id}/cancel`);
    const b = await submit(T2I, { prompt: 'a blue bird' });
    const c = await submit(T2I, { prompt: 'a green frog' });

    expect(await status(a.request_id)).toMatchObject({ status: 'in_queue', queue_position: 0 });
    clock.advance(6);
    const startedA = await status(a.request_id);
    expect(startedA.status).toBe('in_progress');
    expect(startedA.queue_position).toBeUndefined();
    const [sb, sc] = [await status(b.request_id), await status(c.request_id)];
    expect(sb).toMatchObject({ status: 'in_queue', queue_position: 0 });
    expect(sc).toMatchObject({ status: 'in_queue', queue_position: 1 });
    expect((await result(a.request_id)).output).toBeNull();

    await advanceUntil(
      () => status(a.request_id),
      (s) => s.status === 'completed',
    );
    const r = await result(a.request_id);
    expect(r.status).toBe('completed');
    expect(r.output!.images).toHaveLength(1);
    expect(r.output!.image).toBe(r.output!.images[0]);
    expect(Date.parse(r.finished_at!)).toBeGreaterThanOrEqual(Date.parse(r.created_at));
    const bytes = await download(r.output!.image);
    expect(signature(bytes)).toBe('webp');
    const size = await imageSize(bytes);
    expect(size.width).toBe(Math.round(2048 * 0.05));
    expect(size.width / size.height).toBeCloseTo(16 / 9, 1);

    await advanceUntil(
      () => status(c.request_id),
      (s) => s.status === 'completed',
    );
    const stats = emu.stats().runcomfy;
    expect(stats.maxRunningJobs).toBe(1);
    expect(stats.maxActiveJobs).toBe(3);
    expect(stats.submissions).toBe(3);
    expect(stats.imagesGenerated).toBe(3);
    expect(stats.pollsByJob[a.request_id]).toBeGreaterThan(1);
  });

  it('renders num_images distinct images in the requested format, deterministic per prompt', async () => {
    const input = {
      prompt: 'a castle',
      image_urls: [HTTPS_IMAGE],
      num_images: 3,
      output_format: 'jpeg',
      seed: 7,
    };
    const [x, y, z] = await Promise.all([
      submit(NB2, input),
      submit(NB2, { ...input, num_images: 1 }),
      submit(NB2, { ...input, num_images: 1, prompt: 'a cottage' }),
    ]);
    for (const job of [x, y, z])
      await pollUntil(
        () => status(job.request_id),
        (s) => s.status === 'completed',
      );
    const images = (await result(x.request_id)).output!.images;
    expect(images).toHaveLength(3);
    const files = await Promise.all(images.map(download));
    for (const f of files) expect(signature(f)).toBe('jpeg');
    expect(Buffer.from(files[0]!).equals(Buffer.from(files[1]!))).toBe(false);
    const same = await download((await result(y.request_id)).output!.image);
    const other = await download((await result(z.request_id)).output!.image);
    expect(Buffer.from(same).equals(Buffer.from(files[0]!))).toBe(true);
    expect(Buffer.from(other).equals(Buffer.from(same))).toBe(false);
    expect(emu.stats().runcomfy.downloads).toBe(5);
  });

  it('renders an edit from its inputs: one prompt over two different images gives two images', async () => {
    const body = (image: string) => ({ prompt: 'make it blue', image_urls: [image] });
    const jobs = await Promise.all([
      submit(EDIT, body(await pngDataUri(30, 40))),
      submit(EDIT, body(await pngDataUri(40, 30))),
      submit(EDIT, body(await pngDataUri(30, 40))),
    ]);
    for (const job of jobs)
      await pollUntil(
        () => status(job.request_id),
        (s) => s.status === 'completed',
      );
    const [a, b, again] = await Promise.all(
      jobs.map(async (j) =>
        Buffer.from(await download((await result(j.request_id)).output!.image)),
      ),
    );
    expect(a!.equals(b!)).toBe(false);
    expect(a!.equals(again!)).toBe(true);
  });

  it('takes the ratio of the first input for aspect_ratio auto, and 1:1 for a foreign URL', async () => {
    const portrait = await submit(EDIT, {
      prompt: 'p',
      image_urls: [await pngDataUri(30, 40), HTTPS_IMAGE],
    });
    const foreign = await submit(EDIT, {
      prompt: 'p',
      image_urls: [HTTPS_IMAGE],
      resolution: '4K',
    });
    for (const job of [portrait, foreign])
      await pollUntil(
        () => status(job.request_id),
        (s) => s.status === 'completed',
      );
    const p = await imageSize(await download((await result(portrait.request_id)).output!.image));
    expect(p).toEqual({ width: 38, height: 51 });
    const f = await imageSize(await download((await result(foreign.request_id)).output!.image));
    expect(f).toEqual({ width: 205, height: 205 });
  });

  it('adds cost with include_cost=true', async () => {
    const job = await submit(T2I, { prompt: 'x' });
    expect((await result(job.request_id, '?include_cost=true')).cost).toBeNull();
    await pollUntil(
      () => status(job.request_id),
      (s) => s.status === 'completed',
    );
    expect((await result(job.request_id, '?include_cost=true')).cost).toBe(0.1);
    expect((await result(job.request_id)).cost).toBeUndefined();
  });
});

describe('RunComfy cancel', () => {
  it('cancels only while queued', async () => {
    emu.configure({ capacity: 1, latency: { queueMs: 0, runMs: 150 } });
    const running = await submit(T2I, { prompt: 'one' });
    const queued = await submit(T2I, { prompt: 'two' });
    await pollUntil(
      () => status(running.request_id),
      (s) => s.status === 'in_progress',
    );

    const c1 = await rc.post(`/v1/requests/${queued.request_id}/cancel`);
    expect(c1.status).toBe(200);
    expect(await c1.json()).toEqual({
      request_id: queued.request_id,
      status: 'cancelled',
      outcome: 'cancelled',
    });
    const c2 = await (await rc.post(`/v1/requests/${running.request_id}/cancel`)).json();
    expect(c2).toMatchObject({ status: 'in_progress', outcome: 'not_cancellable' });
    expect((await status(queued.request_id)).status).toBe('cancelled');
    expect(await result(queued.request_id, '?include_cost=true')).toMatchObject({
      status: 'cancelled',
      output: null,
      cost: 0,
    });

    await pollUntil(
      () => status(running.request_id),
      (s) => s.status === 'completed',
    );
    const c3 = await (await rc.post(`/v1/requests/${running.request_id}/cancel`)).json();
    expect(c3).toMatchObject({ status: 'completed', outcome: 'not_cancellable' });
    const stats = emu.stats().runcomfy;
    expect(stats).toMatchObject({ cancellations: 1, submissions: 2, completed: 1, activeJobs: 0 });
  });
});

describe('RunComfy errors', () => {
  it('checks the bearer token on every API call', async () => {
    const job = await submit(T2I, { prompt: 'x' });
    const none = await fetch(`${emu.runcomfyBaseUrl}${T2I}`, {
      method: 'POST',
      body: '{"prompt":"x"}',
    });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error_code: 401001 });
    const wrong = client(emu, 'runcomfy', 'nope');
    for (const res of [
      await wrong.post(T2I, { prompt: 'x' }),
      await wrong.get(`/v1/requests/${job.request_id}/status`),
      await wrong.get(`/v1/requests/${job.request_id}/result`),
      await wrong.post(`/v1/requests/${job.request_id}/cancel`),
    ]) {
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({
        error_code: 400004,
        error_message: expect.any(String),
      });
    }
    expect(emu.stats().runcomfy.submissions).toBe(1);
  });

  it('answers 404 for unknown models and requests', async () => {
    const model = await rc.post('/v1/models/google/no-such-model', { prompt: 'x' });
    expect(model.status).toBe(404);
    expect(await model.json()).toMatchObject({ error_code: 400001 });
    const req = await rc.get('/v1/requests/0000/status');
    expect(req.status).toBe(404);
    expect(await req.json()).toMatchObject({ error_code: 404001 });
  });

  it.each([
    ['missing required', EDIT, { prompt: 'x' }, 'image_urls', 'missing'],
    ['enum miss', T2I, { prompt: 'x', aspect_ratio: 'auto' }, 'aspect_ratio', 'enum'],
    [
      'out of bounds',
      NB2,
      { prompt: 'x', image_urls: [HTTPS_IMAGE], num_images: 5 },
      'num_images',
      'less_than_equal',
    ],
    [
      'wrong type',
      NB2,
      { prompt: 'x', image_urls: [HTTPS_IMAGE], safety_tolerance: '4' },
      'safety_tolerance',
      'integer_type',
    ],
    [
      'too many images',
      EDIT,
      { prompt: 'x', image_urls: Array(21).fill(HTTPS_IMAGE) },
      'image_urls',
      'too_long',
    ],
    ['too few images', EDIT, { prompt: 'x', image_urls: [] }, 'image_urls', 'too_short'],
    [
      'plain http URL',
      EDIT,
      { prompt: 'x', image_urls: ['http://example.com/a.png'] },
      'image_urls',
      'format',
    ],
    ['unknown field', T2I, { prompt: 'x', num_images: 2 }, 'num_images', 'extra'],
  ])('422 for %s, naming the field', async (_name, path, body, field, type) => {
    const res = await rc.post(path, body);
    expect(res.status).toBe(422);
    const err = (await res.json()) as {
      error_code: number;
      error_message: string;
      detail: { loc: unknown[]; type: string }[];
    };
    expect(err.error_code).toBe(422001);
    expect(err.error_message).toContain(field);
    expect(err.detail[0]!.loc.slice(0, 2)).toEqual(['body', field]);
    expect(err.detail[0]!.type).toBe(type);
    expect(emu.stats().runcomfy.submissions).toBe(0);
  });

  it('422 for a body that is not JSON', async () => {
    const res = await fetch(`${emu.runcomfyBaseUrl}${T2I}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${emu.keys.runcomfy}`, 'Content-Type': 'application/json' },
      body: '{"prompt":',
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error_code: 422001 });
  });

  it('serves the model catalog with pricing fields', async () => {
    const res = await rc.get('/v1/models/google/nano-banana-2/edit');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      model_id: 'google/nano-banana-2/edit',
      base_price_usd: null,
    });
    const list = (await (await rc.get('/v1/models')).json()) as { models: unknown[] };
    expect(list.models).toHaveLength(3);
  });
});
