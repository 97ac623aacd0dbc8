import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeEvent, RunEvent } from '../../../shared/run/events';
import { MODELS, testGraph } from '../../../shared/testing/testGraph';
import type { FaultRule } from '../../emulator/types';
import { startHostKit } from './testKit';
import type { HostKit } from './testKit';

/**
 * One app session (one host service, one engine) runs the graph again: the engine's
 * view of outstanding jobs is the journal's for the life of the process.
 */

let kit: HostKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const graph = () => {
  const g = testGraph();
  g.model(MODELS.proTextToImage, { prompt: 'a kite', aspect_ratio: '1:1' }, { id: 'm' });
  return g.doc();
};

/** run.start, then the node's last event once the run has finished. */
async function runOnce(k: HostKit, extra: Record<string, unknown> = {}): Promise<NodeEvent> {
  const events: RunEvent[] = [];
  const off = k.host.subscribe((name, payload) => {
    if (name === 'run.event') events.push(payload as RunEvent);
  });
  try {
    const wf = path.join(k.workspaceDir, 'kite.nodeloom');
    await writeFile(wf, '{}');
    const res = await k.call('run.start', { graph: graph(), workflowPath: wf, ...extra });
    if (!res.ok) throw new Error(res.message);
    await expect
      .poll(() => events.some((e) => e.type === 'run-finished' && e.runId === res.runId), {
        timeout: 10_000,
      })
      .toBe(true);
    return events.filter((e): e is NodeEvent => e.type === 'node' && e.nodeId === 'm').at(-1)!;
  } finally {
    off();
  }
}

async function start(faults: FaultRule[], latency = { queueMs: 10, runMs: 40 }) {
  kit = await startHostKit({ emulator: true });
  kit.emu!.configure({ faults, latency });
  return kit;
}

describe('the same app session runs again', () => {
  it('a node held after a cut-off submit stays held on the next run.start; run.start with resend sends it once', async () => {
    const k = await start([{ route: 'submit', times: 1, fault: { kind: 'reset-after-accept' } }]);
    expect((await runOnce(k)).state).toBe('held');
    const again = await runOnce(k);
    expect(again.state).toBe('held');
    expect(again.sentAt).toEqual(expect.any(Number));
    expect(k.emu!.stats().total.submissions).toBe(1);

    expect((await runOnce(k, { resend: ['m'] })).state).toBe('done');
    expect(k.emu!.stats().total.submissions).toBe(2);
  });

  it('a job whose status checks gave up is collected by the next run.start, not sent again', async () => {
    // The kit's engine gives up after 6 failed status checks in a row.
    const k = await start([{ route: 'status', times: 6, fault: { kind: 'http', status: 429 } }], {
      queueMs: 300,
      runMs: 40,
    });
    const first = await runOnce(k);
    expect(first.state).toBe('failed');
    const second = await runOnce(k);
    expect(second.state).toBe('done');
    expect(second.requestId).toBe(first.requestId);
    expect(k.emu!.stats().total.submissions).toBe(1);
  });
});
