import { describe, expect, it } from 'vitest';
import type { Position } from '../../shared/graph/document';
import { groupFlowId } from '../store/organise';
import { createLiveDrag, holdsLive, withPositions } from './liveDrag';

type N = { id: string; position: Position };

/** React Flow's node list as the live drag sees it, with every setNodes recorded. */
function flowTarget(nodes: N[]) {
  const sets: N[][] = [];
  return {
    sets,
    getNodes: () => sets.at(-1) ?? nodes,
    setNodes: (next: N[]) => void sets.push(next),
  };
}

const nodes = (): N[] => [
  { id: 'a', position: { x: 0, y: 0 } },
  { id: 'b', position: { x: 100, y: 0 } },
  { id: 'c', position: { x: 200, y: 0 } },
];

describe('withPositions', () => {
  it('swaps in new objects for the moved nodes only and keeps the others', () => {
    const before = nodes();
    const after = withPositions(before, { b: { x: 5, y: 6 } });
    expect(after).not.toBe(before);
    expect(after[1]).toEqual({ id: 'b', position: { x: 5, y: 6 } });
    expect(after[0]).toBe(before[0]);
    expect(after[2]).toBe(before[2]);
  });

  it('gives the same array back when no position applies or changes', () => {
    const before = nodes();
    expect(withPositions(before, { z: { x: 1, y: 1 } })).toBe(before);
    expect(withPositions(before, { a: { x: 0, y: 0 } })).toBe(before);
  });
});

describe('live drag', () => {
  it('holds a drag of nodes, not one that moves a group frame', () => {
    expect(holdsLive({ a: { x: 1, y: 1 }, b: { x: 2, y: 2 } })).toBe(true);
    expect(holdsLive({ a: { x: 1, y: 1 }, [groupFlowId('g1')]: { x: 2, y: 2 } })).toBe(false);
  });

  it('moves the dragged nodes in React Flow on each frame', () => {
    const target = flowTarget(nodes());
    const live = createLiveDrag(target);
    expect(live.move({ a: { x: 10, y: 1 }, b: { x: 110, y: 1 } })).toBe(true);
    expect(live.move({ a: { x: 20, y: 2 }, b: { x: 120, y: 2 } })).toBe(true);
    expect(target.sets).toHaveLength(2);
    expect(target.getNodes().map((n) => n.position)).toEqual([
      { x: 20, y: 2 },
      { x: 120, y: 2 },
      { x: 200, y: 0 },
    ]);
    expect(live.active).toBe(true);
  });

  it('leaves a group frame drag to the store: React Flow is not touched', () => {
    const target = flowTarget(nodes());
    const live = createLiveDrag(target);
    expect(live.move({ [groupFlowId('g1')]: { x: 5, y: 5 } })).toBe(false);
    expect(target.sets).toHaveLength(0);
    expect(live.active).toBe(false);
  });

  it('puts the held positions on a projection the canvas renders mid-drag, until the drag ends', () => {
    const live = createLiveDrag(flowTarget(nodes()));
    const projection = nodes();
    expect(live.project(projection)).toBe(projection);
    live.move({ b: { x: 150, y: 40 } });
    const shown = live.project(projection);
    expect(shown[1]!.position).toEqual({ x: 150, y: 40 });
    expect(shown[0]).toBe(projection[0]);
    // The same projection and positions: the same array (React Flow is not handed a new prop).
    expect(live.project(projection)).toBe(shown);
    live.end();
    expect(live.active).toBe(false);
    expect(live.project(projection)).toBe(projection);
  });
});
