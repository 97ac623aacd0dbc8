import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../shared/run/events';
import { testGraph } from '../../../shared/testing/testGraph';
import { startHarness } from '../testing/emulatorHarness';
import type { Harness } from '../testing/emulatorHarness';
import { finalEvent, nodeEvents, submitRequests, until } from '../testing/runEvents';

const T2I = 'runcomfy/google/nano-banana/pro/text-to-image';
const PRO_EDIT = 'runcomfy/google/nano-banana/pro/edit';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function threeJobs() {
  const g = testGraph();
  const ids = [0, 1, 2].map((i) =>
    g.model(T2I, { prompt: `queued job ${i}`, aspect_ratio: '1:1' }),
  );
  return { doc: g.doc(), ids };
}

/** Text-to-image into an edit into a preview, plus an independent text-to-image. */
function chainAndBranch() {
  const g = testGraph();
  const p = g.prompt('a lighthouse at dusk');
  const t2i = g.model(T2I, { aspect_ratio: '1:1' });
  const edit = g.model(PRO_EDIT, { prompt: 'make it snow' });
  const shown = g.preview();
  g.connect(p, 'text', t2i, 'prompt');
  g.connect(t2i, 'image', edit, 'image_urls');
  g.connect(edit, 'images', shown, 'images');
  g.model(T2I, { prompt: 'an independent branch', aspect_ratio: '1:1' });
  return g.doc();
}

describe('engine: cancelling a run', () => {
  it('cancels the jobs queued at RunComfy, detaches the running one ("may still be billed"), collects its result in the background and reuses it on the next run', async () => {
    h = await startHarness({ latency: { queueMs: 5, runMs: 400 }, capacity: 1 });
    const { doc, ids } = threeJobs();
    const events: RunEvent[] = [];
    const handle = h.engine.run(doc, { onEvent: (e) => events.push(e) });
    await until(
      () =>
        ids.every((id) => nodeEvents(events, id).some((e) => e.state === 'in_queue')) &&
        h!.emu.stats().runcomfy.runningJobs === 1,
      'one job running at the provider and two queued behind it',
    );
    handle.cancel();
    const summary = await handle.done;

    // Capacity 1, first come first served: the first job submitted is the one running.
    const runningJob = submitRequests(h.emu)[0]!.jobId;
    const running = ids.find((id) => finalEvent(events, id).requestId === runningJob)!;
    expect(running).toBeDefined();
    const queued = ids.filter((id) => id !== running);
    expect(summary.status).toBe('cancelled');
    for (const id of queued) {
      expect(summary.states.get(id)).toBe('cancelled');
      expect(finalEvent(events, id).message).toBe('cancelled at RunComfy');
    }
    expect(summary.states.get(running)).toBe('cancelled');
    expect(finalEvent(events, running).message).toMatch(/may still be billed/);
    expect(h.emu.stats().runcomfy.cancellations).toBe(2);

    await h.engine.idle();
    expect(h.emu.stats().runcomfy.completed).toBe(1);
    expect(h.emu.stats().runcomfy.submissions).toBe(3);

    // Fast jobs from here on: only the submission counts matter.
    h.emu.configure({ latency: { queueMs: 5, runMs: 20 }, capacity: 4 });
    const only = await h.run(doc, { targets: [running] });
    expect(only.summary.states.get(running)).toBe('cached');
    expect(h.emu.stats().runcomfy.submissions).toBe(3);

    // The whole graph: the collected job is reused, the two cancelled ones are sent again.
    const whole = await h.run(doc);
    expect(whole.summary.states.get(running)).toBe('cached');
    for (const id of queued) expect(whole.summary.states.get(id)).toBe('done');
    expect(h.emu.stats().runcomfy.submissions).toBe(5);
  });

  it('cancel right after starting, before anything was sent: every node ends cancelled and nothing is submitted', async () => {
    h = await startHarness();
    const doc = chainAndBranch();
    const events: RunEvent[] = [];
    const handle = h.engine.run(doc, { onEvent: (e) => events.push(e) });
    handle.cancel();
    const summary = await handle.done;
    expect(summary.status).toBe('cancelled');
    expect(summary.states.size).toBe(doc.nodes.length);
    for (const node of doc.nodes) expect(summary.states.get(node.id)).toBe('cancelled');
    await h.engine.idle();
    expect(submitRequests(h.emu)).toHaveLength(0);
    expect(h.emu.stats().total.submissions).toBe(0);
  });

  it('a run given an already-aborted signal sends nothing: every node ends cancelled', async () => {
    h = await startHarness();
    const doc = chainAndBranch();
    const { summary } = await h.run(doc, { signal: AbortSignal.abort() });
    expect(summary.status).toBe('cancelled');
    for (const node of doc.nodes) expect(summary.states.get(node.id)).toBe('cancelled');
    await h.engine.idle();
    expect(submitRequests(h.emu)).toHaveLength(0);
  });
});
