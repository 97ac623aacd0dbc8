import type { FlowEdge, FlowNode } from '../store/selectors';
import type { OverviewBox, Rect, View } from './overview/layout';

/**
 * Which nodes React Flow holds at all. Its own virtualisation (onlyRenderVisibleElements)
 * mounts only what is on screen but still walks every node and edge it holds on every
 * pan frame; at 5,000 nodes that walk is most of the frame. So React Flow is given the
 * nodes in a window around the view (the view plus a screen on each side), the
 * selected ones (a drag moves them all) and the far ends of wires leaving the window
 * (so those wires are drawn); the window moves only when the view nears its edge.
 */

/** The window for a view of `width x height` screen px: one screen of margin on each side. */
export function cullWindow(view: View, width: number, height: number): Rect {
  const w = width / view.zoom;
  const h = height / view.zoom;
  return { x: -view.x / view.zoom - w, y: -view.y / view.zoom - h, width: 3 * w, height: 3 * h };
}

/**
 * Whether the window `area` still serves the view: the view, grown by half a screen each way, is
 * inside it (so a pan has half a screen of nodes ready before it reaches an edge).
 */
export function windowCovers(area: Rect, view: View, width: number, height: number): boolean {
  const w = width / view.zoom;
  const h = height / view.zoom;
  const x = -view.x / view.zoom - w / 2;
  const y = -view.y / view.zoom - h / 2;
  return (
    x >= area.x &&
    y >= area.y &&
    x + 2 * w <= area.x + area.width &&
    y + 2 * h <= area.y + area.height
  );
}

const inside = (b: OverviewBox, r: Rect): boolean =>
  b.x < r.x + r.width && b.x + b.w > r.x && b.y < r.y + r.height && b.y + b.h > r.y;

let last: {
  nodes: FlowNode[];
  edges: FlowEdge[];
  area: Rect;
  /** The ids kept for themselves (in the window or selected), before the wires' far ends. */
  keep: ReadonlySet<string>;
  result: { nodes: FlowNode[]; edges: FlowEdge[] };
} | null = null;

const keepsItself = (n: FlowNode, box: OverviewBox | undefined, area: Rect): boolean =>
  // `boxes` is the overview model's, in document order as the flow nodes are.
  n.selected || box?.id !== n.id || inside(box, area);

/**
 * The nodes and edges React Flow gets for the window `area` (null: all of them). `boxes[i]` is `nodes[i]`'s place
 * (the overview model: measured or estimated sizes). Same inputs, same arrays.
 */
export function cullFlow(
  nodes: FlowNode[],
  edges: FlowEdge[],
  boxes: readonly OverviewBox[],
  area: Rect | null,
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  if (!area) return { nodes, edges };
  if (last && last.nodes === nodes && last.edges === edges && last.area === area)
    return last.result;
  const moved = last ? movedInPlace(last, nodes, edges, boxes, area) : null;
  if (moved) return moved;
  const keep = new Set<string>();
  nodes.forEach((n, i) => {
    if (keepsItself(n, boxes[i], area)) keep.add(n.id);
  });
  const keptEdges: FlowEdge[] = [];
  const ends = new Set<string>();
  for (const e of edges) {
    const s = keep.has(e.source);
    const t = keep.has(e.target);
    if (!s && !t) continue;
    keptEdges.push(e);
    if (!s) ends.add(e.source);
    if (!t) ends.add(e.target);
  }
  const keptNodes = nodes.filter((n) => keep.has(n.id) || ends.has(n.id));
  const result = {
    nodes: keptNodes.length === nodes.length ? nodes : keptNodes,
    edges: keptEdges.length === edges.length ? edges : keptEdges,
  };
  // Same kept lists as last time (a pan within the window, a param edit elsewhere): the same arrays.
  if (last && sameItems(last.result.nodes, result.nodes)) result.nodes = last.result.nodes;
  if (last && sameItems(last.result.edges, result.edges)) result.edges = last.result.edges;
  last = { nodes, edges, area, keep, result };
  return result;
}

/**
 * A drag frame: the same window and wires, the same nodes in the same order, a few of
 * them new objects (moved) that are kept or left out as before. Then the kept lists are
 * the last ones with those objects swapped in, found without walking every wire again
 * (at 2,000 nodes the full walk was the largest part of a drag frame's render).
 * Null when anything else changed.
 */
function movedInPlace(
  prev: NonNullable<typeof last>,
  nodes: FlowNode[],
  edges: FlowEdge[],
  boxes: readonly OverviewBox[],
  area: Rect,
): { nodes: FlowNode[]; edges: FlowEdge[] } | null {
  if (prev.edges !== edges || prev.area !== area || prev.nodes.length !== nodes.length) return null;
  let swapped: Map<string, FlowNode> | null = null;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const was = prev.nodes[i]!;
    if (n === was) continue;
    if (n.id !== was.id || keepsItself(n, boxes[i], area) !== prev.keep.has(n.id)) return null;
    (swapped ??= new Map()).set(n.id, n);
  }
  if (!swapped) return prev.result;
  const kept = prev.result.nodes;
  const result = {
    nodes: kept === prev.nodes ? nodes : kept.map((n) => swapped.get(n.id) ?? n),
    edges: prev.result.edges,
  };
  last = { ...prev, nodes, result };
  return result;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
