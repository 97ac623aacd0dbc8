import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testGraph } from '../../../shared/testing/testGraph';
import { HistoryStore } from '../history/historyStore';
import type { QueuePayload } from './queueStore';

let dir: string;
let history: HistoryStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-queue-'));
  history = new HistoryStore(dir);
});
afterEach(async () => {
  history.close();
  await rm(dir, { recursive: true, force: true });
});

const payload = (name: string): QueuePayload => {
  const g = testGraph();
  g.prompt(`prompt of ${name}`);
  return {
    state: 'waiting',
    name,
    request: { graph: g.doc() },
    nodeCount: 1,
    jobCount: 0,
    estimate: { knownUsd: 0, unknownNodes: [], perNode: {} },
  };
};

/** A new store over the same folder, as after a restart. */
const reopen = () => {
  history.close();
  history = new HistoryStore(dir);
  return history.queue();
};

const names = (q: ReturnType<HistoryStore['queue']>) => q.list().map((i) => i.name);

describe('QueueStore', () => {
  it('keeps items in the order they were added, with their request, across a reopen', () => {
    const q = history.queue();
    q.add('q-a', 1000, payload('a'));
    q.add('q-b', 1001, payload('b'));
    q.add('q-c', 1002, payload('c'));
    const again = reopen();
    expect(names(again)).toEqual(['a', 'b', 'c']);
    const first = again.get('q-a')!;
    expect(first).toMatchObject({ itemId: 'q-a', createdAt: 1000, state: 'waiting' });
    expect(first.request.graph.nodes[0]!.params).toEqual({ text: 'prompt of a' });
  });

  it('moves an item to any place, clamped to the ends, and the order survives a reopen', () => {
    const q = history.queue();
    for (const n of ['a', 'b', 'c', 'd']) q.add(`q-${n}`, 1000, payload(n));
    expect(q.move('q-d', 0)).toBe(true);
    expect(names(q)).toEqual(['d', 'a', 'b', 'c']);
    expect(q.move('q-a', 2)).toBe(true);
    expect(names(q)).toEqual(['d', 'b', 'a', 'c']);
    expect(q.move('q-d', 99)).toBe(true);
    expect(names(q)).toEqual(['b', 'a', 'c', 'd']);
    expect(q.move('q-gone', 0)).toBe(false);
    // Added after moves: still at the end.
    q.add('q-e', 1000, payload('e'));
    expect(names(reopen())).toEqual(['b', 'a', 'c', 'd', 'e']);
  });

  it('removes a cancelled item for good and says whether there was one', () => {
    const q = history.queue();
    q.add('q-a', 1000, payload('a'));
    q.add('q-b', 1001, payload('b'));
    expect(q.remove('q-a')).toBe(true);
    expect(q.remove('q-a')).toBe(false);
    expect(names(reopen())).toEqual(['b']);
  });

  it('keeps the paused flag across a reopen', () => {
    const q = history.queue();
    expect(q.paused()).toBe(false);
    q.setPaused(true);
    expect(reopen().paused()).toBe(true);
    history.queue().setPaused(false);
    expect(reopen().paused()).toBe(false);
  });

  it('updates an item’s state and run, and a field set to undefined is cleared', () => {
    const q = history.queue();
    q.add('q-a', 1000, payload('a'));
    expect(q.update('q-a', { state: 'running', runId: 'run-1' })).toBe(true);
    expect(reopen().get('q-a')).toMatchObject({ state: 'running', runId: 'run-1' });
    const again = history.queue();
    again.update('q-a', { state: 'waiting', runId: undefined });
    expect(again.get('q-a')!.runId).toBeUndefined();
    expect(again.update('q-gone', { state: 'refused' })).toBe(false);
  });

  it('skips and reports a row it cannot read, keeping the others', () => {
    const warnings: string[] = [];
    const q = history.queue((m) => warnings.push(m));
    q.add('q-a', 1000, payload('a'));
    q.add('q-b', 1001, payload('b'));
    // A damaged row, as a newer or broken version might leave.
    const raw = new DatabaseSync(path.join(dir, 'history.db'));
    raw.prepare('UPDATE queue SET payload = \'{"state":"flying"}\' WHERE item_id = \'q-a\'').run();
    raw.close();
    expect(names(q)).toEqual(['b']);
    expect(warnings).toEqual(['run queue: skipped an unreadable item q-a']);
  });

  it('refuses to store an item whose request is not a run request', () => {
    const q = history.queue();
    const bad = { ...payload('a'), request: { graph: { nodes: 'none' } } } as never;
    expect(() => q.add('q-a', 1000, bad)).toThrow();
    expect(q.list()).toEqual([]);
  });

  it('the blob collection keeps the images a queued graph names', () => {
    const q = history.queue();
    const item = payload('a');
    const hash = 'a'.repeat(64);
    item.request.graph.nodes[0]!.params = { text: `pinned ${hash}` };
    q.add('q-a', 1000, item);
    expect(history.queuedImages()).toEqual(new Set([hash]));
  });
});
