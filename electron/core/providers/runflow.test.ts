import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRunflowAdapter } from './runflow';
import { RUNFLOW_INLINE_MAX_BYTES, RUNFLOW_UPLOAD_MAX_BYTES } from './runflowAssets';
import { providerError, sendJson, startTestServer } from './testServer';
import type { TestServer } from './testServer';
import type { ProviderAdapter } from './types';

// Canned answers follow docs.runflow.io and runflow-js as collected in design/PROVIDERS.md.
const KEY = 'rf_live_SECRET_0b7c21';
const ENDPOINT = 'google/nano-banana-pro/edit';
const RUNS_PATH = `/v1/models/${ENDPOINT}/runs`;
const RUN_ID = '0193a5c0-7d2e-7000-8000-000000000001';

let api: TestServer;
let storage: TestServer; // another origin, as presigned storage is
let rf: ProviderAdapter;

beforeAll(async () => {
  api = await startTestServer();
  storage = await startTestServer();
  rf = createRunflowAdapter({ baseUrl: api.url, apiKey: KEY, timeoutMs: 2000 });
});
afterAll(async () => {
  await api.close();
  await storage.close();
});
beforeEach(() => {
  api.reset();
  storage.reset();
});

const fail = (p: Promise<unknown>) => providerError(p, KEY);
const input = { prompt: 'ghibli style', image_urls: ['https://public.runflow.io/a.png'] };

/** A run object with the documented fields. */
const run = (fields: Record<string, unknown>) => ({
  id: RUN_ID,
  status_code: 'queued',
  input,
  output: null,
  cost: null,
  cost_breakdown: null,
  duration_ms: null,
  created_at: '2026-11-23T10:00:00Z',
  started_at: null,
  completed_at: null,
  callback_url: null,
  metadata: null,
  failure_code: null,
  failure_message: null,
  failure_stage_code: null,
  links: { self: `/v1/runs/${RUN_ID}` },
  ...fields,
});
const routeRun = (fields: Record<string, unknown>) =>
  api.route('GET', `/v1/runs/${RUN_ID}`, (_req, res) => sendJson(res, 200, run(fields)));

describe('Runflow happy paths', () => {
  it('submits {input, client_ref} and returns the run id', async () => {
    api.route('POST', RUNS_PATH, (_req, res) => sendJson(res, 201, run({})));
    await expect(rf.submit({ endpoint: ENDPOINT, input, clientRef: 'job-42' })).resolves.toEqual({
      requestId: RUN_ID,
    });
    const [req] = api.received;
    expect(req?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req?.json).toEqual({ input, client_ref: 'job-42' });
  });

  it('omits client_ref when there is none', async () => {
    api.route('POST', RUNS_PATH, (_req, res) => sendJson(res, 200, run({})));
    await rf.submit({ endpoint: ENDPOINT, input });
    expect(api.received[0]?.json).toEqual({ input });
  });

  it('maps status codes', async () => {
    const cases: [Record<string, unknown>, unknown][] = [
      [{ status_code: 'queued' }, { state: 'queued' }],
      [{ status_code: 'dispatching' }, { state: 'queued' }],
      [{ status_code: 'running' }, { state: 'running' }],
      [
        { status_code: 'failed', failure_code: 'NSFW', failure_message: 'Output flagged' },
        { state: 'failed', message: 'Output flagged' },
      ],
      [
        { status_code: 'failed', failure_code: 'TIMEOUT' },
        { state: 'failed', message: 'TIMEOUT' },
      ],
      [
        { status_code: 'canceled', cost: '0' },
        { state: 'cancelled', costUsd: 0 },
      ],
    ];
    for (const [fields, expected] of cases) {
      routeRun(fields);
      await expect(rf.status(RUN_ID, ENDPOINT)).resolves.toEqual(expected);
    }
  });

  it('carries outputs and cost when succeeded; non-image outputs are skipped', async () => {
    routeRun({
      status_code: 'succeeded',
      cost: '0.15',
      output: {
        outputs: [
          {
            type: 'image',
            url: 'https://cdn.runflow.io/o/1.png',
            width: 2048,
            height: 1152,
            content_type: 'image/png',
          },
          { type: 'text', text: 'a description' },
        ],
        model_data: { description: 'x' },
        nsfw_detected: false,
        seed: 1234,
        timing: { inference_ms: 9000 },
      },
    });
    const expectedOutputs = [
      {
        url: 'https://cdn.runflow.io/o/1.png',
        width: 2048,
        height: 1152,
        contentType: 'image/png',
      },
    ];
    await expect(rf.status(RUN_ID, ENDPOINT)).resolves.toEqual({
      state: 'succeeded',
      outputs: expectedOutputs,
      costUsd: 0.15,
    });
    await expect(rf.result(RUN_ID, ENDPOINT)).resolves.toEqual({
      outputs: expectedOutputs,
      costUsd: 0.15,
      seed: 1234,
    });
  });

  it('partial_succeeded counts as succeeded with the outputs there are', async () => {
    routeRun({
      status_code: 'partial_succeeded',
      output: { outputs: [{ type: 'image', url: 'https://cdn/1.webp' }] },
    });
    await expect(rf.result(RUN_ID, ENDPOINT)).resolves.toEqual({
      outputs: [{ url: 'https://cdn/1.webp' }],
    });
  });

  it('accepts the image_urls[] and image.url shapes, and data URIs (sync_mode)', async () => {
    routeRun({
      status_code: 'succeeded',
      output: { image_urls: ['https://cdn/a.png', 'data:image/png;base64,AAAA'] },
    });
    expect((await rf.result(RUN_ID, ENDPOINT)).outputs).toEqual([
      { url: 'https://cdn/a.png' },
      { url: 'data:image/png;base64,AAAA' },
    ]);
    routeRun({
      status_code: 'succeeded',
      output: { image: { url: 'https://cdn/b.jpg', width: 1024, height: 1024 } },
    });
    expect((await rf.result(RUN_ID, ENDPOINT)).outputs).toEqual([
      { url: 'https://cdn/b.jpg', width: 1024, height: 1024 },
    ]);
  });

  it('result refuses unfinished, failed and output-less runs', async () => {
    routeRun({ status_code: 'running' });
    expect((await fail(rf.result(RUN_ID, ENDPOINT))).kind).toBe('transient');
    routeRun({ status_code: 'failed', failure_message: 'Provider error' });
    const failed = await fail(rf.result(RUN_ID, ENDPOINT));
    expect([failed.kind, failed.message.includes('Provider error')]).toEqual(['validation', true]);
    routeRun({ status_code: 'succeeded', output: { outputs: [] } });
    expect((await fail(rf.result(RUN_ID, ENDPOINT))).kind).toBe('protocol');
    routeRun({
      status_code: 'succeeded',
      output: { outputs: [{ type: 'image', url: 'ftp://x/y.png' }] },
    });
    expect((await fail(rf.status(RUN_ID, ENDPOINT))).kind).toBe('protocol');
  });

  it('an unknown status code is a protocol error', async () => {
    routeRun({ status_code: 'exploded' });
    const e = await fail(rf.status(RUN_ID, ENDPOINT));
    expect([e.kind, e.delivery]).toEqual(['protocol', 'yes']);
  });

  it('cancel is unsupported and makes no call', async () => {
    await expect(rf.cancel(RUN_ID, ENDPOINT)).resolves.toBe('unsupported');
    expect(api.received).toHaveLength(0);
  });
});

describe('Runflow classification', () => {
  const cases: [number, unknown, string, string, string[]][] = [
    [
      401,
      { code: 'UNAUTHORIZED', message: 'Invalid API key' },
      'auth',
      'no',
      ['check the API key for Runflow'],
    ],
    [402, { code: 'INSUFFICIENT_CREDIT', message: 'Top up' }, 'credit', 'no', ['Top up']],
    [
      403,
      { code: 'FORBIDDEN', message: 'Model not enabled' },
      'auth',
      'no',
      ['check the API key for Runflow'],
    ],
    [
      422,
      {
        code: 'VALIDATION_ERROR',
        message: 'Invalid input',
        errors: [
          { field: 'input.prompt', message: 'is required' },
          { path: ['input', 'resolution'], message: 'must be 1K, 2K or 4K' },
        ],
      },
      'validation',
      'no',
      ['Invalid input', 'prompt: is required', 'resolution: must be 1K, 2K or 4K'],
    ],
    [
      400,
      { error: { code: 'BAD_REQUEST', message: 'input must be an object' } },
      'validation',
      'no',
      ['input must be an object'],
    ],
    [429, { code: 'RATE_LIMITED', message: 'Too many requests' }, 'rate_limit', 'no', []],
    [500, { code: 'INTERNAL', message: 'boom' }, 'transient', 'maybe', []],
    [503, { code: 'MODEL_UNAVAILABLE', message: 'try later' }, 'transient', 'no', ['try later']],
  ];
  for (const [status, body, kind, delivery, says] of cases) {
    it(`submit: HTTP ${status} -> ${kind}/${delivery}`, async () => {
      api.route('POST', RUNS_PATH, (_req, res) => sendJson(res, status, body));
      const e = await fail(rf.submit({ endpoint: ENDPOINT, input }));
      expect([e.provider, e.kind, e.delivery, e.status]).toEqual([
        'runflow',
        kind,
        delivery,
        status,
      ]);
      expect(e.retryAfterMs).toBeUndefined(); // Runflow may send no Retry-After
      for (const s of says) expect(e.message).toContain(s);
    });
  }

  it('status of an unknown run: not_found with the provider code', async () => {
    api.route('GET', `/v1/runs/${RUN_ID}`, (_req, res) =>
      sendJson(res, 404, { code: 'RUN_NOT_FOUND', message: 'Run not found' }),
    );
    const e = await fail(rf.status(RUN_ID, ENDPOINT));
    expect([e.kind, e.code]).toEqual(['not_found', 'RUN_NOT_FOUND']);
  });
});

describe('Runflow prepareImages', () => {
  const bytes = (n: number) => new Uint8Array(n).map((_, i) => i % 251);

  /** Routes the documented upload flow; `uploadUrl` decides where the PUT goes. */
  const routeUploads = (uploadBase: TestServer, putStatus = 200) => {
    api.route('POST', '/v1/asset-uploads', (_req, res) =>
      sendJson(res, 201, {
        asset_id: 'asset-7',
        upload_url: `${uploadBase.url}/bucket/asset-7?X-Sig=abc`,
      }),
    );
    uploadBase.route('PUT', '/bucket/asset-7', (_req, res) => {
      res.writeHead(putStatus);
      res.end();
    });
    api.route('POST', '/v1/asset-uploads/asset-7/confirmations', (_req, res) =>
      sendJson(res, 200, {
        id: 'asset-7',
        name: 'big.png',
        url: 'https://assets.runflow.io/asset-7.png?sig=1',
        mime_type: 'image/png',
        size_bytes: RUNFLOW_INLINE_MAX_BYTES,
      }),
    );
  };

  it('inlines images whose data URI is under 1 MiB without any call', async () => {
    const small = bytes(700 * 1024);
    const out = await rf.prepareImages([
      { kind: 'bytes', bytes: small, mimeType: 'image/webp', name: 's.webp' },
      { kind: 'url', url: 'https://example.com/x.png' },
    ]);
    expect(out).toEqual([
      `data:image/webp;base64,${Buffer.from(small).toString('base64')}`,
      'https://example.com/x.png',
    ]);
    expect(api.received).toHaveLength(0);
  });

  it('uploads an image under 1 MiB of bytes whose base64 data URI is over 1 MiB', async () => {
    routeUploads(storage);
    const out = await rf.prepareImages([
      {
        kind: 'bytes',
        bytes: bytes(RUNFLOW_INLINE_MAX_BYTES - 1),
        mimeType: 'image/png',
        name: 'mid.png',
      },
    ]);
    expect(out[0]).not.toMatch(/^data:/);
  });

  it('uploads 1 MiB and more: session, PUT without the key to storage, confirm', async () => {
    routeUploads(storage);
    const big = bytes(RUNFLOW_INLINE_MAX_BYTES);
    const out = await rf.prepareImages([
      { kind: 'bytes', bytes: big, mimeType: 'image/png', name: 'big.png' },
    ]);
    expect(out).toEqual(['https://assets.runflow.io/asset-7.png?sig=1']);

    const [create, confirm] = api.received;
    expect(create?.json).toEqual({
      filename: 'big.png',
      mime_type: 'image/png',
      size_bytes: big.byteLength,
    });
    expect(create?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(confirm?.path).toBe('/v1/asset-uploads/asset-7/confirmations');

    const [put] = storage.received;
    expect(put?.method).toBe('PUT');
    expect(put?.query.get('X-Sig')).toBe('abc');
    expect(put?.headers.authorization).toBeUndefined();
    expect(put?.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(put?.body ?? Buffer.alloc(0), Buffer.from(big))).toBe(0);
  });

  it('a storage refusal is an error naming the image', async () => {
    routeUploads(storage, 403);
    const e = await fail(
      rf.prepareImages([
        {
          kind: 'bytes',
          bytes: bytes(2 * RUNFLOW_INLINE_MAX_BYTES),
          mimeType: 'image/png',
          name: 'big.png',
        },
      ]),
    );
    expect([e.kind, e.status]).toEqual(['protocol', 403]);
    expect(e.message).toContain('"big.png"');
  });

  it('an upload session answered with a 402 is a credit error', async () => {
    api.route('POST', '/v1/asset-uploads', (_req, res) =>
      sendJson(res, 402, { code: 'INSUFFICIENT_CREDIT', message: 'no credit' }),
    );
    const e = await fail(
      rf.prepareImages([
        {
          kind: 'bytes',
          bytes: bytes(RUNFLOW_INLINE_MAX_BYTES),
          mimeType: 'image/png',
          name: 'b.png',
        },
      ]),
    );
    expect(e.kind).toBe('credit');
  });

  it('refuses a non-web upload URL and images over the upload cap', async () => {
    api.route('POST', '/v1/asset-uploads', (_req, res) =>
      sendJson(res, 201, { asset_id: 'a', upload_url: 'file:///tmp/a' }),
    );
    const e1 = await fail(
      rf.prepareImages([
        {
          kind: 'bytes',
          bytes: bytes(RUNFLOW_INLINE_MAX_BYTES),
          mimeType: 'image/png',
          name: 'b.png',
        },
      ]),
    );
    expect(e1.kind).toBe('protocol');

    api.reset();
    const e2 = await fail(
      rf.prepareImages([
        {
          kind: 'bytes',
          bytes: new Uint8Array(RUNFLOW_UPLOAD_MAX_BYTES + 1),
          mimeType: 'image/png',
          name: 'poster.png',
        },
      ]),
    );
    expect([e2.kind, e2.delivery]).toEqual(['validation', 'no']);
    expect(e2.message).toContain('"poster.png" (image 1)');
    expect(api.received).toHaveLength(0);
  });
});
