import { describe, expect, it } from 'vitest';
import type { ProviderId } from '../../../shared/catalog/model';
import { JobSlots } from './limiter';

const slots = (global: number, runcomfy = global, runflow = global) =>
  new JobSlots(global, { runcomfy, runflow, google: global });

/** Asks for a slot per [name, priority, provider], in that order; each frees it as soon as it has it. */
function queue(pool: JobSlots, asks: Array<[string, number, ProviderId?]>) {
  const served: string[] = [];
  const done = asks.map(([name, priority, provider = 'runcomfy']) =>
    pool.acquire(provider, undefined, priority).then((release) => {
      served.push(name);
      release();
    }),
  );
  return { served, done: Promise.all(done) };
}

describe('JobSlots: who gets a slot', () => {
  it('serves the waiters by priority, highest first, and equals in the order they asked', async () => {
    const pool = slots(1);
    const held = await pool.acquire('runcomfy');
    const { served, done } = queue(pool, [
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
    const { served, done } = queue(slots(2), [
      ['a', 1],
      ['b', 1],
      ['chain', 3],
    ]);
    await done;
    expect(served).toEqual(['chain', 'a', 'b']);
  });

  it('gives a freed slot to a more urgent job that asked in the same turn', async () => {
    const pool = slots(1);
    const held = await pool.acquire('runcomfy');
    const waiting = queue(pool, [['waiting-single', 1]]);
    // The job that finishes frees its slot, and the job it made ready asks just after.
    held();
    const dependent = queue(pool, [['dependent', 2]]);
    await Promise.all([waiting.done, dependent.done]);
    expect([...dependent.served, ...waiting.served]).toEqual(['dependent', 'waiting-single']);
  });

  it('keeps both limits, letting a waiter whose provider has room pass one whose provider is full', async () => {
    const pool = slots(2, 1, 1);
    const runcomfy = await pool.acquire('runcomfy');
    const granted: string[] = [];
    const urgent = pool.acquire('runcomfy', undefined, 5).then((r) => (granted.push('urgent'), r));
    const other = pool.acquire('runflow', undefined, 1).then((r) => (granted.push('other'), r));
    const releaseOther = await other;
    expect(granted).toEqual(['other']);
    expect([pool.inUse('runcomfy'), pool.inUse('runflow'), pool.inUse()]).toEqual([1, 1, 2]);
    runcomfy();
    (await urgent)();
    releaseOther();
    expect(granted).toEqual(['other', 'urgent']);
    expect(pool.inUse()).toBe(0);
  });

  it('drops a waiter that gives up from the queue, and refuses a limit below 1', async () => {
    const pool = slots(1);
    const held = await pool.acquire('runcomfy');
    const leave = new AbortController();
    const gaveUp = pool.acquire('runcomfy', leave.signal, 5);
    const later = pool.acquire('runcomfy', undefined, 1);
    leave.abort(new Error('not needed'));
    await expect(gaveUp).rejects.toThrow('not needed');
    held();
    (await later)();
    expect(pool.inUse()).toBe(0);
    expect(() => slots(1, 0)).toThrow('a limit must be at least 1, got 0');
  });
});
