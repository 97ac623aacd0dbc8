import type { CSSProperties } from 'react';
import { nodeName } from '../../shared/nodes/nodeName';
import type { Edge, Node } from '@xyflow/react';
import type { GraphDocument, GraphEdge, GraphGroup, GraphNode } from '../../shared/graph/document';
import { GROUP_TITLE_HEIGHT, collapsedMembers } from '../../shared/graph/groups';
import { NOTE_NODE, REROUTE_NODE } from '../../shared/nodes/builtins';
import { resolvedOutputType } from '../../shared/nodes/reroute';
import type { NodeId, NodeTypeId } from '../../shared/graph/ids';
import type { NodeRegistry } from '../../shared/nodes/registry';
import type { PortType } from '../../shared/nodes/spec';
import { nodeIndex } from './nodeIndex';
import { groupFlowId } from './organise';
import type { GraphState, NodeSize } from './types';

/**
 * React Flow's nodes and edges as a projection of the document. Each flow object is
 * cached against the document object it came from, so after an edit only the changed
 * nodes get new objects and React Flow (and the memoised node views) skip the rest:
 * that is what keeps a 2,000-node canvas fast.
 */

/** React Flow node types: register views under these names in `nodeTypes`. */
export const FLOW_NODE_TYPE = 'graph';
/** A node whose type the registry does not know (a model removed from the catalog). */
export const FLOW_MISSING_NODE_TYPE = 'missing';
/** React Flow edge type: register it in `edgeTypes` to draw order labels and port colours. */
export const FLOW_EDGE_TYPE = 'graph';

/** Layout nodes with views of their own: a reroute dot and a Markdown note. */
export const FLOW_REROUTE_TYPE = 'reroute';
export const FLOW_NOTE_TYPE = 'note';
/** A group (frame): drawn behind the nodes. */
export const FLOW_GROUP_TYPE = 'nl-group';

/** Serialisable only: the view looks the spec up in the registry and the params in the store. */
export type FlowNodeData = { nodeId: NodeId; nodeType: NodeTypeId };
export type GraphFlowNode = Node<FlowNodeData>;
/** The view looks the group up in the document by id. */
export type GroupFlowData = { groupId: string };
export type GroupFlowNode = Node<GroupFlowData>;
export type FlowNode = GraphFlowNode | GroupFlowNode;

export const isGroupFlowNode = (node: FlowNode): node is GroupFlowNode => 'groupId' in node.data;

/** `order`: 1-based place in a list input (absent for single inputs); `portType`: what flows. */
export type FlowEdgeData = { order?: number; portType?: PortType };
export type FlowEdge = Edge<FlowEdgeData>;

type IdList = readonly string[];
type Sizes = Readonly<Record<string, NodeSize>>;

interface NodeCache {
  flow: GraphFlowNode;
  selected: boolean;
  size: NodeSize | undefined;
  type: string;
  hidden: boolean;
}
const nodeCache = new WeakMap<GraphNode, NodeCache>();
const nodesResult = new WeakMap<
  readonly GraphNode[],
  {
    selected: IdList;
    measured: Sizes | undefined;
    registry: NodeRegistry;
    groups: GraphDocument['groups'];
    result: FlowNode[];
  }
>();
const groupCache = new WeakMap<GraphGroup, GroupFlowNode>();

/**
 * `measured` (the store's `measured`) goes onto each node: React Flow hides and
 * re-measures a node object that comes without it. Called again with the same nodes
 * array, selection and sizes (a pan, which only changes the viewport) it returns the
 * same array.
 */
export function toFlowNodes(
  doc: GraphDocument,
  selectedIds: IdList,
  registry: NodeRegistry,
  measured?: Sizes,
): FlowNode[] {
  const last = nodesResult.get(doc.nodes);
  if (
    last?.selected === selectedIds &&
    last.measured === measured &&
    last.registry === registry &&
    last.groups === doc.groups
  ) {
    return last.result;
  }
  const selected = new Set(selectedIds);
  const hidden = collapsedMembers(doc);
  // A drag frame moves a few nodes of thousands: the unchanged ones keep their flow
  // nodes from the previous call without a cache lookup each.
  const prev = lastNodes;
  const reuse =
    prev !== null &&
    prev.nodes.length === doc.nodes.length &&
    prev.selected === selectedIds &&
    prev.measured === measured &&
    prev.registry === registry &&
    prev.groups === doc.groups;
  const nodes = doc.nodes.map((n, i) =>
    reuse && prev.nodes[i] === n
      ? prev.nodeResult[i]!
      : flowNode(n, selected.has(n.id), registry, measured?.[n.id], hidden.has(n.id)),
  );
  // Groups first: drawn behind every node.
  const result: FlowNode[] = [...(doc.groups ?? []).map(groupFlowNode), ...nodes];
  nodesResult.set(doc.nodes, {
    selected: selectedIds,
    measured,
    registry,
    groups: doc.groups,
    result,
  });
  lastNodes = {
    nodes: doc.nodes,
    selected: selectedIds,
    measured,
    registry,
    groups: doc.groups,
    nodeResult: nodes,
  };
  return result;
}

let lastNodes: {
  nodes: readonly GraphNode[];
  selected: IdList;
  measured: Sizes | undefined;
  registry: NodeRegistry;
  groups: GraphDocument['groups'];
  nodeResult: FlowNode[];
} | null = null;

function flowNodeType(node: GraphNode, registry: NodeRegistry): string {
  if (!registry.get(node.type)) return FLOW_MISSING_NODE_TYPE;
  if (node.type === REROUTE_NODE) return FLOW_REROUTE_TYPE;
  if (node.type === NOTE_NODE) return FLOW_NOTE_TYPE;
  return FLOW_NODE_TYPE;
}

function flowNode(
  node: GraphNode,
  selected: boolean,
  registry: NodeRegistry,
  size: NodeSize | undefined,
  hidden: boolean,
): GraphFlowNode {
  const type = flowNodeType(node, registry);
  const hit = nodeCache.get(node);
  if (
    hit &&
    hit.selected === selected &&
    hit.type === type &&
    hit.hidden === hidden &&
    sameSize(hit.size, size)
  ) {
    return hit.flow;
  }
  const flow: GraphFlowNode = {
    id: node.id,
    type,
    position: node.position,
    data: { nodeId: node.id, nodeType: node.type },
    // Announced by its name, not as an unnamed group.
    ariaLabel: nodeName(node, registry),
    selected,
    ...(hidden ? { hidden: true } : {}),
    ...(size ? { measured: { width: size.width, height: size.height } } : {}),
    // The user's colour: a CSS variable on React Flow's wrapper tints the header (canvas.css).
    ...(node.color
      ? {
          className: 'nl-colored',
          style: { '--nl-node-color': `var(--nl-color-${node.color})` } as CSSProperties,
        }
      : {}),
  };
  nodeCache.set(node, { flow, selected, size, type, hidden });
  return flow;
}

/**
 * A group as a React Flow node: behind the nodes, dragged by its title bar only (its
 * body lets clicks through to the canvas), never selected, as big as its rectangle
 * (or its title bar, collapsed).
 */
function groupFlowNode(group: GraphGroup): GroupFlowNode {
  const hit = groupCache.get(group);
  if (hit) return hit;
  const width = group.rect.width;
  const height = group.collapsed ? GROUP_TITLE_HEIGHT : group.rect.height;
  const flow: GroupFlowNode = {
    id: groupFlowId(group.id),
    type: FLOW_GROUP_TYPE,
    position: { x: group.rect.x, y: group.rect.y },
    data: { groupId: group.id },
    zIndex: -1,
    selectable: false,
    connectable: false,
    dragHandle: '.nl-group__drag',
    width,
    height,
    measured: { width, height },
    style: { width, height },
  };
  groupCache.set(group, flow);
  return flow;
}

const sameSize = (a: NodeSize | undefined, b: NodeSize | undefined): boolean =>
  a === b || (!!a && !!b && a.width === b.width && a.height === b.height);

interface EdgeCache {
  flow: FlowEdge;
  selected: boolean;
  order: number | undefined;
  portType: PortType | undefined;
}
const edgeCache = new WeakMap<GraphEdge, EdgeCache>();

const edgesResult = new WeakMap<
  readonly GraphEdge[],
  {
    nodes: readonly GraphNode[];
    groups: GraphDocument['groups'];
    selected: IdList;
    registry: NodeRegistry;
    result: FlowEdge[];
  }
>();

/**
 * Returns the previous array when no edge projection changed, so editing a param
 * (a new nodes array, same edges) does not hand React Flow a new edges array.
 */
export function toFlowEdges(
  doc: GraphDocument,
  selectedEdgeIds: IdList,
  registry: NodeRegistry,
): FlowEdge[] {
  const last = edgesResult.get(doc.edges);
  if (
    last &&
    last.groups === doc.groups &&
    // A collapsed group's members are found by where the nodes are.
    (last.nodes === doc.nodes || !doc.groups?.some((g) => g.collapsed)) &&
    last.selected === selectedEdgeIds &&
    last.registry === registry &&
    sameNodeTypes(last.nodes, doc.nodes)
  ) {
    // Moved nodes (a drag) change no edge: only node ids and types go into an edge.
    last.nodes = doc.nodes;
    return last.result;
  }
  const computed = projectEdges(doc, selectedEdgeIds, registry);
  const result =
    last && last.result.length === computed.length && computed.every((e, i) => e === last.result[i])
      ? last.result
      : computed;
  edgesResult.set(doc.edges, {
    nodes: doc.nodes,
    groups: doc.groups,
    selected: selectedEdgeIds,
    registry,
    result,
  });
  return result;
}

function sameNodeTypes(a: readonly GraphNode[], b: readonly GraphNode[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && (x.id !== y.id || x.type !== y.type)) return false;
  }
  return true;
}

function projectEdges(
  doc: GraphDocument,
  selectedEdgeIds: IdList,
  registry: NodeRegistry,
): FlowEdge[] {
  const nodes = nodeIndex(doc.nodes);
  const selected = new Set(selectedEdgeIds);
  const counts = new Map<string, number>();
  const hidden = collapsedMembers(doc);
  return doc.edges.flatMap((edge) => {
    const targetType = nodes.get(edge.target)?.type;
    const input = targetType
      ? registry.get(targetType)?.inputs.find((p) => p.id === edge.targetHandle)
      : undefined;
    let order: number | undefined;
    if (input?.multiple) {
      // Edges into one list input are ordered by their order in doc.edges.
      const key = `${edge.target}\u0000${edge.targetHandle}`;
      order = (counts.get(key) ?? 0) + 1;
      counts.set(key, order);
    }
    const sourceType = nodes.get(edge.source)?.type;
    const output = sourceType
      ? registry.get(sourceType)?.outputs.find((p) => p.id === edge.sourceHandle)
      : undefined;
    const portType =
      sourceType === REROUTE_NODE
        ? (resolvedOutputType(doc, registry, edge.source, edge.sourceHandle) ?? 'any')
        : (output?.type ?? input?.type);
    const flow = flowEdge(edge, selected.has(edge.id), order, portType);
    // A collapsed group stands in for its hidden nodes: their wires end at its bar.
    const from = hidden.get(edge.source);
    const to = hidden.get(edge.target);
    if (!from && !to) return [flow];
    if (from && from === to) return [];
    return [
      {
        ...flow,
        ...(from ? { source: groupFlowId(from), sourceHandle: GROUP_OUT_HANDLE } : {}),
        ...(to ? { target: groupFlowId(to), targetHandle: GROUP_IN_HANDLE } : {}),
      },
    ];
  });
}

/** The handles a collapsed group's bar gives the wires of its hidden nodes. */
export const GROUP_IN_HANDLE = 'group-in';
export const GROUP_OUT_HANDLE = 'group-out';

function flowEdge(
  edge: GraphEdge,
  selected: boolean,
  order: number | undefined,
  portType: PortType | undefined,
): FlowEdge {
  const hit = edgeCache.get(edge);
  if (hit && hit.selected === selected && hit.order === order && hit.portType === portType) {
    return hit.flow;
  }
  const data: FlowEdgeData = {};
  if (order !== undefined) data.order = order;
  if (portType !== undefined) data.portType = portType;
  const flow: FlowEdge = {
    id: edge.id,
    type: FLOW_EDGE_TYPE,
    source: edge.source,
    sourceHandle: edge.sourceHandle,
    target: edge.target,
    targetHandle: edge.targetHandle,
    selected,
    data,
  };
  edgeCache.set(edge, { flow, selected, order, portType });
  return flow;
}

/** A node by id in O(1) (the index is built once per nodes array): for per-node views. */
export const getNode = (doc: GraphDocument, id: string): GraphNode | undefined =>
  nodeIndex(doc.nodes).get(id);

const EMPTY: readonly GraphEdge[] = [];
const incoming = new WeakMap<readonly GraphEdge[], Map<string, GraphEdge[]>>();

/** The edges into a node, in list order; compare with `shallow` when selecting it. */
export function edgesInto(doc: GraphDocument, id: string): readonly GraphEdge[] {
  let index = incoming.get(doc.edges);
  if (!index) {
    index = new Map();
    for (const e of doc.edges) {
      const list = index.get(e.target);
      if (list) list.push(e);
      else index.set(e.target, [e]);
    }
    incoming.set(doc.edges, index);
  }
  return index.get(id) ?? EMPTY;
}

export const isDirty = (s: Pick<GraphState, 'revision' | 'savedRevision'>): boolean =>
  s.revision !== s.savedRevision;
export const canUndo = (s: Pick<GraphState, 'past'>): boolean => s.past.length > 0;
export const canRedo = (s: Pick<GraphState, 'future'>): boolean => s.future.length > 0;
