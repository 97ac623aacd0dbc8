import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEmulator } from '../../emulator';
import type { Emulator, FaultRule } from '../../emulator/types';
import { createRunflowAdapter } from './runflow';
import type { RunflowOptions } from './runflow';
import { RUNFLOW_INLINE_MAX_BYTES } from './runflowAssets';
import { providerError } from './testServer';
import type { ImageInput, JobStatus, ProviderAdapter } from './types';

// The upload retry against the emulator's fault injection: the real three-step flow
// (session, PUT to storage, confirm), with faults on any of its steps (route `upload`).
const ENDPOINT = 'google/nano-banana-pro/edit';

let emu: Emulator;
let rf: ProviderAdapter;
let image: ImageInput & { kind: 'bytes' };
const delays: number[] = [];
const options: RunflowOptions = {
  uploadRetry: {
    policy: { baseMs: 100, maxMs: 1000, attempts: 3 },
    random: () => 1,
    sleep: async (ms) => {
      delays.push(ms);
    },
  },
};

beforeAll(async () => {
  emu = await createEmulator({ imageScale: 0.02 });
  rf = createRunflowAdapter(
    { baseUrl: emu.runflowBaseUrl, apiKey: emu.keys.runflow, timeoutMs: 5000 },
    options,
  );
  // Noise does not compress: a real PNG (the emulator decodes it) over the inline limit.
  const png = await sharp(randomBytes(620 * 620 * 3), {
    raw: { width: 620, height: 620, channels: 3 },
  })
    .png()
    .toBuffer();
  image = { kind: 'bytes', bytes: png, mimeType: 'image/png', name: 'noise.png' };
  expect(png.byteLength).toBeGreaterThan(RUNFLOW_INLINE_MAX_BYTES * 0.75);
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  emu.configure({ latency: { queueMs: 5, runMs: 20 }, faults: [], outputTtlMs: 60_000 });
  delays.length = 0;
});

const faults = (...rules: FaultRule[]) => emu.configure({ faults: rules });
const uploadStatuses = () =>
  emu
    .requests()
    .filter((r) => r.route === 'upload')
    .map((r) => `${r.method} ${r.status}`);

/** Polls the run until it ends. */
function finish(runId: string): Promise<JobStatus> {
  return vi.waitFor(
    async () => {
      const status = await rf.status(runId, ENDPOINT);
      if (status.state === 'queued' || status.state === 'running')
        throw new Error(`run ${runId} is still ${status.state}`);
      return status;
    },
    { timeout: 4000, interval: 10 },
  );
}

describe('Runflow asset uploads against the emulator', () => {
  it('a 503 on the session is retried; the run is created with the asset URL and succeeds', async () => {
    faults({
      provider: 'runflow',
      route: 'upload',
      times: 1,
      fault: { kind: 'http', status: 503 },
    });
    const [url] = await rf.prepareImages([image]);
    expect(url!.startsWith(`${emu.url}/storage/runflow/`)).toBe(true);
    expect(uploadStatuses()).toEqual(['POST 503', 'POST 201', 'PUT 200', 'POST 201']);
    expect(delays).toEqual([200]);

    const { requestId } = await rf.submit({
      endpoint: ENDPOINT,
      input: { prompt: 'ink wash', image_urls: [url] },
    });
    const submitted = emu.requests().find((r) => r.route === 'submit')?.body as {
      input: { image_urls: string[] };
    };
    expect(submitted.input.image_urls).toEqual([url]);
    const status = await finish(requestId);
    expect(status.state).toBe('succeeded');
    expect(typeof status.seed).toBe('number');
    expect(emu.stats().runflow.uploads).toBe(1);
    const served = Buffer.from(await (await fetch(url!)).arrayBuffer());
    expect(served.equals(Buffer.from(image.bytes))).toBe(true);
  });

  it('a 429 with Retry-After is honoured, a reset confirm is retried with a fresh session', async () => {
    faults(
      {
        provider: 'runflow',
        route: 'upload',
        times: 1,
        fault: { kind: 'http', status: 429, retryAfterSeconds: 2 },
      },
      // The first rule took request 1; this one sees 2 (session) and 3 (PUT), then resets
      // request 4, the second attempt's confirm.
      { provider: 'runflow', route: 'upload', after: 2, times: 1, fault: { kind: 'reset' } },
    );
    await expect(rf.prepareImages([image])).resolves.toHaveLength(1);
    expect(uploadStatuses()).toEqual([
      'POST 429',
      'POST 201',
      'PUT 200',
      'POST 0',
      'POST 201',
      'PUT 200',
      'POST 201',
    ]);
    expect(delays).toEqual([2000, 400]);
    expect(emu.stats().runflow.uploads).toBe(1);
  });

  it('a persistent 5xx fails after the configured attempts naming the image; nothing is submitted', async () => {
    faults({ provider: 'runflow', route: 'upload', fault: { kind: 'http', status: 500 } });
    const e = await providerError(rf.prepareImages([image]), emu.keys.runflow);
    expect([e.kind, e.delivery, e.status]).toEqual(['transient', 'no', 500]);
    expect(e.message).toContain('"noise.png" (image 1)');
    expect(e.message).toContain('failed 3 times');
    expect(uploadStatuses()).toEqual(['POST 500', 'POST 500', 'POST 500']);
    expect(emu.stats().runflow.submissions).toBe(0);
  });

  it('a wrong key (401) is not retried', async () => {
    const wrong = createRunflowAdapter(
      { baseUrl: emu.runflowBaseUrl, apiKey: 'rf_live_wrong', timeoutMs: 5000 },
      options,
    );
    const e = await providerError(wrong.prepareImages([image]), 'rf_live_wrong');
    expect([e.kind, e.status]).toEqual(['auth', 401]);
    expect(uploadStatuses()).toEqual(['POST 401']);
    expect(delays).toEqual([]);
  });
});
