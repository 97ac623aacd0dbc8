import type { Position } from '../../shared/graph/document';
import { groupIdOf } from '../store/organise';

/**
 * A node drag in progress, held by React Flow alone. Writing each frame's positions to
 * the graph store re-rendered the canvas and handed React Flow a new `nodes` prop for
 * every frame (most of a 2,000-node drag frame); instead each frame moves the dragged
 * nodes in React Flow's own store, which redraws them and the wires attached to them,
 * and the document gets the positions once, where the drag ends (one undo step).
 *
 * A drag that moves a group frame is not held here: the frame's members move with it
 * in the document (moveNodes), so that drag keeps writing the store each frame.
 */

/** The flow nodes a live drag moves: React Flow's store (`setNodes` as React Flow's own). */
export interface LiveDragTarget<N extends { id: string; position: Position }> {
  getNodes(): N[];
  setNodes(nodes: N[]): void;
}

export interface LiveDrag<N extends { id: string; position: Position }> {
  /**
   * One drag frame: moves the nodes in React Flow when none of them is a group frame
   * (true), else does nothing (false: the caller writes the store as before).
   */
  move(positions: Readonly<Record<string, Position>>): boolean;
  /** The drag is over (its end is in the document now): nothing is held any more. */
  end(): void;
  /** `nodes` (the document's projection) with the held positions: the same array when none apply. */
  project(nodes: N[]): N[];
  /** Whether a drag is held (for tests and the canvas). */
  readonly active: boolean;
}

/** Whether a drag frame can be held by React Flow alone: it moves no group frame. */
export const holdsLive = (positions: Readonly<Record<string, Position>>): boolean =>
  Object.keys(positions).every((id) => groupIdOf(id) === undefined);

/** `nodes` with the positions in `at` swapped in (new objects for those only); the same array when none apply. */
export function withPositions<N extends { id: string; position: Position }>(
  nodes: N[],
  at: Readonly<Record<string, Position>>,
): N[] {
  let out: N[] | null = null;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const p = at[n.id];
    if (!p || (p.x === n.position.x && p.y === n.position.y)) continue;
    out ??= nodes.slice();
    out[i] = { ...n, position: { x: p.x, y: p.y } };
  }
  return out ?? nodes;
}

export function createLiveDrag<N extends { id: string; position: Position }>(
  target: LiveDragTarget<N>,
): LiveDrag<N> {
  let held: Record<string, Position> | null = null;
  // project() runs on every canvas render: the same input and positions give the same array.
  let memo: { input: N[]; held: Record<string, Position>; output: N[] } | null = null;
  return {
    move(positions) {
      if (!holdsLive(positions)) return false;
      held = { ...held, ...positions };
      target.setNodes(withPositions(target.getNodes(), positions));
      return true;
    },
    end() {
      held = null;
      memo = null;
    },
    project(nodes) {
      if (!held) return nodes;
      if (memo?.input === nodes && memo.held === held) return memo.output;
      memo = { input: nodes, held, output: withPositions(nodes, held) };
      return memo.output;
    },
    get active() {
      return held !== null;
    },
  };
}
