import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../shared/run/events';
import { testGraph } from '../../../shared/testing/testGraph';
import type { FaultRule } from '../../emulator/types';
import { startHarness } from '../testing/emulatorHarness';
import type { Harness } from '../testing/emulatorHarness';
import {
  finalEvent,
  journalEntries,
  nodeEvents,
  stateSequence,
  submitRequests,
  until,
} from '../testing/runEvents';

/**
 * The journal is the one truth about outstanding paid jobs, for the life of the
 * process: held submits are never resent without the user's choice, open jobs are
 * collected by any later run, and every terminal outcome closes its entry.
 */

const T2I = 'runcomfy/google/nano-banana/pro/text-to-image';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const start = (faults: FaultRule[] = [], latency = { queueMs: 5, runMs: 20 }) =>
  startHarness({ latency, faults });

function jobs(n: number) {
  const g = testGraph();
  const ids = Array.from({ length: n }, (_, i) =>
    g.model(T2I, { prompt: `journal job ${i}`, aspect_ratio: '1:1' }),
  );
  return { doc: g.doc(), ids };
}

const submissions = () => h!.emu.stats().total.submissions;

describe('held submits (case 1: a cut-off submit is never paid twice by accident)', () => {
  it('a node whose submit was reset after the provider accepted it is held: not resent by the next run, nor after a restart; sent again only when the user resends it', async () => {
    h = await start([{ route: 'submit', times: 1, fault: { kind: 'reset-after-accept' } }]);
    const { doc, ids } = jobs(2);
    const first = await h.run(doc);
    const held = ids.find((id) => first.summary.states.get(id) === 'held')!;
    const other = ids.find((id) => id !== held)!;
    expect(first.summary.states.get(other)).toBe('done');
    expect(submissions()).toBe(2);

    // The same process, a second Run: held, with when it was sent and where to look.
    const second = await h.run(doc);
    expect(second.summary.states.get(held)).toBe('held');
    expect(second.summary.states.get(other)).toBe('cached');
    const said = finalEvent(second.events, held);
    expect(said.message).toMatch(/may have been submitted.*dashboard.*Resend/);
    expect(said.sentAt).toBe(finalEvent(first.events, held).sentAt);
    expect(stateSequence(second.events, held)).not.toContain('submitting');
    expect(submissions()).toBe(2);

    // After a restart: still held (the journal keeps it), still nothing sent.
    await h.restart();
    const resumed = await h.engine.resume();
    expect(resumed.uncertain.map((u) => u.entry.nodeId)).toEqual([held]);
    // Named as the artist sees the node (no graph is at hand after a restart), never by id.
    expect(resumed.uncertain[0]!.message).toContain('"Nano Banana Pro (RunComfy)"');
    expect(resumed.uncertain[0]!.message).not.toContain(`"${held}"`);
    expect((await h.run(doc)).summary.states.get(held)).toBe('held');
    expect(submissions()).toBe(2);

    // The user's explicit choice: resend that node, once.
    const resent = await h.run(doc, { resend: [held] });
    expect(resent.summary.states.get(held)).toBe('done');
    expect(submissions()).toBe(3);
    expect(await journalEntries(h.dataDir)).toEqual([]);
    expect((await h.run(doc)).summary.states.get(held)).toBe('cached');
    expect(submissions()).toBe(3);
  });

  it("resend 'all-held' sends every held node again and nothing else", async () => {
    h = await start([{ route: 'submit', times: 2, fault: { kind: 'reset' } }]);
    const { doc, ids } = jobs(3);
    const first = await h.run(doc);
    const held = ids.filter((id) => first.summary.states.get(id) === 'held');
    expect(held).toHaveLength(2);
    expect(first.summary.status).toBe('failed');
    const sent = submitRequests(h.emu).length;

    const again = await h.run(doc, { resend: 'all-held' });
    for (const id of held) expect(again.summary.states.get(id)).toBe('done');
    expect(again.summary.states.get(ids.find((id) => !held.includes(id))!)).toBe('cached');
    expect(submitRequests(h.emu).length).toBe(sent + 2);
  });
});

describe('open jobs across runs of one process (case 2)', () => {
  it('a job whose status checks gave up stays in the journal, and the next Run in the same process collects it instead of submitting it again', async () => {
    // The harness gives up after 6 failed status checks in a row.
    h = await start([{ route: 'status', times: 6, fault: { kind: 'http', status: 503 } }], {
      queueMs: 200,
      runMs: 20,
    });
    const { doc, ids } = jobs(1);
    const m = ids[0]!;
    const first = await h.run(doc);
    expect(first.summary.states.get(m)).toBe('failed');
    expect(finalEvent(first.events, m).message).toMatch(/kept.*next run collects it/);
    expect(await journalEntries(h.dataDir)).toEqual([
      expect.objectContaining({ state: 'submitted', nodeId: m }),
    ]);

    const second = await h.run(doc);
    expect(second.summary.states.get(m)).toBe('done');
    expect(stateSequence(second.events, m)).not.toContain('submitting');
    expect(finalEvent(second.events, m).requestId).toBe(finalEvent(first.events, m).requestId);
    expect(submissions()).toBe(1);
    expect(await journalEntries(h.dataDir)).toEqual([]);
  });
});

describe('every terminal outcome closes its journal entry (case 3)', () => {
  it.each([
    [
      'completes with no image',
      { route: 'submit', fault: { kind: 'job-no-images' } },
      /without usable image/,
    ],
    [
      'reports a status value the docs do not list',
      { route: 'submit', fault: { kind: 'job-odd-status', status: 'archived' } },
      /archived|status/,
    ],
    [
      'has an output that cannot be downloaded',
      { route: 'download', fault: { kind: 'http', status: 500 } },
      /downloading output 1 failed/,
    ],
  ] as const)(
    'a job that %s: the node fails with a clear message, the entry is closed, and the next run sends the node again',
    async (_what, rule, message) => {
      h = await start([rule as FaultRule]);
      const { doc, ids } = jobs(1);
      const m = ids[0]!;
      const first = await h.run(doc);
      expect(first.summary.states.get(m)).toBe('failed');
      expect(finalEvent(first.events, m).message).toMatch(message);
      expect(await journalEntries(h.dataDir)).toEqual([]);

      h.emu.configure({ faults: [] });
      const second = await h.run(doc);
      expect(second.summary.states.get(m)).toBe('done');
      expect(stateSequence(second.events, m)).toContain('submitting');
      expect(submissions()).toBe(2);
    },
  );

  it('a Runflow run that reports a status value the docs do not list: failed, closed, and sent again by the next run', async () => {
    h = await start([
      { provider: 'runflow', route: 'submit', fault: { kind: 'job-odd-status', status: 'paused' } },
    ]);
    const g = testGraph();
    const img = g.loadImage('https://images.example.com/reference.png');
    const rf = g.model('runflow/google/nano-banana-pro/edit', { prompt: 'make it autumn' });
    g.connect(img, 'image', rf, 'image_urls');
    const first = await h.run(g.doc());
    expect(first.summary.states.get(rf)).toBe('failed');
    expect(finalEvent(first.events, rf).message).toMatch(/Runflow status check failed/);
    expect(await journalEntries(h.dataDir)).toEqual([]);

    h.emu.configure({ faults: [] });
    expect((await h.run(g.doc())).summary.states.get(rf)).toBe('done');
    expect(submissions()).toBe(2);
  });
});

describe('cancelled jobs (case 5)', () => {
  it('a Run right after a cancel sends the nodes whose jobs were cancelled at the provider again, and joins the one that kept running', async () => {
    h = await startHarness({ latency: { queueMs: 5, runMs: 400 }, capacity: 1 });
    const { doc, ids } = jobs(3);
    const events: RunEvent[] = [];
    const handle = h.engine.run(doc, { onEvent: (e) => events.push(e) });
    await until(
      () =>
        ids.every((id) => nodeEvents(events, id).some((e) => e.state === 'in_queue')) &&
        h!.emu.stats().runcomfy.runningJobs === 1,
      'one job running at the provider and two queued behind it',
    );
    handle.cancel();
    await handle.done;
    expect(h.emu.stats().runcomfy.cancellations).toBe(2);

    // At once, while the cancelled jobs may still be followed in the background.
    h.emu.configure({ latency: { queueMs: 5, runMs: 20 }, capacity: 4 });
    const next = await h.run(doc);
    for (const id of ids) expect(next.summary.states.get(id)).toBe('done');
    expect(submissions()).toBe(5);
    await h.engine.idle();
    expect(await journalEntries(h.dataDir)).toEqual([]);
  });
});
