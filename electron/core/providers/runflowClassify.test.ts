import { describe, expect, it } from 'vitest';
import { sendJson } from './testServer';
import { ENDPOINT, RUN_ID, RUNS_PATH, fail, input, useRunflowServers } from './runflowTestKit';

// Runflow error answers -> ProviderError kind, delivery and message.
const kit = useRunflowServers();

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
      kit.api.route('POST', RUNS_PATH, (_req, res) => sendJson(res, status, body));
      const e = await fail(kit.rf.submit({ endpoint: ENDPOINT, input }));
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
    kit.api.route('GET', `/v1/runs/${RUN_ID}`, (_req, res) =>
      sendJson(res, 404, { code: 'RUN_NOT_FOUND', message: 'Run not found' }),
    );
    const e = await fail(kit.rf.status(RUN_ID, ENDPOINT));
    expect([e.kind, e.code]).toEqual(['not_found', 'RUN_NOT_FOUND']);
  });
});
