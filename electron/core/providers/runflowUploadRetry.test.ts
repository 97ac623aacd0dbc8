import type { ServerResponse } from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import { sleep } from '../engine/timing';
import { createRunflowAdapter } from './runflow';
import type { RunflowOptions } from './runflow';
import { sendJson } from './testServer';
import type { Handler } from './testServer';
import {
  ASSET_URL,
  ENDPOINT,
  KEY,
  RUNS_PATH,
  bigImage,
  fail,
  run,
  useRunflowServers,
} from './runflowTestKit';

// Transient failures of the asset upload flow are retried (uploads are free); nothing
// else is. The waits are recorded instead of slept: random 1 makes each the ceiling,
// base * 2^attempt (200 ms, then 400 ms).
const delays: number[] = [];
const uploadRetry: NonNullable<RunflowOptions['uploadRetry']> = {
  policy: { baseMs: 100, maxMs: 1000, attempts: 3 },
  maxRetryAfterMs: 10_000,
  random: () => 1,
  sleep: async (ms) => {
    delays.push(ms);
  },
};
const kit = useRunflowServers({ uploadRetry });
beforeEach(() => {
  delays.length = 0;
});

const SESSION = '/v1/asset-uploads';
const sessionsCreated = () =>
  kit.api.received.filter((r) => r.method === 'POST' && r.path === SESSION).length;
const session = (res: ServerResponse) =>
  sendJson(res, 201, {
    asset_id: 'asset-7',
    upload_url: `${kit.storage.url}/bucket/asset-7?X-Sig=abc`,
  });

/** Routes the upload flow whose session call answers with `failures` first, then works. */
function flakySession(...failures: Handler[]): void {
  kit.routeUploads(kit.storage);
  let calls = 0;
  kit.api.route('POST', SESSION, (req, res) => {
    const failure = failures[calls++];
    return failure ? failure(req, res) : session(res);
  });
}

const unavailable: Handler = (_req, res) =>
  sendJson(res, 503, { code: 'MODEL_UNAVAILABLE', message: 'Storage is warming up' });
const rateLimited =
  (seconds: number): Handler =>
  (_req, res) =>
    sendJson(
      res,
      429,
      { code: 'RATE_LIMITED', message: 'Too many requests' },
      { 'Retry-After': String(seconds) },
    );

describe('Runflow asset uploads: retrying transient failures', () => {
  it('a 503 on the upload session is retried, and the run is created with the asset URL', async () => {
    flakySession(unavailable);
    kit.api.route('POST', RUNS_PATH, (_req, res) => sendJson(res, 201, run({})));

    const urls = await kit.rf.prepareImages([bigImage()]);
    expect(urls).toEqual([ASSET_URL]);
    await kit.rf.submit({ endpoint: ENDPOINT, input: { prompt: 'ink', image_urls: urls } });

    expect(sessionsCreated()).toBe(2);
    expect(delays).toEqual([200]);
    const submit = kit.api.received.find((r) => r.path === RUNS_PATH);
    expect(submit?.json).toEqual({ input: { prompt: 'ink', image_urls: [ASSET_URL] } });
  });

  it('a 5xx from storage on the PUT is retried with a fresh session', async () => {
    kit.routeUploads(kit.storage);
    let puts = 0;
    kit.storage.route('PUT', '/bucket/asset-7', (_req, res) => {
      res.writeHead(puts++ === 0 ? 502 : 200);
      res.end();
    });
    await expect(kit.rf.prepareImages([bigImage()])).resolves.toEqual([ASSET_URL]);
    expect([sessionsCreated(), kit.storage.received.length]).toEqual([2, 2]);
    const confirms = kit.api.received.filter((r) => r.path.endsWith('/confirmations'));
    expect(confirms).toHaveLength(1);
  });

  it('a lost connection and a timeout are retried', async () => {
    // Its own client: a 150 ms call timeout keeps the silent answer short.
    const quick = createRunflowAdapter(
      { baseUrl: kit.api.url, apiKey: KEY, timeoutMs: 150 },
      { uploadRetry },
    );
    flakySession(
      (_req, res) => {
        res.socket?.destroy();
      },
      () => undefined, // never answers
    );
    await expect(quick.prepareImages([bigImage()])).resolves.toEqual([ASSET_URL]);
    expect(sessionsCreated()).toBe(3);
    expect(delays).toEqual([200, 400]);
  });

  it('a 429 with Retry-After is honoured when it asks for longer than the backoff', async () => {
    flakySession(rateLimited(3));
    await expect(kit.rf.prepareImages([bigImage()])).resolves.toEqual([ASSET_URL]);
    expect(delays).toEqual([3000]);
  });

  it('a Retry-After beyond maxRetryAfterMs fails at once, naming the image', async () => {
    flakySession(rateLimited(120));
    const e = await fail(kit.rf.prepareImages([bigImage('poster.png')]));
    expect([e.kind, e.delivery, e.status, e.retryAfterMs]).toEqual([
      'rate_limit',
      'no',
      429,
      120_000,
    ]);
    expect(e.message).toContain('"poster.png" (image 1)');
    expect(e.message).toContain('asked to wait 120 s');
    expect([sessionsCreated(), delays.length]).toEqual([1, 0]);
  });

  it('a persistent 5xx fails after the configured attempts, naming the image and the cause', async () => {
    flakySession(unavailable, unavailable, unavailable, unavailable);
    const e = await fail(kit.rf.prepareImages([bigImage('cat.png')]));
    expect([e.kind, e.delivery, e.status, e.code]).toEqual([
      'transient',
      'no',
      503,
      'MODEL_UNAVAILABLE',
    ]);
    expect(e.message).toContain('Could not upload "cat.png" (image 1) to Runflow');
    expect(e.message).toContain('failed 3 times');
    expect(e.message).toContain('Storage is warming up');
    expect(sessionsCreated()).toBe(3);
    expect(delays).toEqual([200, 400]);
    expect(kit.api.received.some((r) => r.path === RUNS_PATH)).toBe(false);
  });

  it('auth, credit and validation refusals, and a storage 403, are never retried (and still name the image)', async () => {
    const refusals: [number, string, string][] = [
      [401, 'UNAUTHORIZED', 'auth'],
      [403, 'FORBIDDEN', 'auth'],
      [402, 'INSUFFICIENT_CREDIT', 'credit'],
      [422, 'VALIDATION_ERROR', 'validation'],
    ];
    for (const [status, code, kind] of refusals) {
      kit.api.reset();
      flakySession((_req, res) => sendJson(res, status, { code, message: 'no' }));
      const e = await fail(kit.rf.prepareImages([bigImage()]));
      expect([status, e.kind, e.status, sessionsCreated()]).toEqual([status, kind, status, 1]);
      expect(e.message).toContain('Could not upload "big.png" (image 1) to Runflow');
    }
    kit.api.reset();
    kit.routeUploads(kit.storage, 403);
    const e = await fail(kit.rf.prepareImages([bigImage()]));
    expect([e.kind, e.status, sessionsCreated()]).toEqual(['protocol', 403, 1]);
    expect(delays).toEqual([]);
  });

  it('a cancel during the backoff ends the upload at once with the abort reason', async () => {
    // The default sleep (engine/timing.ts), with a 10 s backoff the abort cuts short:
    // the cancel comes the moment the backoff starts.
    const controller = new AbortController();
    const reason = new Error('node cancelled');
    const patient = createRunflowAdapter(
      { baseUrl: kit.api.url, apiKey: KEY, timeoutMs: 2000 },
      {
        uploadRetry: {
          policy: { baseMs: 10_000, maxMs: 10_000, attempts: 3 },
          sleep: (ms, signal) => {
            const backoff = sleep(ms, signal);
            controller.abort(reason);
            return backoff;
          },
        },
      },
    );
    flakySession(unavailable);
    const started = Date.now();
    await expect(patient.prepareImages([bigImage()], controller.signal)).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sessionsCreated()).toBe(1);
  });
});
