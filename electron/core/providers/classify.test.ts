import { describe, expect, it } from 'vitest';
import { deliveryForStatus, kindForStatus, parseUsd, readErrorBody } from './classify';

describe('readErrorBody', () => {
  it('reads the RunComfy envelope with FastAPI-style detail[]', () => {
    expect(
      readErrorBody({
        error_code: 422001,
        error_message: 'Invalid input',
        detail: [{ loc: ['body', 'image_urls', 2], msg: 'bad url', type: 'url' }],
      }),
    ).toEqual({
      code: '422001',
      message: 'Invalid input',
      fields: [{ field: 'image_urls.2', message: 'bad url' }],
    });
  });

  it('reads the Runflow envelopes', () => {
    expect(
      readErrorBody({
        code: 'VALIDATION_ERROR',
        message: 'bad',
        errors: [{ field: 'input.seed' }],
      }),
    ).toEqual({ code: 'VALIDATION_ERROR', message: 'bad', fields: [{ field: 'seed' }] });
    expect(readErrorBody({ error: { code: 'X', message: 'nested' } })).toEqual({
      code: 'X',
      message: 'nested',
      fields: [],
    });
  });

  it('survives odd bodies', () => {
    expect(readErrorBody(undefined)).toEqual({ fields: [] });
    expect(readErrorBody('text')).toEqual({ fields: [] });
    expect(readErrorBody({ detail: 'Not authenticated' })).toEqual({
      message: 'Not authenticated',
      fields: [],
    });
    expect(readErrorBody({ message: 42, errors: [7, 'plain message'] })).toEqual({
      fields: [{ message: 'plain message' }],
    });
  });
});

describe('status tables', () => {
  it('kinds', () => {
    const kinds = [400, 401, 402, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504, 302].map(
      kindForStatus,
    );
    expect(kinds).toEqual([
      'validation',
      'auth',
      'credit',
      'auth',
      'not_found',
      'transient',
      'validation',
      'validation',
      'validation',
      'rate_limit',
      'transient',
      'transient',
      'transient',
      'transient',
      'protocol',
    ]);
  });

  it('delivery of a submit: refusals no, gateway and server failures maybe', () => {
    const d = (s: number) => deliveryForStatus(s, 'POST');
    expect([400, 401, 402, 403, 404, 422, 429, 503].map(d)).toEqual(Array(8).fill('no'));
    expect([500, 502, 504].map(d)).toEqual(['maybe', 'maybe', 'maybe']);
  });
});

describe('parseUsd', () => {
  it('reads numbers and decimal strings, drops anything else', () => {
    expect([0.15, '0.15', '2', 0, ' 1.5 '].map(parseUsd)).toEqual([0.15, 0.15, 2, 0, 1.5]);
    expect([-1, 'abc', '1e3', null, undefined, NaN, {}].map(parseUsd)).toEqual(
      Array(7).fill(undefined),
    );
  });
});
