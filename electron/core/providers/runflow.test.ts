import { describe, expect, it } from 'vitest';
import { sendJson } from './testServer';
import {
  ENDPOINT,
  KEY,
  RUN_ID,
  RUNS_PATH,
  fail,
  input,
  run,
  useRunflowServers,
} from './runflowTestKit';

// Client calls: submit, status, result, cancel. Asset uploads are in runflowAssets*.test.ts,
// error classification in runflowClassify.test.ts.
const kit = useRunflowServers();

describe('Runflow happy paths', () => {
  it('submits {input, metadata: {client_ref}} (only documented fields) and returns the run id', async () => {
    kit.api.route('POST', RUNS_PATH, (_req, res) => sendJson(res, 201, run({})));
    await expect(
      kit.rf.submit({ endpoint: ENDPOINT, input, clientRef: 'job-42' }),
    ).resolves.toEqual({
      requestId: RUN_ID,
    });
    const [req] = kit.api.received;
    expect(req?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req?.json).toEqual({ input, metadata: { client_ref: 'job-42' } });
  });

  it('omits metadata when there is no client reference', async () => {
    kit.api.route('POST', RUNS_PATH, (_req, res) => sendJson(res, 200, run({})));
    await kit.rf.submit({ endpoint: ENDPOINT, input });
    expect(kit.api.received[0]?.json).toEqual({ input });
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
      kit.routeRun(fields);
      await expect(kit.rf.status(RUN_ID, ENDPOINT)).resolves.toEqual(expected);
    }
  });

  it('carries outputs and cost when succeeded; non-image outputs are skipped', async () => {
    kit.routeRun({
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
    // The seed comes with the status answer too: the engine skips result() then.
    await expect(kit.rf.status(RUN_ID, ENDPOINT)).resolves.toEqual({
      state: 'succeeded',
      outputs: expectedOutputs,
      costUsd: 0.15,
      seed: 1234,
    });
    await expect(kit.rf.result(RUN_ID, ENDPOINT)).resolves.toEqual({
      outputs: expectedOutputs,
      costUsd: 0.15,
      seed: 1234,
    });
  });

  it('a missing, fractional or unsafe seed is left out of status and result', async () => {
    for (const seed of [undefined, null, 1.5, 2 ** 60, '42']) {
      kit.routeRun({
        status_code: 'succeeded',
        output: { outputs: [{ type: 'image', url: 'https://cdn/1.png' }], seed },
      });
      expect(await kit.rf.status(RUN_ID, ENDPOINT)).not.toHaveProperty('seed');
      expect(await kit.rf.result(RUN_ID, ENDPOINT)).not.toHaveProperty('seed');
    }
  });

  it('partial_succeeded counts as succeeded with the outputs there are', async () => {
    kit.routeRun({
      status_code: 'partial_succeeded',
      output: { outputs: [{ type: 'image', url: 'https://cdn/1.webp' }] },
    });
    await expect(kit.rf.result(RUN_ID, ENDPOINT)).resolves.toEqual({
      outputs: [{ url: 'https://cdn/1.webp' }],
    });
  });

  it('accepts the image_urls[] and image.url shapes, and data URIs (sync_mode)', async () => {
    kit.routeRun({
      status_code: 'succeeded',
      output: { image_urls: ['https://cdn/a.png', 'data:image/png;base64,AAAA'] },
    });
    expect((await kit.rf.result(RUN_ID, ENDPOINT)).outputs).toEqual([
      { url: 'https://cdn/a.png' },
      { url: 'data:image/png;base64,AAAA' },
    ]);
    kit.routeRun({
      status_code: 'succeeded',
      output: { image: { url: 'https://cdn/b.jpg', width: 1024, height: 1024 } },
    });
    expect((await kit.rf.result(RUN_ID, ENDPOINT)).outputs).toEqual([
      { url: 'https://cdn/b.jpg', width: 1024, height: 1024 },
    ]);
  });

  it('result refuses unfinished, failed and output-less runs', async () => {
    kit.routeRun({ status_code: 'running' });
    expect((await fail(kit.rf.result(RUN_ID, ENDPOINT))).kind).toBe('transient');
    kit.routeRun({ status_code: 'failed', failure_message: 'Provider error' });
    const failed = await fail(kit.rf.result(RUN_ID, ENDPOINT));
    expect([failed.kind, failed.message.includes('Provider error')]).toEqual(['validation', true]);
    kit.routeRun({ status_code: 'succeeded', output: { outputs: [] } });
    expect((await fail(kit.rf.result(RUN_ID, ENDPOINT))).kind).toBe('protocol');
    kit.routeRun({
      status_code: 'succeeded',
      output: { outputs: [{ type: 'image', url: 'ftp://x/y.png' }] },
    });
    expect((await fail(kit.rf.status(RUN_ID, ENDPOINT))).kind).toBe('protocol');
  });

  it('an unknown status code is a protocol error', async () => {
    kit.routeRun({ status_code: 'exploded' });
    const e = await fail(kit.rf.status(RUN_ID, ENDPOINT));
    expect([e.kind, e.delivery]).toEqual(['protocol', 'yes']);
  });

  it('cancel is unsupported and makes no call', async () => {
    await expect(kit.rf.cancel(RUN_ID, ENDPOINT)).resolves.toBe('unsupported');
    expect(kit.api.received).toHaveLength(0);
  });
});
