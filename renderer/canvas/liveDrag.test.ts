import { describe, expect, it } from 'vitest';
import type { Position } from '../../shared/graph/document';
import { groupFlowId } from '../store/organise';
import { createLiveDrag, holdsLive, withPositions } from './liveDrag';

type N = { id: string; position: Position };

/**
 * React Flow as the live drag sees it: its node list (every setNodes recorded), the
 * frames drawn into its DOM, and its view (a new object after each pan).
 */
function flowTarget(nodes: N[], { canDraw = true } = {}) {
  const sets: N[][] = [];
  const drawn: Record<string, Position>[] = [];
  let view = { pan: 0 };
  return {
    sets,
    drawn,
    pan: () => void (view = { pan: view.pan + 1 }),
    getNodes: () => sets.at(-1) ?? nodes,
    setNodes: (next: N[]) => void sets.push(next),
    draw: (positions: Record<string, Position>) => canDraw && drawn.push(positions) > 0,
    view: () => view,
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

  it('draws each frame into the DOM and leaves the React Flow store alone until the drag ends', () => {
    const target = flowTarget(nodes());
    const live = createLiveDrag(target);
    expect(live.move({ a: { x: 10, y: 1 }, b: { x: 110, y: 1 } })).toBe(true);
    expect(live.move({ a: { x: 20, y: 2 }, b: { x: 120, y: 2 } })).toBe(true);
    expect(target.drawn).toEqual([
      { a: { x: 10, y: 1 }, b: { x: 110, y: 1 } },
      { a: { x: 20, y: 2 }, b: { x: 120, y: 2 } },
    ]);
    expect(target.sets).toHaveLength(0);
    expect(live.active).toBe(true);
    live.end({ a: { x: 25, y: 3 }, b: { x: 125, y: 3 } });
    expect(target.sets).toHaveLength(1);
    expect(target.getNodes().map((n) => n.position)).toEqual([
      { x: 25, y: 3 },
      { x: 125, y: 3 },
      { x: 200, y: 0 },
    ]);
    expect(live.active).toBe(false);
  });

  it('gives the React Flow store the positions when the view moved during the drag (it culls by them)', () => {
    const target = flowTarget(nodes());
    const live = createLiveDrag(target);
    live.move({ a: { x: 10, y: 0 } });
    target.pan();
    live.move({ a: { x: 20, y: 0 } });
    expect(target.sets).toHaveLength(1);
    expect(target.getNodes()[0]!.position).toEqual({ x: 20, y: 0 });
    // The view has not moved since: drawn again.
    live.move({ a: { x: 30, y: 0 } });
    expect(target.sets).toHaveLength(1);
    expect(target.drawn.at(-1)).toEqual({ a: { x: 30, y: 0 } });
  });

  it('updates the React Flow store on each frame when the frame cannot be drawn into the DOM', () => {
    const target = flowTarget(nodes(), { canDraw: false });
    const live = createLiveDrag(target);
    live.move({ c: { x: 210, y: 5 } });
    live.move({ c: { x: 220, y: 9 } });
    expect(target.sets).toHaveLength(2);
    expect(target.getNodes()[2]!.position).toEqual({ x: 220, y: 9 });
  });

  it('a drop where the drag began still brings the React Flow store back to it', () => {
    const target = flowTarget(nodes());
    const live = createLiveDrag(target);
    live.move({ a: { x: 40, y: 0 } });
    target.pan();
    live.move({ a: { x: 50, y: 0 } });
    live.end({ a: { x: 0, y: 0 } });
    expect(target.getNodes()[0]!.position).toEqual({ x: 0, y: 0 });
  });

  it('an end with no drag held (a keyboard move) touches nothing', () => {
    const target = flowTarget(nodes());
    createLiveDrag(target).end({ a: { x: 1, y: 1 } });
    expect(target.sets).toHaveLength(0);
  });

  it('leaves a group frame drag to the store: React Flow is not touched', () => {
    const target = flowTarget(nodes());
    const live = createLiveDrag(target);
    expect(live.move({ [groupFlowId('g1')]: { x: 5, y: 5 } })).toBe(false);
    expect(target.sets).toHaveLength(0);
    expect(target.drawn).toHaveLength(0);
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
    live.end({ b: { x: 150, y: 40 } });
    expect(live.active).toBe(false);
    expect(live.project(projection)).toBe(projection);
  });
});
