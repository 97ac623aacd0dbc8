import { describe, expect, it } from 'vitest';
import { nodeId } from '../../shared/graph/ids';
import type { RunEvent } from '../../shared/run/events';
import { createRunStore } from './runStore';
import { forgetSkipsWhenModesChange } from './skipsFollowModes';
import { harness } from './storeTestKit';

const n = nodeId;
const event = (e: Record<string, unknown>): RunEvent => ({ runId: 'r1', at: 1, ...e }) as RunEvent;

/** The sample graph after a run in which the edit n4 was muted: n4 and the preview n5 skipped. */
function afterMutedRun() {
  const h = harness();
  h.s.setSelection([n('n4')], []);
  h.s.toggleMode('mute');
  const run = createRunStore();
  forgetSkipsWhenModesChange(h.store, run);
  run.getState().started('r1');
  run.getState().apply(
    event({
      type: 'run-started',
      nodeIds: ['n1', 'n4', 'n5'].map(n),
      estimate: { knownUsd: 0, unknownNodes: [], perNode: {} },
    }),
  );
  run.getState().apply(event({ type: 'node', nodeId: n('n1'), state: 'done' }));
  for (const id of ['n4', 'n5'])
    run
      .getState()
      .apply(event({ type: 'node', nodeId: n(id), state: 'skipped', message: 'muted' }));
  run.getState().apply(
    event({
      type: 'run-finished',
      status: 'succeeded',
      counts: {},
      actualUsd: 0,
      jobCount: 0,
      jobsWithoutCost: 0,
      durationMs: 5,
    }),
  );
  return { h, run };
}

describe('forgetSkipsWhenModesChange', () => {
  it('unmuting the node forgets the skips it caused; the done node keeps its state', () => {
    const { h, run } = afterMutedRun();
    expect(run.getState().nodes.n4?.state).toBe('skipped');
    h.s.toggleMode('mute');
    expect(run.getState().nodes.n4).toBeUndefined();
    expect(run.getState().nodes.n5).toBeUndefined();
    expect(run.getState().nodes.n1?.state).toBe('done');
  });

  it('an undo of the unmute is a mode change too; moving a node is not', () => {
    const { h, run } = afterMutedRun();
    h.s.dispatch({ type: 'moveNodes', positions: { n4: { x: 500, y: 40 } } });
    expect(run.getState().nodes.n4?.state).toBe('skipped');
    h.s.undo();
    expect(run.getState().nodes.n4?.state).toBe('skipped');
    h.s.undo();
    expect(h.s.doc.nodes.find((x) => x.id === 'n4')!.mode).toBeUndefined();
    expect(run.getState().nodes.n4).toBeUndefined();
  });
});
