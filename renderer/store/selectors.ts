import { nodeName } from '../../shared/nodes/nodeName';
import type { Edge, Node } from '@xyflow/react';
import type { GraphDocument, GraphEdge, GraphNode } from '../../shared/graph/document';
import type { NodeId, NodeTypeId } from '../../shared/graph/ids';
import type { NodeRegistry } from '../../shared/nodes/registry';
import type { PortType } from '../../shared/nodes/spec';
import { nodeIndex } from './graphCommands';
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

/** Serialisable only: the view looks the spec up in the registry and the params in the store. */
export type FlowNodeData = { nodeId: NodeId; nodeType: NodeTypeId };
export type FlowNode = Node<FlowNodeData>;

/** `order`: 1-based place in a list input (absent for single inputs); `portType`: what flows. */
export type FlowEdgeData = { order?: number; portType?: PortType };
export type FlowEdge = Edge<FlowEdgeData>;

type IdList = readonly string[];
type Sizes = Readonly<Record<string, NodeSize>>;

interface NodeCache {
  flow: FlowNode;
  selected: boolean;
  size: NodeSize | undefined;
  type: string;
}
const nodeCache = new WeakMap<GraphNode, NodeCache>();
const nodesResult = new WeakMap<
  readonly GraphNode[],
  { selected: IdList; measured: Sizes | undefined; registry: NodeRegistry; result: FlowNode[] }
>();

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
  if (last?.selected === selectedIds && last.measured === measured && last.registry === registry) {
    return last.result;
  }
  const selected = new Set(selectedIds);
  const result = doc.nodes.map((n) => flowNode(n, selected.has(n.id), registry, measured?.[n.id]));
  nodesResult.set(doc.nodes, { selected: selectedIds, measured, registry, result });
  return result;
}

function flowNode(
  node: GraphNode,
  selected: boolean,
  registry: NodeRegistry,
  size: NodeSize | undefined,
): FlowNode {
  const type = registry.get(node.type) ? FLOW_NODE_TYPE : FLOW_MISSING_NODE_TYPE;
  const hit = nodeCache.get(node);
  if (hit && hit.selected === selected && hit.type === type && sameSize(hit.size, size)) {
    return hit.flow;
  }
  const flow: FlowNode = {
    id: node.id,
    type,
    position: node.position,
    data: { nodeId: node.id, nodeType: node.type },
    // Announced by its name, not as an unnamed group.
    ariaLabel: nodeName(node, registry),
    selected,
    ...(size ? { measured: { width: size.width, height: size.height } } : {}),
  };
  nodeCache.set(node, { flow, selected, size, type });
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
  { nodes: readonly GraphNode[]; selected: IdList; registry: NodeRegistry; result: FlowEdge[] }
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
    last?.nodes === doc.nodes &&
    last.selected === selectedEdgeIds &&
    last.registry === registry
  ) {
    return last.result;
  }
  const computed = projectEdges(doc, selectedEdgeIds, registry);
  const result =
    last && last.result.length === computed.length && computed.every((e, i) => e === last.result[i])
      ? last.result
      : computed;
  edgesResult.set(doc.edges, { nodes: doc.nodes, selected: selectedEdgeIds, registry, result });
  return result;
}

function projectEdges(
  doc: GraphDocument,
  selectedEdgeIds: IdList,
  registry: NodeRegistry,
): FlowEdge[] {
  const nodes = nodeIndex(doc.nodes);
  const selected = new Set(selectedEdgeIds);
  const counts = new Map<string, number>();
  return doc.edges.map((edge) => {
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
    const portType = output?.type ?? input?.type;
    return flowEdge(edge, selected.has(edge.id), order, portType);
  });
}

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
