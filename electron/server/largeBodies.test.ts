import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { largeBodyGate } from './largeBodies';

const LIMITS = { largeBytes: 1000, concurrent: 2, waiting: 1 };

const request = (headers: Record<string, string>): IncomingMessage =>
  ({ headers }) as unknown as IncomingMessage;

/** A response that records what was sent; `emit('close')` is the client going away. */
function response() {
  const res = Object.assign(new EventEmitter(), {
    status: 0,
    headers: {} as Record<string, unknown>,
    body: '',
    setHeader(name: string, value: unknown) {
      res.headers[name.toLowerCase()] = value;
    },
    writeHead(status: number, headers: Record<string, unknown>) {
      res.status = status;
      for (const [k, v] of Object.entries(headers)) res.headers[k.toLowerCase()] = v;
    },
    end(body: string) {
      res.body = body;
    },
  });
  return res;
}

/** A call that runs until the test finishes it, counting how many run at once. */
function calls() {
  let running = 0;
  let peak = 0;
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  const call = (name: string) => () => {
    running++;
    peak = Math.max(peak, running);
    started.push(name);
    return new Promise<void>((resolve) =>
      finishers.set(name, () => {
        running--;
        resolve();
      }),
    );
  };
  return { call, started, finish: (name: string) => finishers.get(name)!(), peak: () => peak };
}

describe('largeBodyGate', () => {
  it('handles a few large bodies at a time, queues a few, and answers the rest 503 saying why', async () => {
    const admit = largeBodyGate(LIMITS);
    const c = calls();
    const big = { 'content-length': '5000' };
    const responses = [response(), response(), response(), response()];
    const done = responses.map((res, i) =>
      admit(request(big), res as unknown as ServerResponse, c.call(`big${i}`)),
    );
    await done[3];
    expect(c.started).toEqual(['big0', 'big1']);
    expect(responses[3]!.status).toBe(503);
    expect(responses[3]!.headers['retry-after']).toBe('2');
    expect(JSON.parse(responses[3]!.body)).toEqual({
      error:
        'Nodeloom is busy receiving other large requests; try again in a moment (at most 2 large requests are handled at once)',
    });

    // Small calls never wait behind large ones.
    await admit(request({ 'content-length': '10' }), response() as never, async () => {
      c.started.push('small');
    });
    expect(c.started).toEqual(['big0', 'big1', 'small']);

    c.finish('big0');
    await done[0];
    await vi.waitFor(() => expect(c.started).toContain('big2'));
    c.finish('big1');
    c.finish('big2');
    await Promise.all(done);
    expect(c.peak()).toBe(2);
  });

  it('counts a chunked body (size unknown) as large', async () => {
    const admit = largeBodyGate({ ...LIMITS, waiting: 0 });
    const c = calls();
    const chunked = { 'transfer-encoding': 'chunked' };
    const first = admit(request(chunked), response() as never, c.call('a'));
    const second = admit(request(chunked), response() as never, c.call('b'));
    const third = response();
    await admit(request(chunked), third as never, c.call('c'));
    expect(third.status).toBe(503);
    c.finish('a');
    c.finish('b');
    await Promise.all([first, second]);
  });

  it('drops a waiting call whose client went away, and frees its place in line', async () => {
    const admit = largeBodyGate(LIMITS);
    const c = calls();
    const big = { 'content-length': '5000' };
    const running = [
      admit(request(big), response() as never, c.call('a')),
      admit(request(big), response() as never, c.call('b')),
    ];
    const leaving = response();
    const left = admit(request(big), leaving as never, c.call('gone'));
    leaving.emit('close');
    await left;
    const next = admit(request(big), response() as never, c.call('next'));
    c.finish('a');
    await vi.waitFor(() => expect(c.started).toEqual(['a', 'b', 'next']));
    c.finish('b');
    c.finish('next');
    await Promise.all([...running, next]);
  });
});
