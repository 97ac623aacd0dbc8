import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient, errorCodes, networkDelivery, parseRetryAfter } from './http';
import { createRunComfyAdapter } from './runcomfy';
import { createRunflowAdapter } from './runflow';
import { closedPortUrl, providerError, sendJson, startTestServer } from './testServer';
import type { TestServer } from './testServer';
import { ProviderError } from './types';

// Transport behaviour, exercised through the adapters against a real local socket.
const KEY = 'rf_live_SECRET_9d3e77';
const ENDPOINT = 'google/nano-banana/pro/edit';
const SUBMIT_PATH = `/v1/models/${ENDPOINT}`;
const ID = 'req_1';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const adapter = (timeoutMs = 2000, baseUrl = server.url) =>
  createRunComfyAdapter({ baseUrl, apiKey: KEY, timeoutMs });
const submit = (timeoutMs?: number, baseUrl?: string) =>
  adapter(timeoutMs, baseUrl).submit({ endpoint: ENDPOINT, input: { prompt: 'p' } });
const fail = (p: Promise<unknown>) => providerError(p, KEY);

describe('network failures and delivery', () => {
  it('connection refused: nothing was sent (delivery no)', async () => {
    const e = await fail(submit(2000, await closedPortUrl()));
    expect([e.kind, e.delivery]).toEqual(['transient', 'no']);
    expect(e.message).toContain('ECONNREFUSED');
  });

  it('socket destroyed after the body was received: delivery maybe', async () => {
    server.route('POST', SUBMIT_PATH, (req, res) => {
      expect(req.json).toEqual({ prompt: 'p' });
      res.socket?.destroy();
    });
    const e = await fail(submit());
    expect([e.kind, e.delivery]).toEqual(['transient', 'maybe']);
    expect(e.message).toContain('may have been received');
    expect(server.received).toHaveLength(1);
  });

  it('socket destroyed mid-answer: delivery maybe', async () => {
    server.route('POST', SUBMIT_PATH, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      // Cut once the first half is on its way: the client holds part of an answer.
      res.write('{"request_id":', () => res.socket?.destroy());
    });
    const e = await fail(submit());
    expect([e.kind, e.delivery]).toEqual(['transient', 'maybe']);
  });

  it('no answer within the timeout: transient, delivery maybe', async () => {
    server.route('POST', SUBMIT_PATH, () => undefined);
    const started = Date.now();
    const e = await fail(submit(150));
    expect([e.kind, e.delivery]).toEqual(['transient', 'maybe']);
    expect(e.message).toContain('within 150 ms');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("the caller's abort is handed back as is, not as a provider failure", async () => {
    const controller = new AbortController();
    // Aborted while the request waits at the provider (which never answers).
    server.route('GET', `/v1/requests/${ID}/status`, () => controller.abort());
    const p = adapter().status(ID, ENDPOINT, controller.signal);
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    await expect(p).rejects.not.toBeInstanceOf(ProviderError);
  });

  it('malformed JSON: protocol; maybe for a POST, yes for a GET', async () => {
    server.route('POST', SUBMIT_PATH, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"request_id": "abc"');
    });
    const post = await fail(submit());
    expect([post.kind, post.delivery]).toEqual(['protocol', 'maybe']);
    server.route('GET', `/v1/requests/${ID}/status`, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('<html>oops</html>');
    });
    const get = await fail(adapter().status(ID, ENDPOINT));
    expect([get.kind, get.delivery]).toEqual(['protocol', 'yes']);
  });

  it('a 2xx submit answer without request_id is protocol, delivery maybe', async () => {
    server.route('POST', SUBMIT_PATH, (_req, res) => sendJson(res, 200, { status: 'in_queue' }));
    const e = await fail(submit());
    expect([e.kind, e.delivery]).toEqual(['protocol', 'maybe']);
    expect(e.message).toContain('request_id');
  });

  it('an HTML 502 from a gateway classifies by status without quoting the HTML', async () => {
    server.route('POST', SUBMIT_PATH, (_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html><body>Bad gateway</body></html>');
    });
    const e = await fail(submit());
    expect([e.kind, e.delivery, e.status]).toEqual(['transient', 'maybe', 502]);
    expect(e.message).not.toContain('<html>');
  });

  it('does not follow redirects (they would carry the key elsewhere)', async () => {
    server.route('POST', SUBMIT_PATH, (_req, res) => {
      res.writeHead(307, { Location: 'https://elsewhere.example/' });
      res.end();
    });
    const e = await fail(submit());
    expect([e.kind, e.delivery]).toEqual(['protocol', 'no']);
    expect(e.message).toContain('base URL');
  });
});

describe('the API key never appears in errors', () => {
  it('is redacted from provider messages that echo it', async () => {
    const echo = (status: number) =>
      server.route('POST', SUBMIT_PATH, (req, res) =>
        sendJson(res, status, {
          error_code: status * 1000 + 1,
          error_message: `bad request from ${String(req.headers.authorization)}`,
          detail: [{ loc: ['body', 'prompt'], msg: `key ${KEY} not allowed` }],
        }),
      );
    for (const status of [400, 401, 402, 403, 404, 422, 429, 500, 503]) {
      echo(status);
      const e = await fail(submit());
      // Rate-limit messages do not quote the provider; all others do, redacted.
      if (status !== 429) expect(e.message).toContain('[redacted]');
    }
  });

  it('is redacted from a failed job reason', async () => {
    server.route('GET', `/v1/runs/${ID}`, (_req, res) =>
      sendJson(res, 200, {
        id: ID,
        status_code: 'failed',
        failure_message: `worker saw ${KEY}`,
      }),
    );
    const rf = createRunflowAdapter({ baseUrl: server.url, apiKey: KEY });
    const status = await rf.status(ID, ENDPOINT);
    expect(status.message).toBe('worker saw [redacted]');
  });

  it('a key that cannot be a header value is refused without quoting it', async () => {
    const bad = `${KEY}\nX-Injected: 1`;
    let caught: unknown;
    try {
      createRunComfyAdapter({ baseUrl: server.url, apiKey: bad });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ProviderError);
    expect((caught as ProviderError).kind).toBe('auth');
    expect((caught as ProviderError).message).not.toContain(KEY);
    expect((caught as ProviderError).message).toContain('check the API key for RunComfy');
  });

  it('refuses base URLs that are not http(s)', () => {
    expect(() =>
      createHttpClient({ provider: 'runflow', baseUrl: 'ftp://x', apiKey: KEY }),
    ).toThrow(/http\(s\)/);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1500);
    expect(parseRetryAfter('0', now)).toBe(0);
  });
  it('reads HTTP dates, never negative', () => {
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent and unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('networkDelivery', () => {
  it('is no only when the request surely never left', () => {
    expect(networkDelivery(['ECONNREFUSED'])).toBe('no');
    expect(networkDelivery(['ENOTFOUND'])).toBe('no');
    expect(networkDelivery(['EAI_AGAIN'])).toBe('no');
    expect(networkDelivery(['UND_ERR_CONNECT_TIMEOUT'])).toBe('no');
    expect(networkDelivery(['ERR_TLS_CERT_ALTNAME_INVALID'])).toBe('no');
    expect(networkDelivery(['CERT_HAS_EXPIRED'])).toBe('no');
    expect(networkDelivery(['UNABLE_TO_VERIFY_LEAF_SIGNATURE'])).toBe('no');
    expect(networkDelivery(['ECONNRESET'])).toBe('maybe');
    expect(networkDelivery(['UND_ERR_SOCKET'])).toBe('maybe');
    expect(networkDelivery(['UND_ERR_HEADERS_TIMEOUT'])).toBe('maybe');
    expect(networkDelivery([])).toBe('maybe');
    expect(networkDelivery(['ESOMETHINGNEW'])).toBe('maybe');
  });

  it('finds codes through the cause chain and AggregateErrors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1'), { code: 'ECONNREFUSED' });
    const agg = new AggregateError([refused], 'all attempts failed');
    const top = new TypeError('fetch failed', { cause: agg });
    expect(errorCodes(top)).toEqual(['ECONNREFUSED']);
    expect(networkDelivery(errorCodes(top))).toBe('no');
  });
});
