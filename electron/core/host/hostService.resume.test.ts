import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../shared/run/events';
import { MODELS, testGraph } from '../../../shared/testing/testGraph';
import { COLLECTED_AFTER_RESTART } from '../history/resumedRun';
import { journalEntries } from '../testing/runEvents';
import { startHostKit } from './testKit';
import type { HostKit } from './testKit';

let kit: HostKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

/** prompt -> text-to-image "t2i" -> preview "out". */
function textToImage(prompt = 'a lighthouse at dusk') {
  const g = testGraph();
  const p = g.prompt(prompt, { id: 'prompt' });
  const t2i = g.model(
    MODELS.proTextToImage,
    { output_format: 'png' },
    { id: 't2i', title: 'Harbour at dusk' },
  );
  const out = g.preview({}, { id: 'out' });
  g.connect(p, 'text', t2i, 'prompt');
  g.connect(t2i, 'images', out, 'images');
  return g.doc();
}

/**
 * Starts the graph through run.start and restarts the host (a new one over the same
 * data folder) as soon as its job is at the provider. Returns the run and request ids.
 */
async function restartDuringRun(k: HostKit, workflowPath: string) {
  const events: RunEvent[] = [];
  const off = k.host.subscribe((name, payload) => {
    if (name === 'run.event') events.push(payload as RunEvent);
  });
  const res = await k.call('run.start', { graph: textToImage(), workflowPath });
  if (!res.ok) throw new Error(res.message);
  await expect
    .poll(() => events.some((e) => e.type === 'node' && e.nodeId === 't2i' && e.requestId), {
      timeout: 10_000,
    })
    .toBe(true);
  const requestId = events.find((e) => e.type === 'node' && e.requestId)!;
  off();
  await k.restart();
  return { runId: res.runId, requestId: requestId.type === 'node' ? requestId.requestId! : '' };
}

const settled = (k: HostKit, runId: string) =>
  expect
    .poll(async () => (await k.call('history.get', { runId })).status, { timeout: 10_000 })
    .not.toBe('interrupted');

describe('a job collected after a restart completes its run in the history', () => {
  it('the interrupted run gets the node done with its image, and succeeds; nothing is sent twice', async () => {
    kit = await startHostKit({ emulator: true });
    const emu = kit.emu!;
    // Long enough that the job is still running when the new host has started.
    emu.configure({ latency: { queueMs: 10, runMs: 1000 } });
    const wf = path.join(kit.workspaceDir, 'lighthouse.nodeloom');
    await writeFile(wf, '{}');
    const { runId, requestId } = await restartDuringRun(kit, wf);
    const changed: unknown[] = [];
    kit.host.subscribe(
      (name, payload) => void (name === 'history.changed' && changed.push(payload)),
    );

    const before = await kit.call('history.get', { runId });
    expect(before.status).toBe('interrupted');
    expect(before.nodes.map((n) => [n.nodeId, n.state])).toEqual([
      ['prompt', 'done'],
      ['t2i', 'interrupted'],
      ['out', 'interrupted'],
    ]);

    await settled(kit, runId);
    const record = await kit.call('history.get', { runId });
    expect(record).toMatchObject({
      status: 'succeeded',
      workflowName: 'lighthouse',
      workflowPath: wf,
    });
    expect(record.finishedAt).toBeGreaterThanOrEqual(before.finishedAt!);
    const t2i = record.nodes.find((n) => n.nodeId === 't2i')!;
    expect(t2i).toMatchObject({
      state: 'done',
      provider: 'runcomfy',
      requestId,
      message: COLLECTED_AFTER_RESTART,
    });
    expect(t2i.images).toHaveLength(1);
    expect(t2i.durationMs).toBeGreaterThan(0);
    expect(t2i.params).toMatchObject({ prompt: 'a lighthouse at dusk', output_format: 'png' });
    const out = record.nodes.find((n) => n.nodeId === 'out')!;
    expect(out).toMatchObject({ state: 'done', images: t2i.images });
    expect(record.images).toEqual(t2i.images);
    expect(record.actualUsd).toBe(t2i.costUsd ?? 0);
    expect(
      (await kit.call('history.list', {})).runs.map((r) => [r.runId, r.status, r.images.length]),
    ).toEqual([[runId, 'succeeded', 1]]);

    // An open history panel hears that the record changed.
    expect(changed).toContainEqual({ runIds: [runId] });
    expect(emu.stats().runcomfy.submissions).toBe(1);
    expect(await journalEntries(kit.dataDir)).toEqual([]);
    // The image is in the store: the run can be exported.
    expect((await kit.call('history.export', { runId })).files).toHaveLength(1);
  });

  it('a job that failed at the provider fails its node and the run; what waited for it is skipped', async () => {
    kit = await startHostKit({ emulator: true });
    const emu = kit.emu!;
    emu.configure({
      latency: { queueMs: 10, runMs: 600 },
      faults: [{ route: 'submit', fault: { kind: 'job-fails', message: 'content policy' } }],
    });
    const wf = path.join(kit.workspaceDir, 'policy.nodeloom');
    await writeFile(wf, '{}');
    const { runId, requestId } = await restartDuringRun(kit, wf);

    await settled(kit, runId);
    const record = await kit.call('history.get', { runId });
    expect(record.status).toBe('failed');
    const t2i = record.nodes.find((n) => n.nodeId === 't2i')!;
    expect(t2i).toMatchObject({ state: 'failed', requestId, images: [] });
    expect(t2i.message).toMatch(/content policy.*after a restart/);
    expect(record.nodes.find((n) => n.nodeId === 'out')).toMatchObject({
      state: 'skipped',
      message: 'skipped: "Harbour at dusk" did not finish',
    });
    expect(emu.stats().runcomfy.submissions).toBe(1);
  });
});
