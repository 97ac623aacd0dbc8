import type { GraphDocument, GraphNode } from '../../../shared/graph/document';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import { nodeName } from '../../../shared/nodes/nodeName';
import type { NodeCategory, PortType } from '../../../shared/nodes/spec';
import type { NodeSize } from '../../store/types';
import { estimateGeometry } from '../geometry';
import { NODE_WIDTH } from '../placement';

/**
 * The overview's picture of the graph store (pure, no DOM): one box per node at its
 * document position, with the size React Flow measured (else the node's own size,
 * else canvas.css's estimate, geometry.ts) and its ports where the DOM node has its
 * handles. The canvas layer draws these and hit-tests against them.
 */

export interface OverviewPort {
  id: string;
  type: PortType;
  /** Centre, relative to the box's top-left corner (flow px). */
  dx: number;
  dy: number;
}

export interface OverviewBox {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  title: string;
  /** Undefined: the node's type is not in the registry (drawn grey). */
  category: NodeCategory | undefined;
  inputs: readonly OverviewPort[];
  outputs: readonly OverviewPort[];
}

export interface OverviewWire {
  id: string;
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

export interface OverviewModel {
  boxes: readonly OverviewBox[];
  byId: ReadonlyMap<string, OverviewBox>;
  wires: readonly OverviewWire[];
}

/** The height of a node whose type is unknown (NodeView's missing-node card). */
const MISSING_HEIGHT = 120;

type Sizes = Readonly<Record<string, NodeSize>> | undefined;

const boxCache = new WeakMap<GraphNode, { box: OverviewBox; size: NodeSize | undefined }>();
const modelCache = new WeakMap<
  readonly GraphNode[],
  { edges: GraphDocument['edges']; measured: Sizes; registry: NodeRegistry; model: OverviewModel }
>();

/**
 * The model for a document; the same nodes, edges and sizes give the same object, and
 * a node that did not change keeps its box (a drag rebuilds only the moved ones).
 */
export function overviewModel(
  doc: Pick<GraphDocument, 'nodes' | 'edges'>,
  registry: NodeRegistry,
  measured?: Sizes,
): OverviewModel {
  const last = modelCache.get(doc.nodes);
  if (last && last.edges === doc.edges && last.measured === measured && last.registry === registry)
    return last.model;
  // A drag frame moves a few nodes: the others keep their boxes without a lookup.
  const prev = lastModel;
  const reuse =
    prev !== null &&
    prev.nodes.length === doc.nodes.length &&
    prev.measured === measured &&
    prev.registry === registry;
  const boxes = doc.nodes.map((n, i) =>
    reuse && prev.nodes[i] === n ? prev.model.boxes[i]! : boxOf(n, registry, measured?.[n.id]),
  );
  const wires = wiresOf(doc.edges);
  let byId: Map<string, OverviewBox> | null = null;
  const model: OverviewModel = {
    boxes,
    wires,
    // Built when first asked for (the overview's wires, its hit-tests), not on every drag frame.
    get byId() {
      return (byId ??= new Map(boxes.map((b) => [b.id, b])));
    },
  };
  modelCache.set(doc.nodes, { edges: doc.edges, measured, registry, model });
  lastModel = { nodes: doc.nodes, measured, registry, model };
  return model;
}

let lastModel: {
  nodes: readonly GraphNode[];
  measured: Sizes;
  registry: NodeRegistry;
  model: OverviewModel;
} | null = null;

const wireCache = new WeakMap<GraphDocument['edges'], OverviewWire[]>();

/** The wires of an edge list, once per list (a drag changes nodes, not edges). */
function wiresOf(edges: GraphDocument['edges']): OverviewWire[] {
  let wires = wireCache.get(edges);
  if (!wires) {
    wires = edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourcePort: e.sourceHandle,
      target: e.target,
      targetPort: e.targetHandle,
    }));
    wireCache.set(edges, wires);
  }
  return wires;
}

function boxOf(node: GraphNode, registry: NodeRegistry, size: NodeSize | undefined): OverviewBox {
  const hit = boxCache.get(node);
  if (hit && hit.size === size) return hit.box;
  const spec = registry.get(node.type);
  const geometry = spec ? estimateGeometry(spec) : undefined;
  const w = size?.width ?? node.size?.width ?? geometry?.width ?? NODE_WIDTH;
  const h = size?.height ?? node.size?.height ?? geometry?.height ?? MISSING_HEIGHT;
  const port = (id: string, type: PortType): OverviewPort => {
    const handle = geometry?.handles.find((x) => x.id === id);
    const out = handle?.type === 'source';
    return {
      id,
      type,
      // Outputs sit on the right edge of the measured width, as the DOM handles do.
      dx: handle ? (out ? w : handle.x + (handle.width ?? 0) / 2) : 0,
      dy: handle ? handle.y + (handle.height ?? 0) / 2 : h / 2,
    };
  };
  const box: OverviewBox = {
    id: node.id,
    x: node.position.x,
    y: node.position.y,
    w,
    h,
    title: nodeName(node, registry),
    category: spec?.category,
    inputs: spec?.inputs.map((p) => port(p.id, p.type)) ?? [],
    outputs: spec?.outputs.map((p) => port(p.id, p.type)) ?? [],
  };
  boxCache.set(node, { box, size });
  return box;
}

/** A viewport as React Flow has it: screen = flow * zoom + (x, y). */
export interface View {
  x: number;
  y: number;
  zoom: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The part of the flow plane a screen of `width x height` shows. */
export function visibleFlowRect(view: View, width: number, height: number): Rect {
  return {
    x: -view.x / view.zoom,
    y: -view.y / view.zoom,
    width: width / view.zoom,
    height: height / view.zoom,
  };
}

const overlaps = (b: OverviewBox, r: Rect): boolean =>
  b.x < r.x + r.width && b.x + b.w > r.x && b.y < r.y + r.height && b.y + b.h > r.y;

/** The boxes that overlap `rect` (flow px), in drawing order. */
export function cullBoxes(boxes: readonly OverviewBox[], rect: Rect): OverviewBox[] {
  const out: OverviewBox[] = [];
  for (const b of boxes) if (overlaps(b, rect)) out.push(b);
  return out;
}

/** Whether a wire's bounding box (its two ends, plus the curve's reach) meets `rect`. */
export function wireVisible(
  from: { x: number; y: number },
  to: { x: number; y: number },
  rect: Rect,
): boolean {
  const reach = Math.abs(to.x - from.x) / 2 + 40;
  const minX = Math.min(from.x, to.x) - reach;
  const maxX = Math.max(from.x, to.x) + reach;
  const minY = Math.min(from.y, to.y);
  const maxY = Math.max(from.y, to.y);
  return (
    minX < rect.x + rect.width && maxX > rect.x && minY < rect.y + rect.height && maxY > rect.y
  );
}

/** The topmost box under a flow point (the last drawn wins, as in the DOM). */
export function boxAt(boxes: readonly OverviewBox[], p: { x: number; y: number }) {
  for (let i = boxes.length - 1; i >= 0; i--) {
    const b = boxes[i]!;
    if (p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h) return b;
  }
  return undefined;
}

export interface PortHit {
  box: OverviewBox;
  port: OverviewPort;
  /** `source`: an output; `target`: an input (React Flow's handle types). */
  handleType: 'source' | 'target';
}

/**
 * The port nearest a flow point within `radius` flow px (the caller turns a screen
 * radius into flow px), looking at the boxes the point is in or next to.
 */
export function portAt(
  boxes: readonly OverviewBox[],
  p: { x: number; y: number },
  radius: number,
): PortHit | undefined {
  let best: PortHit | undefined;
  let bestD = radius * radius;
  for (let i = boxes.length - 1; i >= 0; i--) {
    const b = boxes[i]!;
    if (p.x < b.x - radius || p.x > b.x + b.w + radius || p.y < b.y || p.y > b.y + b.h) continue;
    for (const [ports, handleType] of [
      [b.inputs, 'target'],
      [b.outputs, 'source'],
    ] as const)
      for (const port of ports) {
        const dx = b.x + port.dx - p.x;
        const dy = b.y + port.dy - p.y;
        const d = dx * dx + dy * dy;
        if (d <= bestD) {
          bestD = d;
          best = { box: b, port, handleType };
        }
      }
  }
  return best;
}

/** The boxes a selection rectangle (flow px) touches, as React Flow's partial mode selects. */
export function boxesTouching(boxes: readonly OverviewBox[], rect: Rect): OverviewBox[] {
  const r = normalise(rect);
  return boxes.filter((b) => overlaps(b, r));
}

/** A rectangle with a positive width and height (a drag up or to the left has negative ones). */
export function normalise(r: Rect): Rect {
  return {
    x: Math.min(r.x, r.x + r.width),
    y: Math.min(r.y, r.y + r.height),
    width: Math.abs(r.width),
    height: Math.abs(r.height),
  };
}

/** The flow-space rectangle around every box (for fitting the view); null when empty. */
export function boundsOf(boxes: readonly OverviewBox[]): Rect | null {
  if (boxes.length === 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const b of boxes) {
    minX = Math.min(minX, b.x);
    minY = Math.min(minY, b.y);
    maxX = Math.max(maxX, b.x + b.w);
    maxY = Math.max(maxY, b.y + b.h);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}
