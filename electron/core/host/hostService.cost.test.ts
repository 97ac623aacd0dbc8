import { afterEach, describe, expect, it } from 'vitest';
import { reportedCostText } from '../../../shared/cost/reported';
import type { GraphDocument } from '../../../shared/graph/document';
import type { RunEvent, RunFinishedEvent } from '../../../shared/run/events';
import { MODELS, testGraph } from '../../../shared/testing/testGraph';
import { startHostKit } from './testKit';
import type { HostKit } from './testKit';

// Spend is counted once per provider job, in the run that sent it (the emulator
// bills RunComfy jobs $0.10 per image).
let kit: HostKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

/** Text-to-image nodes with these ids and prompts (the same prompt: the same request). */
function models(prompts: Record<string, string>): GraphDocument {
  const g = testGraph();
  for (const [id, prompt] of Object.entries(prompts))
    g.model(MODELS.proTextToImage, { prompt, aspect_ratio: '1:1' }, { id });
  return g.doc();
}

/** Starts a run through the host; `finished` resolves with its run-finished event. */
async function start(k: HostKit, graph: GraphDocument) {
  const events: RunEvent[] = [];
  const off = k.host.subscribe((name, payload) => {
    if (name === 'run.event') events.push(payload as RunEvent);
  });
  const res = await k.call('run.start', { graph });
  if (!res.ok) throw new Error(res.message);
  const mine = () => events.filter((e) => e.runId === res.runId);
  return {
    runId: res.runId,
    events: mine,
    finished: async (): Promise<RunFinishedEvent> => {
      await expect
        .poll(() => mine().some((e) => e.type === 'run-finished'), { timeout: 10_000 })
        .toBe(true);
      off();
      return mine().find((e): e is RunFinishedEvent => e.type === 'run-finished')!;
    },
  };
}

const nodeEnd = (events: RunEvent[], nodeId: string) =>
  events.filter((e) => e.type === 'node' && e.nodeId === nodeId).at(-1) as Extract<
    RunEvent,
    { type: 'node' }
  >;

describe('spend is counted once per provider job', () => {
  it('a node that joins another node’s job adds no cost: one $0.10 job is $0.10 in the run and its history record', async () => {
    kit = await startHostKit({ emulator: true });
    const run = await start(kit, models({ a: 'the same kite', b: 'the same kite' }));
    const finished = await run.finished();
    expect(kit.emu!.stats().runcomfy.submissions).toBe(1);
    expect(finished).toMatchObject({ actualUsd: 0.1, jobCount: 1, jobsWithoutCost: 0 });
    const ends = ['a', 'b'].map((id) => nodeEnd(run.events(), id));
    expect(ends.map((e) => e.state)).toEqual(['done', 'done']);
    // Exactly one of them sent the job and carries its cost.
    expect(ends.filter((e) => e.sentJob && e.costUsd === 0.1)).toHaveLength(1);
    expect(ends.filter((e) => !e.sentJob && e.costUsd === undefined)).toHaveLength(1);

    await kit.restart(); // closing flushes the history; the new host reads it back
    const record = await kit.call('history.get', { runId: run.runId });
    expect(record).toMatchObject({ actualUsd: 0.1, jobCount: 1, jobsWithoutCost: 0 });
    expect(record.nodes.filter((n) => n.sentJob)).toHaveLength(1);
    expect(record.nodes.filter((n) => n.costUsd !== undefined)).toHaveLength(1);
  });

  it('a run after a restart that joins the jobs a killed run left claims none of them: the interrupted run’s record has them once', async () => {
    kit = await startHostKit({ emulator: true });
    const emu = kit.emu!;
    // Long enough that both jobs are still running when the new host starts.
    emu.configure({ latency: { queueMs: 10, runMs: 1500 } });
    const graph = models({ a: 'a kite at dawn', b: 'a kite at dusk' });
    const first = await start(kit, graph);
    await expect
      .poll(
        () =>
          ['a', 'b'].every((id) =>
            first.events().some((e) => e.type === 'node' && e.nodeId === id && e.requestId),
          ),
        { timeout: 10_000 },
      )
      .toBe(true);
    await kit.restart();

    const second = await start(kit, graph);
    const finished = await second.finished();
    expect(finished.status).toBe('succeeded');
    expect(finished).toMatchObject({ actualUsd: 0, jobCount: 0, jobsWithoutCost: 0 });
    for (const id of ['a', 'b']) expect(nodeEnd(second.events(), id).costUsd).toBeUndefined();

    await expect
      .poll(async () => (await kit!.call('history.get', { runId: first.runId })).status, {
        timeout: 10_000,
      })
      .toBe('succeeded');
    const killed = await kit.call('history.get', { runId: first.runId });
    expect(killed).toMatchObject({ actualUsd: 0.2, jobCount: 2, jobsWithoutCost: 0 });
    const resumed = await kit.call('history.get', { runId: second.runId });
    expect(resumed).toMatchObject({ actualUsd: 0, jobCount: 0 });
    // Billed twice $0.10; recorded $0.20 in all, in the run that sent them.
    expect(emu.stats().runcomfy.submissions).toBe(2);
    const { runs } = await kit.call('history.list', {});
    expect(runs.reduce((sum, r) => sum + r.actualUsd, 0)).toBeCloseTo(0.2, 9);
  });

  it('a job whose provider reports no cost is "cost not reported", never $0.00', async () => {
    kit = await startHostKit({ emulator: true });
    kit.emu!.configure({ faults: [{ route: 'result', fault: { kind: 'no-cost' } }] });
    const run = await start(kit, models({ a: 'an unpriced kite' }));
    const finished = await run.finished();
    expect(finished).toMatchObject({ actualUsd: 0, jobCount: 1, jobsWithoutCost: 1 });
    const end = nodeEnd(run.events(), 'a');
    expect(end.sentJob).toBe(true);
    expect(end.costUsd).toBeUndefined();
    expect(reportedCostText(finished)).toBe('cost not reported');

    await kit.restart();
    const record = await kit.call('history.get', { runId: run.runId });
    expect(reportedCostText(record)).toBe('cost not reported');
    const [item] = (await kit.call('history.list', {})).runs;
    expect(reportedCostText(item!)).toBe('cost not reported');
  });
});
