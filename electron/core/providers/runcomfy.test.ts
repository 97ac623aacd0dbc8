import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RUNCOMFY_MAX_IMAGE_BYTES, createRunComfyAdapter } from './runcomfy';
import { providerError, sendJson, startTestServer } from './testServer';
import type { TestServer } from './testServer';
import type { ProviderAdapter } from './types';

// Canned answers follow docs.runcomfy.com as collected in design/PROVIDERS.md.
const KEY = 'rc_test_SECRET_4f9a1c';
const ENDPOINT = 'google/nano-banana/pro/edit';
const SUBMIT_PATH = `/v1/models/${ENDPOINT}`;
const ID = 'req_01HZX5';

let server: TestServer;
let rc: ProviderAdapter;

beforeAll(async () => {
  server = await startTestServer();
  rc = createRunComfyAdapter({ baseUrl: server.url, apiKey: KEY, timeoutMs: 2000 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const input = { prompt: 'a cat in an office', image_urls: ['https://example.com/cat.png'] };
const submit = () => rc.submit({ endpoint: ENDPOINT, input, clientRef: 'job-1' });
const fail = (p: Promise<unknown>) => providerError(p, KEY);

describe('RunComfy happy paths', () => {
  it('submits the raw input with the Bearer key and returns the request id', async () => {
    server.route('POST', SUBMIT_PATH, (_req, res) =>
      sendJson(res, 200, {
        request_id: ID,
        status_url: `${server.url}/v1/requests/${ID}/status`,
        result_url: `${server.url}/v1/requests/${ID}/result`,
        cancel_url: `${server.url}/v1/requests/${ID}/cancel`,
      }),
    );
    await expect(submit()).resolves.toEqual({ requestId: ID });
    const [req] = server.received;
    expect(req?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.json).toEqual(input);
  });

  it('maps every status, with the queue position while queued', async () => {
    const cases: [unknown, unknown][] = [
      [
        { status: 'in_queue', queue_position: 3 },
        { state: 'queued', queuePosition: 3 },
      ],
      [{ status: 'in_progress' }, { state: 'running' }],
      [{ status: 'completed' }, { state: 'succeeded' }],
      [{ status: 'cancelled' }, { state: 'cancelled' }],
      [
        { status: 'failed', error: { message: 'content policy' } },
        { state: 'failed', message: 'content policy' },
      ],
    ];
    for (const [body, expected] of cases) {
      server.route('GET', `/v1/requests/${ID}/status`, (_req, res) =>
        sendJson(res, 200, {
          request_id: ID,
          status_url: 'x',
          result_url: 'y',
          ...(body as object),
        }),
      );
      await expect(rc.status(ID, ENDPOINT)).resolves.toEqual(expected);
    }
  });

  it('reads outputs from output.images[] and the cost', async () => {
    server.route('GET', `/v1/requests/${ID}/result`, (_req, res) =>
      sendJson(res, 200, {
        request_id: ID,
        status: 'completed',
        output: { images: ['https://cdn.runcomfy.net/a.png', 'https://cdn.runcomfy.net/b.png'] },
        created_at: '2026-11-23T10:00:00Z',
        finished_at: '2026-11-23T10:00:20Z',
        cost: 0.15,
      }),
    );
    await expect(rc.result(ID, ENDPOINT)).resolves.toEqual({
      outputs: [
        { url: 'https://cdn.runcomfy.net/a.png' },
        { url: 'https://cdn.runcomfy.net/b.png' },
      ],
      costUsd: 0.15,
    });
    expect(server.received[0]?.query.get('include_cost')).toBe('true');
  });

  it('reads a single output.image and works without a cost', async () => {
    server.route('GET', `/v1/requests/${ID}/result`, (_req, res) =>
      sendJson(res, 200, { status: 'completed', output: { image: 'https://cdn/x.webp' } }),
    );
    await expect(rc.result(ID, ENDPOINT)).resolves.toEqual({
      outputs: [{ url: 'https://cdn/x.webp' }],
    });
  });

  it('refuses a result that is not finished, failed, or has no image', async () => {
    const route = (body: unknown) =>
      server.route('GET', `/v1/requests/${ID}/result`, (_req, res) => sendJson(res, 200, body));
    route({ status: 'in_progress' });
    expect((await fail(rc.result(ID, ENDPOINT))).kind).toBe('transient');
    route({ status: 'failed', error: 'NSFW detected' });
    const failed = await fail(rc.result(ID, ENDPOINT));
    expect(failed.kind).toBe('validation');
    expect(failed.message).toContain('NSFW detected');
    route({ status: 'completed', output: { video: 'https://cdn/v.mp4' } });
    expect((await fail(rc.result(ID, ENDPOINT))).kind).toBe('protocol');
    route({ status: 'completed', output: { images: ['file:///etc/passwd'] } });
    expect((await fail(rc.result(ID, ENDPOINT))).kind).toBe('protocol');
  });

  it('once a job runs, polls its result: the last poll brings the outputs and the cost', async () => {
    let answer: unknown = { status: 'in_progress' };
    server.route('GET', `/v1/requests/${ID}/result`, (_req, res) => sendJson(res, 200, answer));
    await expect(rc.status(ID, ENDPOINT, undefined, 'running')).resolves.toEqual({
      state: 'running',
    });
    answer = { status: 'completed', output: { images: ['https://cdn/a.png'] }, cost: '0.15' };
    await expect(rc.status(ID, ENDPOINT, undefined, 'running')).resolves.toEqual({
      state: 'succeeded',
      outputs: [{ url: 'https://cdn/a.png' }],
      costUsd: 0.15,
    });
    answer = { status: 'failed', error: 'NSFW detected' };
    await expect(rc.status(ID, ENDPOINT, undefined, 'running')).resolves.toEqual({
      state: 'failed',
      message: 'NSFW detected',
    });
    // Never /status once running; queued jobs still ask /status for their position.
    expect(server.received.map((r) => r.path)).toEqual(Array(3).fill(`/v1/requests/${ID}/result`));
  });

  it('cancels: cancelled and not_cancellable outcomes', async () => {
    let outcome = 'cancelled';
    server.route('POST', `/v1/requests/${ID}/cancel`, (_req, res) =>
      sendJson(res, 200, {
        status: outcome === 'cancelled' ? 'cancelled' : 'in_progress',
        outcome,
      }),
    );
    await expect(rc.cancel(ID, ENDPOINT)).resolves.toBe('cancelled');
    outcome = 'not_cancellable';
    await expect(rc.cancel(ID, ENDPOINT)).resolves.toBe('not_cancellable');
    expect(server.received[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('refuses ids and endpoints that would change the path', async () => {
    expect((await fail(rc.status('../x', ENDPOINT))).kind).toBe('validation');
    expect((await fail(rc.submit({ endpoint: 'a/../b', input }))).kind).toBe('validation');
    expect(server.received).toHaveLength(0);
  });
});

describe('RunComfy HTTP-200 error bodies', () => {
  it('treats the code as the error it names', async () => {
    const cases: [object, string, string][] = [
      [{ error_code: 400002, error_message: 'Insufficient balance' }, 'credit', 'no'],
      [{ error_code: '400004', message: 'Invalid token' }, 'auth', 'no'],
      [{ error_code: 400001, error_message: 'Invalid model' }, 'validation', 'no'],
      [{ error_code: 404001, error_message: 'Request expired' }, 'not_found', 'no'],
      [{ error_code: 500001, error_message: 'Internal error' }, 'transient', 'maybe'],
    ];
    for (const [body, kind, delivery] of cases) {
      server.route('POST', SUBMIT_PATH, (_req, res) => sendJson(res, 200, body));
      const e = await fail(submit());
      expect([e.kind, e.delivery, e.status, e.code]).toEqual([
        kind,
        delivery,
        200,
        String((body as { error_code: unknown }).error_code),
      ]);
    }
  });

  it('names the fields of a 422001 body', async () => {
    server.route('POST', SUBMIT_PATH, (_req, res) =>
      sendJson(res, 200, {
        error_code: 422001,
        error_message: 'Validation failed',
        detail: [{ loc: ['body', 'aspect_ratio'], msg: "must be one of 'auto', '16:9'" }],
      }),
    );
    const e = await fail(submit());
    expect(e.kind).toBe('validation');
    expect(e.message).toContain('Validation failed');
    expect(e.message).toContain('aspect_ratio');
  });

  it('applies to status calls too', async () => {
    server.route('GET', `/v1/requests/${ID}/status`, (_req, res) =>
      sendJson(res, 200, { error_code: 404001, error_message: 'request expired' }),
    );
    expect((await fail(rc.status(ID, ENDPOINT))).kind).toBe('not_found');
  });
});

describe('RunComfy classification of a submit', () => {
  const cases: {
    status: number;
    body: unknown;
    headers?: Record<string, string>;
    kind: string;
    delivery: string;
    retryAfterMs?: number;
    says?: string[];
  }[] = [
    {
      status: 400,
      body: { error_code: 400001, error_message: 'Invalid model' },
      kind: 'validation',
      delivery: 'no',
      says: ['Invalid model'],
    },
    {
      status: 400,
      body: { error_code: 400002, error_message: 'No balance' },
      kind: 'credit',
      delivery: 'no',
    },
    {
      status: 401,
      body: { error_code: 401001, message: 'Unauthorized' },
      kind: 'auth',
      delivery: 'no',
      says: ['check the API key for RunComfy'],
    },
    { status: 402, body: { message: 'Payment required' }, kind: 'credit', delivery: 'no' },
    {
      status: 403,
      body: { error_code: 403001, message: 'Forbidden' },
      kind: 'auth',
      delivery: 'no',
      says: ['check the API key for RunComfy'],
    },
    {
      status: 404,
      body: { error_code: 404001, message: 'Not found' },
      kind: 'not_found',
      delivery: 'no',
    },
    {
      status: 422,
      body: {
        error_code: 422001,
        error_message: 'Invalid input',
        detail: [
          { loc: ['body', 'prompt'], msg: 'Field required', type: 'missing' },
          { loc: ['body', 'image_urls', 0], msg: 'Invalid URL' },
        ],
      },
      kind: 'validation',
      delivery: 'no',
      says: ['Invalid input', 'prompt: Field required', 'image_urls.0: Invalid URL'],
    },
    {
      status: 429,
      body: { message: 'slow down' },
      headers: { 'Retry-After': '7' },
      kind: 'rate_limit',
      delivery: 'no',
      retryAfterMs: 7000,
    },
    { status: 429, body: { message: 'slow down' }, kind: 'rate_limit', delivery: 'no' },
    {
      status: 500,
      body: { error_code: 500001, message: 'Internal' },
      kind: 'transient',
      delivery: 'maybe',
    },
    { status: 502, body: {}, kind: 'transient', delivery: 'maybe' },
    {
      status: 503,
      body: { message: 'overloaded' },
      headers: { 'Retry-After': '2' },
      kind: 'transient',
      delivery: 'no',
      retryAfterMs: 2000,
    },
    { status: 504, body: {}, kind: 'transient', delivery: 'maybe' },
  ];
  for (const c of cases) {
    it(`HTTP ${c.status} ${JSON.stringify(c.body).slice(0, 40)} -> ${c.kind}/${c.delivery}`, async () => {
      server.route('POST', SUBMIT_PATH, (_req, res) => sendJson(res, c.status, c.body, c.headers));
      const e = await fail(submit());
      expect(e.provider).toBe('runcomfy');
      expect(e.kind).toBe(c.kind);
      expect(e.delivery).toBe(c.delivery);
      expect(e.status).toBe(c.status);
      expect(e.retryAfterMs).toBe(c.retryAfterMs);
      for (const s of c.says ?? []) expect(e.message).toContain(s);
    });
  }

  it('reads Retry-After given as an HTTP date', async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    server.route('POST', SUBMIT_PATH, (_req, res) => sendJson(res, 429, {}, { 'Retry-After': at }));
    const e = await fail(submit());
    expect(e.retryAfterMs).toBeGreaterThan(25_000);
    expect(e.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('refuses a request over 64 MiB without sending it', async () => {
    const big = {
      prompt: 'x',
      image_urls: [`data:image/png;base64,${'A'.repeat(64 * 1024 * 1024)}`],
    };
    const e = await fail(rc.submit({ endpoint: ENDPOINT, input: big }));
    expect([e.kind, e.delivery]).toEqual(['validation', 'no']);
    expect(server.received).toHaveLength(0);
  });
});

describe('RunComfy prepareImages', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

  it('turns bytes into data URIs and passes URLs through, in order', async () => {
    const out = await rc.prepareImages([
      { kind: 'url', url: 'https://example.com/a.jpg' },
      { kind: 'bytes', bytes: png, mimeType: 'image/png', name: 'b.png' },
    ]);
    expect(out).toEqual([
      'https://example.com/a.jpg',
      `data:image/png;base64,${Buffer.from(png).toString('base64')}`,
    ]);
    expect(server.received).toHaveLength(0);
  });

  it('accepts exactly 6 MiB and refuses one byte more, naming the image', async () => {
    const at = new Uint8Array(RUNCOMFY_MAX_IMAGE_BYTES);
    const [uri] = await rc.prepareImages([
      { kind: 'bytes', bytes: at, mimeType: 'image/jpeg', name: 'ok.jpg' },
    ]);
    expect(uri?.startsWith('data:image/jpeg;base64,')).toBe(true);
    const over = new Uint8Array(RUNCOMFY_MAX_IMAGE_BYTES + 1);
    const e = await fail(
      rc.prepareImages([
        { kind: 'url', url: 'https://example.com/a.jpg' },
        { kind: 'bytes', bytes: over, mimeType: 'image/png', name: 'huge-scan.png' },
      ]),
    );
    expect([e.kind, e.delivery]).toEqual(['validation', 'no']);
    expect(e.message).toContain('"huge-scan.png" (image 2)');
    expect(e.message).toContain('6.0 MiB');
  });

  it('refuses non-image types and URLs the provider cannot fetch', async () => {
    const e1 = await fail(
      rc.prepareImages([{ kind: 'bytes', bytes: png, mimeType: 'text/html', name: 'x.html' }]),
    );
    expect(e1.message).toContain('"x.html"');
    const e2 = await fail(rc.prepareImages([{ kind: 'url', url: 'file:///home/me/cat.png' }]));
    expect(e2.kind).toBe('validation');
  });
});
