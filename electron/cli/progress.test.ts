import { afterEach, describe, expect, it, vi } from 'vitest';
import { nodeId } from '../../shared/graph/ids';
import type { NodeEvent, NodeState, RunEvent, RunFinishedEvent } from '../../shared/run/events';
import { shown } from './io';
import { jsonRenderer, lineRenderer, ttyRenderer } from './progress';

const AT = Date.UTC(2025, 0, 2, 3, 4, 5);
const RUN = '0123456789abcdef';

const started: RunEvent = {
  type: 'run-started',
  runId: RUN,
  at: AT,
  nodeIds: [nodeId('a'), nodeId('b')],
  estimate: { knownUsd: 0.15, unknownNodes: [nodeId('b')], perNode: { a: 0.15, b: 'unknown' } },
};
const node = (id: string, state: NodeState, extra: Partial<NodeEvent> = {}): RunEvent => ({
  type: 'node',
  runId: RUN,
  nodeId: nodeId(id),
  state,
  at: AT,
  ...extra,
});
const finished: RunEvent = {
  type: 'run-finished',
  runId: RUN,
  at: AT,
  status: 'succeeded',
  counts: { done: 2 } as RunFinishedEvent['counts'],
  actualUsd: 0.15,
  jobCount: 1,
  jobsWithoutCost: 0,
  durationMs: 2500,
};
const image = { hash: 'a'.repeat(64), mimeType: 'image/png', width: 4, height: 4, bytes: 10 };

function collect() {
  const out: string[] = [];
  const notes: string[] = [];
  return { out, notes, write: (t: string) => out.push(t), note: (t: string) => notes.push(t) };
}

const title = (id: string): string => `Model "${id}"`;

afterEach(() => vi.useRealTimers());

describe('jsonRenderer', () => {
  it('writes each event as one JSON line and notes to the other stream', () => {
    const c = collect();
    const r = jsonRenderer(c.write, c.note);
    for (const e of [started, node('a', 'running', { elapsedMs: 5 }), finished]) r.event(e);
    r.note('cancelling');
    expect(c.out.map((l) => JSON.parse(l))).toEqual([
      started,
      node('a', 'running', { elapsedMs: 5 }),
      finished,
    ]);
    expect(c.out.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    expect(c.notes).toEqual(['cancelling\n']);
  });
});

describe('lineRenderer', () => {
  it('prints one line per state change, not one per repeated progress event', () => {
    const c = collect();
    const r = lineRenderer(c.write, title, c.note);
    const events = [
      started,
      node('a', 'queued'),
      node('a', 'submitting'),
      node('a', 'in_queue', { queuePosition: 3, elapsedMs: 0 }),
      node('a', 'in_queue', { queuePosition: 2, elapsedMs: 1000 }),
      node('a', 'running', { elapsedMs: 1500 }),
      node('a', 'running', { elapsedMs: 3500 }),
      node('a', 'running', { elapsedMs: 5500 }),
      node('a', 'downloading'),
      node('a', 'done', { images: [image, image], costUsd: 0.3 }),
      node('b', 'failed', { message: 'RunComfy: blocked' }),
      finished,
    ];
    for (const e of events) r.event(e);
    expect(c.out.join('')).toBe(
      [
        '03:04:05 run 01234567: 2 nodes, estimate $0.15 + 1 unknown',
        '03:04:05 Model "a": queued',
        '03:04:05 Model "a": submitting',
        '03:04:05 Model "a": in queue (position 3 · 0.0s)',
        '03:04:05 Model "a": running (1.5s)',
        '03:04:05 Model "a": downloading',
        '03:04:05 Model "a": done (2 images · $0.30)',
        '03:04:05 Model "b": FAILED (RunComfy: blocked)',
        '03:04:05 run succeeded in 2.5s: 2 done; provider-reported cost $0.15',
        '',
      ].join('\n'),
    );
  });

  it('says "cost not reported" where the provider reported none, never $0.00', () => {
    const c = collect();
    const r = lineRenderer(c.write, title, c.note);
    const unreported = { ...finished, actualUsd: 0, jobCount: 2, jobsWithoutCost: 2 } as RunEvent;
    const partly = { ...finished, actualUsd: 0.15, jobCount: 2, jobsWithoutCost: 1 } as RunEvent;
    const none = { ...finished, actualUsd: 0, jobCount: 0, jobsWithoutCost: 0 } as RunEvent;
    r.event(node('a', 'done', { images: [image], sentJob: true }));
    r.event(node('b', 'done', { images: [image] })); // joined another node's job: nothing to say
    for (const e of [unreported, partly, none]) r.event(e);
    const text = c.out.join('');
    expect(text).not.toContain('$0.00');
    expect(text.split('\n').filter(Boolean)).toEqual([
      '03:04:05 Model "a": done (1 image · cost not reported)',
      '03:04:05 Model "b": done (1 image)',
      '03:04:05 run succeeded in 2.5s: 2 done; cost not reported',
      '03:04:05 run succeeded in 2.5s: 2 done; provider-reported cost $0.15 + cost not reported for 1 job',
      '03:04:05 run succeeded in 2.5s: 2 done; no paid jobs',
    ]);
  });

  it('sends notes to the other stream', () => {
    const c = collect();
    lineRenderer(c.write, title, c.note).note('cancelling');
    expect([c.out, c.notes]).toEqual([[], ['cancelling\n']]);
  });
});

describe('escaping what a provider or a workflow says', () => {
  const evil = 'quota\x1b]0;owned\x07\r\nrun succeeded';
  // eslint-disable-next-line no-control-regex
  const controls = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

  it('lineRenderer prints a provider message and a node title on one line, escaped', () => {
    const c = collect();
    const r = lineRenderer(c.write, () => `Model "${shown(evil)}"`, c.note);
    r.event(node('a', 'failed', { message: evil }));
    expect(c.out).toHaveLength(1);
    expect(c.out[0]!.slice(0, -1)).not.toMatch(controls);
    expect(c.out[0]).toContain('quota\\u001b]0;owned\\u0007\\u000d\\u000arun succeeded');
  });

  it('ttyRenderer keeps its own cursor moves but escapes everything in the rows', () => {
    const c = collect();
    const r = ttyRenderer(c.write, title, 200);
    r.event(started);
    r.event(node(evil, 'failed', { message: evil }));
    r.note(evil);
    r.finish();
    // eslint-disable-next-line no-control-regex
    const text = c.out.join('').replace(/\x1b\[(\d+F|0J)/g, '');
    expect(text.replace(/\n/g, '')).not.toMatch(controls);
  });
});

describe('ttyRenderer', () => {
  /** What the terminal shows after `text`: cursor-up + clear-below honoured. */
  function screen(text: string): string[] {
    const lines: string[] = [];
    // eslint-disable-next-line no-control-regex -- terminal escape sequences
    for (const part of text.split(/(\x1b\[\d*F|\x1b\[0J)/)) {
      // eslint-disable-next-line no-control-regex -- terminal escape sequences
      const up = /^\x1b\[(\d*)F$/.exec(part);
      if (up) lines.splice(lines.length - Number(up[1] || 1));
      else if (part !== '\x1b[0J') lines.push(...part.split('\n').slice(0, -1));
    }
    return lines;
  }

  it('redraws the table in place, one row per node', () => {
    const c = collect();
    const r = ttyRenderer(c.write, title);
    r.event(started);
    r.event(node('a', 'queued'));
    r.event(node('b', 'queued'));
    r.event(node('a', 'done', { images: [image] }));
    r.event(finished);
    r.finish();
    expect(screen(c.out.join(''))).toEqual([
      'run succeeded in 2.5s: 2 done; provider-reported cost $0.15',
      `  done        ${'Model "a"'.padEnd(44)} 1 image`,
      '  queued      Model "b"',
    ]);
  });

  it('prints a note above the table and keeps drawing below it', () => {
    const c = collect();
    const r = ttyRenderer(c.write, title);
    r.event(started);
    r.event(node('a', 'running', { elapsedMs: 0 }));
    r.note('cancelling');
    r.event(node('a', 'cancelled', { message: 'cancelled' }));
    r.finish();
    expect(screen(c.out.join(''))).toEqual([
      'cancelling',
      'Run 01234567 · 2 nodes · estimate $0.15 + 1 unknown',
      `  cancelled   ${'Model "a"'.padEnd(44)} cancelled`,
    ]);
  });

  it('cuts rows to the terminal width so the redraw stays aligned', () => {
    const c = collect();
    const r = ttyRenderer(c.write, (id) => `A model with a very long title "${id}"`, 40);
    r.event(started);
    r.event(node('a', 'done', { images: [image], costUsd: 0.15 }));
    r.finish();
    const lines = screen(c.out.join(''));
    expect(lines.every((l) => l.length <= 39)).toBe(true);
    expect(lines[1]).toBe('  done        A model with a very long…');
  });

  it('ticks the clock of running nodes every second and stops when finished', () => {
    vi.useFakeTimers();
    vi.setSystemTime(AT);
    const c = collect();
    const r = ttyRenderer(c.write, title);
    r.event(started);
    r.event(node('a', 'running', { elapsedMs: 2000 }));
    vi.advanceTimersByTime(3000);
    expect(screen(c.out.join('')).at(-1)).toBe(`  running     ${'Model "a"'.padEnd(44)} 5.0s`);
    r.finish();
    const writes = c.out.length;
    vi.advanceTimersByTime(10_000);
    expect(c.out.length).toBe(writes);
  });
});
