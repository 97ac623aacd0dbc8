import { describe, expect, it } from 'vitest';
import { Limiter, acquireAll } from './limiter';

/** Asks for a slot per [name, priority], in that order; each frees its slot as soon as it has it. */
function queue(limiter: Limiter, asks: Array<[string, number]>) {
  const served: string[] = [];
  const done = asks.map(([name, priority]) =>
    limiter.acquire(undefined, priority).then((release) => {
      served.push(name);
      release();
    }),
  );
  return { served, done: Promise.all(done) };
}

describe('Limiter: who gets a slot', () => {
  it('serves the waiters by priority, highest first, and equals in the order they asked', async () => {
    const limiter = new Limiter(1);
    const held = await limiter.acquire();
    const { served, done } = queue(limiter, [
      ['single-a', 1],
      ['chain-head', 3],
      ['single-b', 1],
      ['chain-edit', 2],
      ['other-head', 3],
    ]);
    held();
    await done;
    expect(served).toEqual(['chain-head', 'other-head', 'chain-edit', 'single-a', 'single-b']);
  });

  it('orders the jobs that became ready together, even while slots are free', async () => {
    const limiter = new Limiter(2);
    const { served, done } = queue(limiter, [
      ['a', 1],
      ['b', 1],
      ['chain', 3],
    ]);
    await done;
    expect(served).toEqual(['chain', 'a', 'b']);
  });

  it('gives a freed slot to a more urgent job that asked in the same turn', async () => {
    const limiter = new Limiter(1);
    const held = await limiter.acquire();
    const { served, done } = queue(limiter, [['waiting-single', 1]]);
    // The job that finishes frees its slot, and the job it made ready asks just after.
    held();
    const next = queue(limiter, [['dependent', 2]]);
    await Promise.all([done, next.done]);
    expect([...next.served, ...served]).toEqual(['dependent', 'waiting-single']);
  });

  it('never has more holders than its limit, and a waiter that gives up leaves the queue', async () => {
    const limiter = new Limiter(2);
    const a = await limiter.acquire();
    await limiter.acquire();
    expect(limiter.inUse).toBe(2);
    const leave = new AbortController();
    const gaveUp = limiter.acquire(leave.signal, 5);
    const later = limiter.acquire(undefined, 1);
    leave.abort(new Error('not needed'));
    await expect(gaveUp).rejects.toThrow('not needed');
    a();
    const release = await later;
    expect(limiter.inUse).toBe(2);
    release();
    expect(limiter.inUse).toBe(1);
  });

  it('acquireAll takes every limiter at the priority given and releases them all', async () => {
    const provider = new Limiter(1);
    const global = new Limiter(1);
    const release = await acquireAll([provider, global], undefined, 2);
    expect([provider.inUse, global.inUse]).toEqual([1, 1]);
    release();
    expect([provider.inUse, global.inUse]).toEqual([0, 0]);
  });
});
