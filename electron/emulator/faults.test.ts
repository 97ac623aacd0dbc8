import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { ManualClock, createEmulator } from './index';
import type { Emulator, EmulatorOptions, FaultRule } from './types';
import { client, pollUntil, signature } from './testing';

const T2I = '/v1/models/google/nano-banana/pro/text-to-image';
const RUNS = '/v1/models/google/nano-banana-pro/edit/runs';
const RF_INPUT = { input: { prompt: 'x', image_urls: ['https://example.com/a.png'] } };

let emu: Emulator;
let rc: ReturnType<typeof client>;
let rf: ReturnType<typeof client>;

beforeAll(async () => {
  emu = await createEmulator({ imageScale: 0.05 });
  rc = client(emu, 'runcomfy');
  rf = client(emu, 'runflow');
});
afterAll(() => emu.close());

/** This test's own emulator (on a manual clock, say); the shared one is back after it. */
async function ownEmulator(options: EmulatorOptions): Promise<void> {
  const shared = { emu, rc, rf };
  emu = await createEmulator(options);
  rc = client(emu, 'runcomfy');
  rf = client(emu, 'runflow');
  onTestFinished(async () => {
    await emu.close();
    ({ emu, rc, rf } = shared);
  });
}
beforeEach(() => {
  emu.reset();
  emu.configure({
    latency: { queueMs: 5, runMs: 20 },
    capacity: 8,
    faults: [],
    outputTtlMs: 60_000,
  });
});

const faults = (...rules: FaultRule[]) => emu.configure({ faults: rules });
const statusOf = async (id: string) =>
  ((await (await rc.get(`/v1/requests/${id}/status`)).json()) as { status: string }).status;
const completedJob = async () => {
  const { request_id } = (await (await rc.post(T2I, { prompt: 'x' })).json()) as {
    request_id: string;
  };
  await pollUntil(
    () => statusOf(request_id),
    (s) => s === 'completed',
  );
  const result = (await (await rc.get(`/v1/requests/${request_id}/result`)).json()) as {
    output: { image: string };
  };
  return { id: request_id, image: result.output.image };
};

describe('http faults', () => {
  it('answers 5xx in the provider shape for `times` requests, after skipping `after`', async () => {
    faults({
      provider: 'runcomfy',
      route: 'status',
      after: 1,
      times: 2,
      fault: { kind: 'http', status: 503 },
    });
    const { request_id } = (await (await rc.post(T2I, { prompt: 'x' })).json()) as {
      request_id: string;
    };
    const codes = [];
    for (let i = 0; i < 4; i++)
      codes.push((await rc.get(`/v1/requests/${request_id}/status`)).status);
    expect(codes).toEqual([200, 503, 503, 200]);
    const res = await rc.get(`/v1/requests/${request_id}/status`);
    expect(res.status).toBe(200);
    faults({ route: 'status', fault: { kind: 'http', status: 500 } });
    expect(await (await rc.get(`/v1/requests/${request_id}/status`)).json()).toMatchObject({
      error_code: 500001,
    });
  });

  it('429 with and without Retry-After, 402 and 503 on submit create no job', async () => {
    faults(
      { provider: 'runflow', times: 1, fault: { kind: 'http', status: 429, retryAfterSeconds: 3 } },
      { provider: 'runflow', times: 1, fault: { kind: 'http', status: 429 } },
      { provider: 'runflow', times: 1, fault: { kind: 'http', status: 402 } },
      { provider: 'runflow', times: 1, fault: { kind: 'http', status: 503 } },
      { provider: 'runcomfy', times: 1, fault: { kind: 'http', status: 402 } },
    );
    const first = await rf.post(RUNS, RF_INPUT);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(await first.json()).toEqual({
      code: 'RATE_LIMITED',
      message: expect.any(String),
      errors: [],
    });
    const second = await rf.post(RUNS, RF_INPUT);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBeNull();
    expect(await (await rf.post(RUNS, RF_INPUT)).json()).toMatchObject({
      code: 'INSUFFICIENT_CREDIT',
    });
    expect(await (await rf.post(RUNS, RF_INPUT)).json()).toMatchObject({
      code: 'MODEL_UNAVAILABLE',
    });
    const rc402 = await rc.post(T2I, { prompt: 'x' });
    expect(rc402.status).toBe(402);
    expect(await rc402.json()).toMatchObject({ error_code: 400002 });
    expect(emu.stats().total.submissions).toBe(0);
    expect((await rf.post(RUNS, RF_INPUT)).status).toBe(201);
  });

  it('uses a custom body when given', async () => {
    faults({ fault: { kind: 'http', status: 500, body: { oops: true } } });
    expect(await (await rc.post(T2I, { prompt: 'x' })).json()).toEqual({ oops: true });
  });
});

describe('connection faults', () => {
  it('reset on submit drops the connection and creates no job', async () => {
    faults({ route: 'submit', times: 1, fault: { kind: 'reset' } });
    await expect(rc.post(T2I, { prompt: 'x' })).rejects.toThrow();
    expect(emu.stats().total.submissions).toBe(0);
    expect(emu.requests().at(-1)).toMatchObject({ route: 'submit', status: 0, fault: 'reset' });
  });

  it('reset-after-accept creates and bills exactly one job, then drops the connection', async () => {
    faults({ provider: 'runflow', times: 1, fault: { kind: 'reset-after-accept' } });
    await expect(rf.post(RUNS, RF_INPUT)).rejects.toThrow();
    const stats = emu.stats();
    expect(stats.runflow.submissions).toBe(1);
    expect(stats.total.submissionsByModel).toEqual({ 'runflow/google/nano-banana-pro/edit': 1 });
    const entry = emu.requests().at(-1)!;
    expect(entry).toMatchObject({
      route: 'submit',
      status: 0,
      fault: 'reset-after-accept',
      body: RF_INPUT,
    });
    // The run exists and finishes: a client that resubmitted would have billed twice.
    const run = await pollUntil(
      async () =>
        (await (await rf.get(`/v1/runs/${entry.jobId}`)).json()) as { status_code: string },
      (r) => r.status_code === 'succeeded',
    );
    expect(run.length).toBeGreaterThan(0);
  });

  it('slow-body trickles a complete body over the given time', async () => {
    const job = await completedJob();
    faults({ route: 'download', fault: { kind: 'slow-body', ms: 150 } });
    const started = Date.now();
    const res = await fetch(job.image);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Date.now() - started).toBeGreaterThanOrEqual(120);
    expect(signature(bytes)).toBe('png');
  });

  it('malformed-json answers 200 with a truncated body', async () => {
    faults({ route: 'submit', times: 1, fault: { kind: 'malformed-json' } });
    const res = await rc.post(T2I, { prompt: 'x' });
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
    expect(emu.stats().runcomfy.submissions).toBe(1);
  });
});

describe('provider-level faults', () => {
  it('error-200 carries an error_code in an HTTP 200 and creates no job', async () => {
    faults({
      provider: 'runcomfy',
      route: 'submit',
      fault: { kind: 'error-200', error_code: 400002, error_message: 'No balance' },
    });
    const res = await rc.post(T2I, { prompt: 'x' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ error_code: 400002, error_message: 'No balance' });
    expect(emu.stats().total.submissions).toBe(0);
  });

  it('job-fails accepts the job, then fails it with the message (only for the named model)', async () => {
    faults({
      model: 'google/nano-banana/pro/text-to-image',
      fault: { kind: 'job-fails', message: 'NSFW content detected' },
    });
    const { request_id } = (await (await rc.post(T2I, { prompt: 'x' })).json()) as {
      request_id: string;
    };
    await pollUntil(
      () => statusOf(request_id),
      (s) => s === 'failed',
    );
    const result = await (await rc.get(`/v1/requests/${request_id}/result`)).json();
    expect(result).toMatchObject({
      status: 'failed',
      output: null,
      error: 'NSFW content detected',
    });

    const run = (await (await rf.post(RUNS, RF_INPUT)).json()) as { id: string };
    const done = await pollUntil(
      async () => (await (await rf.get(`/v1/runs/${run.id}`)).json()) as { status_code: string },
      (r) =>
        r.status_code !== 'queued' &&
        r.status_code !== 'dispatching' &&
        r.status_code !== 'running',
    );
    expect(done.at(-1)!.status_code).toBe('succeeded');
    faults({ provider: 'runflow', fault: { kind: 'job-fails', message: 'Upstream error' } });
    const failing = (await (await rf.post(RUNS, RF_INPUT)).json()) as { id: string };
    const failed = await pollUntil(
      async () =>
        (await (await rf.get(`/v1/runs/${failing.id}`)).json()) as Record<string, unknown>,
      (r) => r.status_code === 'failed',
    );
    expect(failed.at(-1)).toMatchObject({
      failure_code: 'PROVIDER_ERROR',
      failure_message: 'Upstream error',
      cost: null,
    });
    expect(emu.stats().total).toMatchObject({ submissions: 3, failed: 2, completed: 1 });
  });

  it('job-no-images bills the job and completes it with no image, on both providers', async () => {
    faults({ fault: { kind: 'job-no-images' } });
    const { request_id } = (await (await rc.post(T2I, { prompt: 'x' })).json()) as {
      request_id: string;
    };
    await pollUntil(
      () => statusOf(request_id),
      (s) => s === 'completed',
    );
    const result = await (await rc.get(`/v1/requests/${request_id}/result`)).json();
    expect(result).toMatchObject({ status: 'completed', output: { images: [] } });
    const run = (await (await rf.post(RUNS, RF_INPUT)).json()) as { id: string };
    const done = await pollUntil(
      async () =>
        (await (await rf.get(`/v1/runs/${run.id}`)).json()) as {
          status_code: string;
          output: { outputs: unknown[] } | null;
        },
      (r) => r.status_code === 'succeeded',
    );
    expect(done.at(-1)!.output!.outputs).toEqual([]);
    expect(emu.stats().total).toMatchObject({ submissions: 2, completed: 2, imagesGenerated: 0 });
  });

  it('job-odd-status makes an ended job report a status the docs do not list, without outputs', async () => {
    faults({ fault: { kind: 'job-odd-status', status: 'archived' } });
    const { request_id } = (await (await rc.post(T2I, { prompt: 'x' })).json()) as {
      request_id: string;
    };
    await pollUntil(
      () => statusOf(request_id),
      (s) => s === 'archived',
    );
    const result = await (await rc.get(`/v1/requests/${request_id}/result`)).json();
    expect(result).toMatchObject({ status: 'archived', output: { images: [] } });
    const run = (await (await rf.post(RUNS, RF_INPUT)).json()) as { id: string };
    await pollUntil(
      async () =>
        ((await (await rf.get(`/v1/runs/${run.id}`)).json()) as { status_code: string })
          .status_code,
      (code) => code === 'archived',
    );
    expect(emu.stats().total.submissions).toBe(2);
  });

  it('expire-output makes a download URL answer as expired from then on', async () => {
    const job = await completedJob();
    faults({ fault: { kind: 'expire-output' }, times: 1 });
    const first = await fetch(job.image);
    expect(first.status).toBe(403);
    expect(await first.text()).toContain('<Code>AccessDenied</Code>');
    expect((await fetch(job.image)).status).toBe(403);
    expect(emu.stats().runcomfy.downloads).toBe(0);
  });

  it('refuses rules that cannot apply', () => {
    expect(() => faults({ route: 'status', fault: { kind: 'job-fails', message: 'x' } })).toThrow(
      /submit/,
    );
    expect(() => faults({ times: -1, fault: { kind: 'reset' } })).toThrow(/times/);
    expect(() => faults({ route: 'submit', fault: { kind: 'redirect-loop' } })).toThrow(/download/);
    expect(() => faults({ fault: { kind: 'redirect-output', hops: 0 } })).toThrow(/hops/);
    expect(() => faults({ fault: { kind: 'redirect-output', status: 200 as 302 } })).toThrow(
      /status/,
    );
    expect(() => faults({ route: 'submit', fault: { kind: 'no-cost' } })).toThrow(/result/);
  });

  it('redirect-output moves the output behind a chain of redirects; the hops are never faulted themselves', async () => {
    const job = await completedJob();
    faults({ route: 'download', fault: { kind: 'redirect-output', hops: 2, status: 307 } });
    const res = await fetch(job.image, { redirect: 'follow' });
    expect(signature(new Uint8Array(await res.arrayBuffer()))).toBe('png');
    const seen = emu.requests().filter((r) => r.route === 'download' || r.route === 'redirect');
    expect(seen.map((r) => `${r.route} ${r.status}`)).toEqual([
      'download 307',
      'redirect 302',
      'redirect 200',
    ]);
    expect(emu.stats().runcomfy.downloads).toBe(1);
  });

  it('redirect-loop sends the output round two URLs for ever', async () => {
    const job = await completedJob();
    faults({ route: 'download', fault: { kind: 'redirect-loop' } });
    await expect(fetch(job.image, { redirect: 'follow' })).rejects.toThrow();
    expect(emu.stats().runcomfy.downloads).toBe(0);
  });

  it('no-cost leaves the cost out of a RunComfy result and null on a Runflow run', async () => {
    const job = await completedJob();
    faults({ route: 'result', fault: { kind: 'no-cost' } });
    const result = (await (
      await rc.get(`/v1/requests/${job.id}/result?include_cost=true`)
    ).json()) as Record<string, unknown>;
    expect(result['status']).toBe('completed');
    expect('cost' in result).toBe(false);

    faults({ route: 'status', provider: 'runflow', fault: { kind: 'no-cost' } });
    const { id } = (await (await rf.post(RUNS, RF_INPUT)).json()) as { id: string };
    const [run] = (
      await pollUntil(
        async () => (await (await rf.get(`/v1/runs/${id}`)).json()) as Record<string, unknown>,
        (r) => r['status_code'] === 'succeeded',
      )
    ).slice(-1);
    expect(run).toMatchObject({ cost: null, cost_breakdown: null });
  });
});

describe('signed output URLs', () => {
  it('expire after outputTtlMs and refuse tampering', async () => {
    const clock = new ManualClock();
    await ownEmulator({ imageScale: 0.05, clock, latency: { queueMs: 0, runMs: 0 } });
    emu.configure({ outputTtlMs: 80 });
    const job = await completedJob();
    const tampered = job.image.replace(
      /signature=([0-9a-f])/,
      (_m, c: string) => `signature=${c === '0' ? '1' : '0'}`,
    );
    expect((await fetch(tampered)).status).toBe(403);
    clock.advance(79);
    expect((await fetch(job.image)).status).toBe(200);
    clock.advance(1);
    const expired = await fetch(job.image);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
    expect((await fetch(job.image.replace(/[0-9a-f]{8}-/, '00000000-'))).status).toBe(404);
  });

  it('records requests with provider, route, status and submit bodies', async () => {
    await completedJob();
    const log = emu.requests();
    expect(log[0]).toMatchObject({
      method: 'POST',
      provider: 'runcomfy',
      route: 'submit',
      status: 200,
      body: { prompt: 'x' },
    });
    expect(
      log.some((r) => r.route === 'status' && r.status === 200 && r.jobId === log[0]!.jobId),
    ).toBe(true);
    expect(log.at(-1)).toMatchObject({ route: 'result', status: 200 });
  });
});
