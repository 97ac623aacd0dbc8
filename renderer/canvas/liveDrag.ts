import type { Position } from '../../shared/graph/document';
import { groupIdOf } from '../store/organise';

/**
 * A node drag in progress, held by the canvas alone. Writing each frame's positions to
 * the graph store re-rendered the canvas and handed React Flow a new `nodes` prop for
 * every frame, and even moving the nodes in React Flow's store re-renders them and
 * their wires through React: at 2,000 nodes that was most of a drag frame. So a frame
 * is drawn straight into the DOM (the nodes and the wires attached to them,
 * dragDraw.ts). React Flow's store gets the positions at the drop, and on every frame
 * in which the view moved (an auto-pan: React Flow culls by the positions it holds)
 * or the DOM cannot be drawn alone (the MiniMap or a selection box shows: they draw
 * the store's positions, so they follow every frame). The document gets them once,
 * at the drop: one undo step.
 *
 * A drag that moves a group frame is not held here: the frame's members move with it
 * in the document (moveNodes), so that drag writes the store on every frame.
 */

type FlowItem = { id: string; position: Position };

/** What a live drag moves: React Flow's store and DOM. */
export interface LiveDragTarget<N extends FlowItem> {
  getNodes(): N[];
  /** React Flow's own update (re-renders the nodes and wires that changed). */
  setNodes(nodes: N[]): void;
  /** Draws one frame straight into the DOM; false when it cannot (then setNodes). */
  draw(positions: Readonly<Record<string, Position>>): boolean;
  /** The view (React Flow's transform): a new value after every pan or zoom. */
  view(): unknown;
}

export interface LiveDrag<N extends FlowItem> {
  /**
   * One drag frame: moves the nodes on the canvas when none of them is a group frame
   * (true), else does nothing (false: the caller writes the store as before).
   */
  move(positions: Readonly<Record<string, Position>>): boolean;
  /**
   * The drag ended at `positions` (the caller writes them to the document): React Flow's
   * store gets them too, even when the document does not change (a drop where it began).
   */
  end(positions: Readonly<Record<string, Position>>): void;
  /** `nodes` (the document's projection) with the held positions: the same array when none apply. */
  project(nodes: N[]): N[];
  readonly active: boolean;
}

/** Whether a drag frame can be held by the canvas alone: it moves no group frame. */
export const holdsLive = (positions: Readonly<Record<string, Position>>): boolean =>
  Object.keys(positions).every((id) => groupIdOf(id) === undefined);

/** `nodes` with the positions in `at` swapped in (new objects for those only); the same array when none apply. */
export function withPositions<N extends FlowItem>(
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

export function createLiveDrag<N extends FlowItem>(target: LiveDragTarget<N>): LiveDrag<N> {
  let held: Record<string, Position> | null = null;
  // The view when React Flow's store last got the drag's positions (or the drag began).
  let storedView: unknown = null;
  // project() runs on every canvas render: the same input and positions give the same array.
  let memo: { input: N[]; held: Record<string, Position>; output: N[] } | null = null;
  const store = (positions: Readonly<Record<string, Position>>) => {
    target.setNodes(withPositions(target.getNodes(), positions));
    storedView = target.view();
  };
  return {
    move(positions) {
      if (!holdsLive(positions)) return false;
      if (!held) storedView = target.view();
      held = { ...held, ...positions };
      if (target.view() !== storedView || !target.draw(positions)) store(held);
      return true;
    },
    end(positions) {
      if (!held) return;
      store({ ...held, ...positions });
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
