import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../shared/run/events';
import { testGraph } from '../../../shared/testing/testGraph';
import { JobJournal } from '../storage/jobJournal';
import { startHarness } from '../testing/emulatorHarness';
import type { Harness } from '../testing/emulatorHarness';
import type { RunHandle } from './engine';
import type { ResumedJob } from './resume';
import { journalEntries, nodeEvents, stateSequence, until } from '../testing/runEvents';

const T2I = 'runcomfy/google/nano-banana/pro/text-to-image';
const T2I_MODEL = 'google/nano-banana/pro/text-to-image';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function single() {
  const g = testGraph();
  const m = g.model(T2I, { prompt: 'a paper boat on a puddle', aspect_ratio: '1:1' });
  return { doc: g.doc(), m };
}

/**
 * Starts the graph and "crashes" as soon as its job is at the provider: the engine
 * is closed (polling stops, the journal keeps the job) and a new one is made over
 * the same data folder. Returns the request id the journal holds.
 */
async function crashAfterSubmit(harness: Harness, doc: ReturnType<typeof single>['doc']) {
  const events: RunEvent[] = [];
  const handle: RunHandle = harness.engine.run(doc, { onEvent: (e) => events.push(e) });
  await until(
    () => events.some((e) => e.type === 'node' && e.state === 'in_queue'),
    'the job to be at the provider',
  );
  await harness.restart();
  await handle.done;
  const entries = await journalEntries(harness.dataDir);
  expect(entries).toEqual([expect.objectContaining({ state: 'submitted' })]);
  return entries[0]!.requestId!;
}

describe('engine: resuming after a restart', () => {
  it('collects a job left at the provider without resubmitting it; the next run is a cache hit', async () => {
    h = await startHarness({ latency: { queueMs: 5, runMs: 150 } });
    const { doc, m } = single();
    const requestId = await crashAfterSubmit(h, doc);
    // The job finished at the provider while the app was down.
    await until(() => h!.emu.stats().runcomfy.completed === 1, 'the job to finish');

    const resumed = await h.engine.resume();
    expect(resumed.pending).toBe(1);
    expect(resumed.uncertain).toEqual([]);
    const summary = await resumed.settled;
    expect(summary.collected.map((e) => e.requestId)).toEqual([requestId]);
    expect(summary.failed).toEqual([]);
    expect(h.emu.stats().runcomfy.submissions).toBe(1);
    expect(await journalEntries(h.dataDir)).toEqual([]);

    const again = await h.run(doc);
    expect(again.summary.states.get(m)).toBe('cached');
    expect(again.summary.images.get(m)).toHaveLength(1);
    expect(h.emu.stats().runcomfy.submissions).toBe(1);
  });

  it('a run started right after resume() joins the job still being collected instead of submitting it again', async () => {
    h = await startHarness({ latency: { queueMs: 5, runMs: 300 } });
    const { doc, m } = single();
    const requestId = await crashAfterSubmit(h, doc);

    const resumed = await h.engine.resume();
    expect(resumed.pending).toBe(1);
    const { summary, events } = await h.run(doc);
    expect(summary.states.get(m)).toBe('done');
    expect(nodeEvents(events, m).at(-1)!.requestId).toBe(requestId);
    expect(stateSequence(events, m)).not.toContain('submitting');
    expect((await resumed.settled).collected).toHaveLength(1);
    expect(h.emu.stats().runcomfy.submissions).toBe(1);
  });

  it('tells onJob what became of each resumed job, with the run and node it belongs to; not the jobs a close cuts off', async () => {
    h = await startHarness({ latency: { queueMs: 5, runMs: 300 } });
    const { doc, m } = single();
    const events: RunEvent[] = [];
    const handle = h.engine.run(doc, { onEvent: (e) => events.push(e) });
    await until(
      () => events.some((e) => e.type === 'node' && e.state === 'in_queue'),
      'the job to be at the provider',
    );
    await h.restart();
    await handle.done;

    // Closed again before the job ends: nothing is told, the journal keeps it.
    const cut: ResumedJob[] = [];
    expect((await h.engine.resume((j) => cut.push(j))).pending).toBe(1);
    await h.restart();
    expect(cut).toEqual([]);
    expect(await journalEntries(h.dataDir)).toHaveLength(1);

    const told: ResumedJob[] = [];
    const resumed = await h.engine.resume((j) => told.push(j));
    await resumed.settled;
    expect(told).toEqual([
      expect.objectContaining({
        outcome: 'collected',
        entry: expect.objectContaining({ runId: handle.runId, nodeId: m }),
        result: expect.objectContaining({ images: [expect.anything()] }),
      }),
    ]);
    expect(h.emu.stats().runcomfy.submissions).toBe(1);
  });

  it('reports a submit cut off by a crash (journal state "submitting") as held ("may have been submitted"), keeps it in the journal and does not resend it', async () => {
    h = await startHarness();
    const journal = new JobJournal(path.join(h.dataDir, 'journal'));
    await journal.write({
      jobId: 'crashed-mid-submit',
      state: 'submitting',
      cacheKey: 'a'.repeat(64),
      provider: 'runcomfy',
      endpoint: T2I_MODEL,
      nodeId: 'n1',
      runId: 'run-before-the-crash',
      createdAt: Date.now(),
    });
    await journal.shutdown();

    const resumed = await h.engine.resume();
    expect(resumed.pending).toBe(0);
    expect(resumed.uncertain).toHaveLength(1);
    expect(resumed.uncertain[0]!.entry.jobId).toBe('crashed-mid-submit');
    expect(resumed.uncertain[0]!.message).toMatch(/may have been submitted/);
    await resumed.settled;
    await h.engine.idle();
    expect(h.emu.requests()).toEqual([]);
    expect(await journalEntries(h.dataDir)).toEqual([
      expect.objectContaining({ jobId: 'crashed-mid-submit', state: 'submitting' }),
    ]);
  });
});
