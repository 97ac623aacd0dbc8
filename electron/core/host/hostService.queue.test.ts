import { afterEach, describe, expect, it } from 'vitest';
import type { CallName, QueueView } from '../../../shared/contract/hostApi';
import type { RunEvent } from '../../../shared/run/events';
import { MODELS, testGraph } from '../../../shared/testing/testGraph';
import { INTERRUPTED_MESSAGE } from '../queue/runQueue';
import { checkedCall } from './checkedCall';
import { startHostKit } from './testKit';
import type { HostKit } from './testKit';

let kit: HostKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

/** prompt -> text-to-image "t2i": one paid job whose prompt names the run. */
function oneJob(prompt: string) {
  const g = testGraph();
  const p = g.prompt(prompt, { id: 'prompt' });
  const t2i = g.model(MODELS.proTextToImage, { output_format: 'png' }, { id: 't2i' });
  g.connect(p, 'text', t2i, 'prompt');
  return g.doc();
}

/** The prompts of every job the emulator accepted, in the order they arrived. */
const sentPrompts = (k: HostKit): string[] =>
  k
    .emu!.requests()
    .filter((r) => r.route === 'submit' && r.status === 200)
    .map((r) => String((r.body as { prompt?: unknown }).prompt));

async function queue(k: HostKit, prompt: string) {
  const added = await k.call('queue.add', { run: { graph: oneJob(prompt) }, name: prompt });
  if (!added.ok) throw new Error(added.message);
  return added.itemId;
}

const queueEmpties = (k: HostKit) =>
  expect
    .poll(async () => (await k.call('queue.list', {})).items.length, { timeout: 15_000 })
    .toBe(0);

/** Runs in the history, oldest first, with their prompt. */
async function runsInOrder(k: HostKit) {
  const { runs } = await k.call('history.list', {});
  const records = await Promise.all(runs.map((r) => k.call('history.get', { runId: r.runId })));
  return records
    .sort((a, b) => a.startedAt - b.startedAt)
    .map((r) => ({
      prompt: r.nodes.find((n) => n.nodeId === 't2i')?.params?.['prompt'],
      status: r.status,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
    }));
}

describe('the run queue on the host, against the emulator', () => {
  it('two runs queued during a run start one after the other once it has ended, in order', async () => {
    kit = await startHostKit({ emulator: true });
    kit.emu!.configure({ latency: { queueMs: 10, runMs: 400 } });
    const views: QueueView[] = [];
    kit.host.subscribe((name, payload) => {
      if (name === 'queue.changed') views.push(payload as QueueView);
    });
    const current = await kit.call('run.start', { graph: oneJob('first') });
    expect(current.ok).toBe(true);
    await queue(kit, 'second');
    await queue(kit, 'third');
    const listed = await kit.call('queue.list', {});
    expect(listed.items.map((i) => [i.name, i.state, i.jobCount, i.nodeCount, i.prompt])).toEqual([
      ['second', 'waiting', 1, 2, 'second'],
      ['third', 'waiting', 1, 2, 'third'],
    ]);
    // The one preflight's estimate, as the Run button shows it.
    expect(Object.keys(listed.items[0]!.estimate.perNode)).toEqual(['t2i']);
    expect(listed.items[0]!.sketch).toEqual({
      nodes: [
        expect.objectContaining({ kind: 'prompt' }),
        expect.objectContaining({ kind: 'model' }),
      ],
      edges: [[0, 1]],
    });

    await queueEmpties(kit);
    const runs = await runsInOrder(kit);
    expect(runs.map((r) => [r.prompt, r.status])).toEqual([
      ['first', 'succeeded'],
      ['second', 'succeeded'],
      ['third', 'succeeded'],
    ]);
    // Each began only once the one before it had ended.
    expect(runs[1]!.startedAt).toBeGreaterThanOrEqual(runs[0]!.finishedAt!);
    expect(runs[2]!.startedAt).toBeGreaterThanOrEqual(runs[1]!.finishedAt!);
    expect(sentPrompts(kit)).toEqual(['first', 'second', 'third']);
    // The UI heard each item start (with the run it started) before it left.
    const started = views.flatMap((v) => v.items.filter((i) => i.state === 'running' && i.runId));
    expect(new Set(started.map((i) => i.name))).toEqual(new Set(['second', 'third']));
  });

  it('a cancelled item never sends; the one after it runs in its place', async () => {
    kit = await startHostKit({ emulator: true });
    kit.emu!.configure({ latency: { queueMs: 10, runMs: 400 } });
    await kit.call('run.start', { graph: oneJob('first') });
    const second = await queue(kit, 'second');
    await queue(kit, 'third');
    const answer = await kit.call('queue.cancel', { itemId: second });
    expect(answer.cancelled).toBe(true);
    expect(answer.queue.items.map((i) => i.name)).toEqual(['third']);
    await queueEmpties(kit);
    expect((await runsInOrder(kit)).map((r) => r.prompt)).toEqual(['first', 'third']);
    expect(sentPrompts(kit)).toEqual(['first', 'third']);
  });

  it('a paused queue starts nothing; moved items run in their new order once resumed', async () => {
    kit = await startHostKit({ emulator: true });
    await kit.call('queue.pause', { paused: true });
    await queue(kit, 'a');
    await queue(kit, 'b');
    const c = await queue(kit, 'c');
    const moved = await kit.call('queue.move', { itemId: c, index: 0 });
    expect(moved.items.map((i) => i.name)).toEqual(['c', 'a', 'b']);
    expect(sentPrompts(kit)).toEqual([]);
    await kit.call('queue.pause', { paused: false });
    await queueEmpties(kit);
    expect(sentPrompts(kit)).toEqual(['c', 'a', 'b']);
  });

  it('after a restart the same items are listed in the same order, still paused, nothing sent', async () => {
    kit = await startHostKit({ emulator: true });
    await kit.call('queue.pause', { paused: true });
    for (const p of ['a', 'b', 'c']) await queue(kit, p);
    const before = await kit.call('queue.list', {});
    await kit.call('queue.move', { itemId: before.items[2]!.itemId, index: 1 });
    const expected = (await kit.call('queue.list', {})).items;
    await kit.restart();
    const after = await kit.call('queue.list', {});
    expect(after.paused).toBe(true);
    expect(after.items).toEqual(expected);
    expect(after.items.map((i) => i.name)).toEqual(['a', 'c', 'b']);
    expect(sentPrompts(kit)).toEqual([]);
  });

  it('an item that had started when the app stopped is collected, never sent again; Run again reuses it', async () => {
    kit = await startHostKit({ emulator: true });
    // Long enough that the queued run's job is still at the provider across the restart.
    kit.emu!.configure({ latency: { queueMs: 10, runMs: 1500 } });
    const events: RunEvent[] = [];
    const off = kit.host.subscribe((name, payload) => {
      if (name === 'run.event') events.push(payload as RunEvent);
    });
    await kit.call('run.start', { graph: oneJob('first') });
    const second = await queue(kit, 'second');
    // The queued run has sent its job (the provider answered with a request id).
    await expect
      .poll(
        async () => {
          const item = (await kit!.call('queue.list', {})).items[0];
          return item?.runId !== undefined &&
            events.some((e) => e.runId === item.runId && e.type === 'node' && e.requestId)
            ? item.runId
            : null;
        },
        { timeout: 15_000 },
      )
      .not.toBeNull();
    off();
    const runId = (await kit.call('queue.list', {})).items[0]!.runId!;
    await kit.restart();

    const after = await kit.call('queue.list', {});
    expect(after.paused).toBe(true);
    expect(after.items).toHaveLength(1);
    expect(after.items[0]).toMatchObject({
      itemId: second,
      state: 'interrupted',
      runId,
      message: INTERRUPTED_MESSAGE,
    });
    // The journal collects the job the queued run sent: its run completes in the history.
    await expect
      .poll(async () => (await kit!.call('history.get', { runId })).status, { timeout: 15_000 })
      .toBe('succeeded');
    expect(sentPrompts(kit)).toEqual(['first', 'second']);

    // Run again: the collected image is reused from the cache, nothing is sent.
    await kit.call('queue.retry', { itemId: second });
    await kit.call('queue.pause', { paused: false });
    await queueEmpties(kit);
    expect(sentPrompts(kit)).toEqual(['first', 'second']);
    expect(kit.emu!.stats().runcomfy.submissions).toBe(2);
  });

  it('refuses to queue a run that could not start, naming the problem; nothing is queued', async () => {
    kit = await startHostKit({ emulator: true });
    const answer = await kit.call('queue.add', { run: { graph: oneJob('') }, name: 'empty' });
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.issues.map((i) => i.nodeId)).toEqual(['prompt']);
    expect((await kit.call('queue.list', {})).items).toEqual([]);
  });

  it('an item that cannot start when its turn comes is marked refused and the next one runs', async () => {
    kit = await startHostKit({ emulator: true });
    await kit.call('queue.pause', { paused: true });
    await queue(kit, 'a');
    await queue(kit, 'b');
    // The key goes before their turn: checked again when each starts.
    await kit.call('keys.clear', { provider: 'runcomfy' });
    await kit.call('queue.pause', { paused: false });
    await expect
      .poll(async () => (await kit!.call('queue.list', {})).items.map((i) => i.state), {
        timeout: 10_000,
      })
      .toEqual(['refused', 'refused']);
    const [a] = (await kit.call('queue.list', {})).items;
    expect(a!.message).toMatch(/^Not run: RunComfy has no usable API key/);
    expect(sentPrompts(kit)).toEqual([]);
  });

  it('queue calls go through the contract check of IPC and the web host: bad input is refused naming the field', async () => {
    kit = await startHostKit();
    const call = (name: CallName, input: unknown) => checkedCall(kit!.host.handlers, name, input);
    expect(await call('queue.cancel', { itemId: '../etc' })).toMatchObject({
      kind: 'invalid-input',
      message: expect.stringMatching(/^queue\.cancel: invalid input: itemId: not a queue item id/),
    });
    expect(await call('queue.move', { itemId: 'q-x', index: -1 })).toMatchObject({
      kind: 'invalid-input',
      message: expect.stringMatching(/index: /),
    });
    expect(await call('queue.move', { itemId: 'q-x', index: 0 })).toEqual({
      ok: false,
      kind: 'failed',
      message: 'That run is no longer in the queue.',
    });
    // A Resend is the user's choice about one held node, never something to queue.
    expect(
      await call('queue.add', { run: { graph: oneJob('x'), resend: ['t2i'] }, name: 'x' }),
    ).toMatchObject({ kind: 'invalid-input', message: expect.stringMatching(/resend/) });
    expect(await call('queue.add', { run: { graph: { nodes: 3 } }, name: 'x' })).toMatchObject({
      kind: 'invalid-input',
      message: expect.stringMatching(/run\.graph/),
    });
    expect((await kit.call('queue.list', {})).items).toEqual([]);
  });
});
