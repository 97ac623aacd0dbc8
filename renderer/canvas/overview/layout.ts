import type { GraphDocument, GraphNode, NodeColor, NodeMode } from '../../../shared/graph/document';
import { collapsedMembers } from '../../../shared/graph/groups';
import { NOTE_NODE, REROUTE_NODE } from '../../../shared/nodes/builtins';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import { nodeName } from '../../../shared/nodes/nodeName';
import type { NodeCategory, PortType } from '../../../shared/nodes/spec';
import type { NodeSize } from '../../store/types';
import { estimateGeometry } from '../geometry';
import { groupsOf, rerouteToBars } from './groupModel';
import type { OverviewGroup } from './groupModel';
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
  /** Built-in layout nodes are drawn as the DOM draws them: a dot, a card (absent: a node). */
  kind?: 'reroute' | 'note';
  mode?: NodeMode;
  color?: NodeColor;
  /** A note's first line of text, Markdown marks dropped ('' when empty). */
  note?: string;
}

export type { OverviewGroup };

export interface OverviewWire {
  id: string;
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
  /** The collapsed group whose bar stands in for a hidden source (or target) node. */
  sourceGroup?: string;
  targetGroup?: string;
}

export interface OverviewModel {
  /** One box per node, in document order (culling.ts pairs them with the flow nodes by index). */
  boxes: readonly OverviewBox[];
  /** The boxes drawn and hit-tested: `boxes` less the members of collapsed groups. */
  drawn: readonly OverviewBox[];
  /** The drawn boxes by id. */
  byId: ReadonlyMap<string, OverviewBox>;
  wires: readonly OverviewWire[];
  /** Back to front, drawn behind the nodes. */
  groups: readonly OverviewGroup[];
  groupById: ReadonlyMap<string, OverviewGroup>;
}

/** A reroute's dot, across (organise.css `.nl-reroute`). */
export const REROUTE_SIZE = 20;
/** The height of a node whose type is unknown (NodeView's missing-node card). */
const MISSING_HEIGHT = 120;

type Sizes = Readonly<Record<string, NodeSize>> | undefined;

const boxCache = new WeakMap<GraphNode, { box: OverviewBox; size: NodeSize | undefined }>();
const modelCache = new WeakMap<
  readonly GraphNode[],
  {
    edges: GraphDocument['edges'];
    groups: GraphDocument['groups'];
    measured: Sizes;
    registry: NodeRegistry;
    model: OverviewModel;
  }
>();

/**
 * The model for a document; the same nodes, edges and sizes give the same object, and
 * a node that did not change keeps its box (a drag rebuilds only the moved ones).
 */
export function overviewModel(
  doc: Pick<GraphDocument, 'nodes' | 'edges' | 'groups'>,
  registry: NodeRegistry,
  measured?: Sizes,
): OverviewModel {
  const last = modelCache.get(doc.nodes);
  if (
    last &&
    last.edges === doc.edges &&
    last.groups === doc.groups &&
    last.measured === measured &&
    last.registry === registry
  )
    return last.model;
  // A drag frame moves a few nodes: the others keep their boxes without a lookup.
  const prev = lastModel;
  const reuse =
    prev !== null &&
    prev.nodes.length === doc.nodes.length &&
    prev.measured === measured &&
    prev.registry === registry;
  const all = doc.nodes.map((n, i) =>
    reuse && prev.nodes[i] === n ? prev.all[i]! : boxOf(n, registry, measured?.[n.id]),
  );
  const groups = groupsOf(doc.groups);
  // The one membership rule (shared/graph/groups.ts), as the DOM view's selectors use it.
  const hidden = groups.some((g) => g.collapsed) ? collapsedMembers(doc) : EMPTY_HIDDEN;
  const drawn = hidden.size ? all.filter((b) => !hidden.has(b.id)) : all;
  const wires = hidden.size ? rerouteToBars(wiresOf(doc.edges), hidden) : wiresOf(doc.edges);
  let byId: Map<string, OverviewBox> | null = null;
  let groupById: Map<string, OverviewGroup> | null = null;
  const model: OverviewModel = {
    boxes: all,
    drawn,
    wires,
    groups,
    // Built when first asked for (the overview's wires, its hit-tests), not on every drag frame.
    get byId() {
      return (byId ??= new Map(drawn.map((b) => [b.id, b])));
    },
    get groupById() {
      return (groupById ??= new Map(groups.map((g) => [g.id, g])));
    },
  };
  modelCache.set(doc.nodes, { edges: doc.edges, groups: doc.groups, measured, registry, model });
  lastModel = { nodes: doc.nodes, all, measured, registry, model };
  return model;
}

let lastModel: {
  nodes: readonly GraphNode[];
  /** One box per node, in document order, hidden ones included. */
  all: readonly OverviewBox[];
  measured: Sizes;
  registry: NodeRegistry;
  model: OverviewModel;
} | null = null;

const EMPTY_HIDDEN: ReadonlyMap<string, string> = new Map();

/** A note's first non-empty line without its Markdown marks (#, -, *, >, backticks). */
export function noteFirstLine(text: unknown): string {
  if (typeof text !== 'string') return '';
  for (const raw of text.split('\n', 20)) {
    const line = raw
      .replace(/^\s*(#{1,6}\s+|[-*+>]\s+|\d+\.\s+)?/, '')
      .replace(/[*_`]/g, '')
      .trim();
    if (line) return line;
  }
  return '';
}

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
  const reroute = node.type === REROUTE_NODE;
  // A reroute is its 20 px dot (organise.css), whatever a generic node would measure.
  const w = reroute
    ? REROUTE_SIZE
    : (size?.width ?? node.size?.width ?? geometry?.width ?? NODE_WIDTH);
  const h = reroute
    ? REROUTE_SIZE
    : (size?.height ?? node.size?.height ?? geometry?.height ?? MISSING_HEIGHT);
  const port = (id: string, type: PortType): OverviewPort => {
    // Wires meet a reroute's dot at its centre.
    if (reroute) return { id, type, dx: w / 2, dy: h / 2 };
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
    ...(node.type === REROUTE_NODE ? { kind: 'reroute' as const } : {}),
    ...(node.type === NOTE_NODE ? { kind: 'note' as const } : {}),
    ...(node.mode ? { mode: node.mode } : {}),
    ...(node.color ? { color: node.color } : {}),
    ...(node.type === NOTE_NODE ? { note: noteFirstLine(node.params.text) } : {}),
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

type Extent = Pick<OverviewBox, 'x' | 'y' | 'w' | 'h'>;

/** The flow-space rectangle around every box and group (for fitting the view); null when empty. */
export function boundsOf(boxes: readonly Extent[], groups: readonly Extent[] = []): Rect | null {
  if (boxes.length === 0 && groups.length === 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const list of [boxes, groups])
    for (const b of list) {
      minX = Math.min(minX, b.x);
      minY = Math.min(minY, b.y);
      maxX = Math.max(maxX, b.x + b.w);
      maxY = Math.max(maxY, b.y + b.h);
    }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

const labelCache = new WeakMap<OverviewModel, string>();
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What the overview shows, in words (its aria-label): nodes, groups and nodes set aside. */
export function overviewLabel(m: OverviewModel): string {
  let label = labelCache.get(m);
  if (label) return label;
  let bypassed = 0;
  let muted = 0;
  for (const b of m.drawn)
    if (b.mode === 'bypass') bypassed++;
    else if (b.mode === 'mute') muted++;
  const collapsed = m.groups.filter((g) => g.collapsed).length;
  const parts = [
    count(m.drawn.length, 'node'),
    ...(m.groups.length
      ? [count(m.groups.length, 'group') + (collapsed ? ` (${collapsed} collapsed)` : '')]
      : []),
    ...(bypassed ? [`${bypassed} bypassed`] : []),
    ...(muted ? [`${muted} muted`] : []),
  ];
  label = `Overview of the graph: ${parts.join(', ')}, zoom in to edit them`;
  labelCache.set(m, label);
  return label;
}
