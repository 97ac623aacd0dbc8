import { setCombine, setLastTake, setSweep } from './expansionEdits';
import type {
  GraphDocument,
  GraphEdge,
  GraphNode,
  NodeColor,
  ParamValue,
} from '../../shared/graph/document';
import type { NodeRegistry } from '../../shared/nodes/registry';
import { canConnectInDocument, resolvedOutputType } from '../../shared/nodes/reroute';
import type { PortSpec } from '../../shared/nodes/spec';
import {
  addGroup,
  cleanTitle,
  insertReroute,
  removeGroup,
  setMode,
  updateGroup,
  withGroupMoves,
} from './organise';
import type { GraphCommand } from './types';
import { nodeIndex } from './nodeIndex';

/**
 * Each command applied purely to a document. A command that changes nothing (or is
 * refused) returns the very same document, which the store takes as "no edit": no
 * history step, no unsaved marker. Unchanged nodes, edges and arrays keep their
 * identity so memoised views of them do not re-render.
 */

/** The ends of a connection, as React Flow's `Connection` has them. */
export interface ConnectionEnds {
  source: string;
  sourceHandle: string | null;
  target: string;
  targetHandle: string | null;
}

/** The input port a connection ends at, or why it may not be made (for `isValidConnection`). */
export function checkConnection(
  doc: GraphDocument,
  registry: NodeRegistry,
  c: ConnectionEnds,
): { ok: true; input: PortSpec } | { ok: false; reason: string } {
  if (c.source === c.target) return { ok: false, reason: 'a node can not feed itself' };
  const index = nodeIndex(doc.nodes);
  const source = index.get(c.source);
  const target = index.get(c.target);
  if (!source || !target) return { ok: false, reason: 'no such node' };
  const out = registry.get(source.type)?.outputs.find((p) => p.id === c.sourceHandle);
  const input = registry.get(target.type)?.inputs.find((p) => p.id === c.targetHandle);
  if (!out || !input) return { ok: false, reason: 'no such port' };
  // Through a reroute, a wire carries what feeds it; into one, it must suit where it leads.
  const carried = resolvedOutputType(doc, registry, c.source, c.sourceHandle) ?? out.type;
  if (!canConnectInDocument(doc, registry, carried, c, input.type))
    return { ok: false, reason: `${input.label} takes ${input.type}, not ${carried}` };
  if (reaches(doc.edges, c.target, c.source))
    return { ok: false, reason: 'the connection would make a cycle' };
  return { ok: true, input };
}

/** Whether `to` can be reached from `from` along edges (a new edge to->from would close a cycle). */
function reaches(edges: readonly GraphEdge[], from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.source);
    if (list) list.push(e.target);
    else next.set(e.source, [e.target]);
  }
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === to) return true;
    for (const t of next.get(id) ?? []) {
      if (!seen.has(t)) {
        seen.add(t);
        stack.push(t);
      }
    }
  }
  return false;
}

export function applyCommand(
  doc: GraphDocument,
  command: GraphCommand,
  registry: NodeRegistry,
): GraphDocument {
  switch (command.type) {
    case 'addNodes':
      return (command.groups ?? []).reduce(
        addGroup,
        addNodes(doc, command.nodes, command.edges ?? []),
      );
    case 'removeElements':
      return removeElements(doc, command.nodeIds, command.edgeIds);
    case 'moveNodes':
      return moveNodes(doc, command.positions);
    case 'connect':
      return connect(doc, command.edge, registry);
    case 'setParam':
      return setParam(doc, command.nodeId, command.key, command.value);
    case 'setParams':
      return command.changes.reduce(
        (d, c) =>
          c.componentId === undefined
            ? setParam(d, c.nodeId, c.key, c.value)
            : setComponentParam(d, c.componentId, c.nodeId, c.key, c.value),
        doc,
      );
    case 'reorderInputs':
      return reorderInputs(doc, command.nodeId, command.handle, command.edgeIds);
    case 'setPin':
      return setPin(doc, command.nodeId, command.pin);
    case 'resizeNode':
      return resizeNode(doc, command.nodeId, command.size);
    case 'setTitle':
      return setTitle(doc, command.nodeId, command.title);
    case 'setSweep':
      return setSweep(doc, command.nodeId, command.sweep);
    case 'setLastTake':
      return setLastTake(doc, command.nodeId, command.take);
    case 'setCombine':
      return setCombine(doc, command.combine);
    case 'setMode':
      return setMode(doc, command.nodeIds, command.mode);
    case 'addGroup':
      return addGroup(doc, command.group);
    case 'updateGroup':
      return updateGroup(doc, command.groupId, command.changes);
    case 'removeGroup':
      return removeGroup(doc, command.groupId);
    case 'insertReroute':
      return insertReroute(doc, command);
    case 'setColor':
      return setColor(doc, command.nodeIds, command.color);
  }
}

/** Nodes with a taken id are skipped; edges whose ends are missing would dangle, so they are too. */
function addNodes(doc: GraphDocument, nodes: GraphNode[], edges: GraphEdge[]): GraphDocument {
  const ids = new Set(doc.nodes.map((n) => n.id));
  const added = nodes.filter((n) => !ids.has(n.id) && ids.add(n.id));
  const edgeIds = new Set(doc.edges.map((e) => e.id));
  const wired = edges.filter(
    (e) => ids.has(e.source) && ids.has(e.target) && !edgeIds.has(e.id) && edgeIds.add(e.id),
  );
  if (added.length === 0 && wired.length === 0) return doc;
  return {
    ...doc,
    nodes: added.length > 0 ? [...doc.nodes, ...added] : doc.nodes,
    edges: wired.length > 0 ? [...doc.edges, ...wired] : doc.edges,
  };
}

function removeElements(
  doc: GraphDocument,
  nodeIds: readonly string[],
  edgeIds: readonly string[],
): GraphDocument {
  const gone = new Set(nodeIds);
  const cut = new Set(edgeIds);
  const nodes = doc.nodes.filter((n) => !gone.has(n.id));
  const edges = doc.edges.filter(
    (e) => !cut.has(e.id) && !gone.has(e.source) && !gone.has(e.target),
  );
  if (nodes.length === doc.nodes.length && edges.length === doc.edges.length) return doc;
  return {
    ...doc,
    nodes: nodes.length === doc.nodes.length ? doc.nodes : nodes,
    edges: edges.length === doc.edges.length ? doc.edges : edges,
  };
}

/**
 * Moves nodes, and groups keyed by `groupFlowId(id)`: a group's nodes move with it
 * (unless moved themselves), found in `from` (the document when a drag began, so a
 * frame dragged over a node does not pick it up on the way).
 */
export function moveNodes(
  doc: GraphDocument,
  requested: Readonly<Record<string, { x: number; y: number }>>,
  from: GraphDocument = doc,
): GraphDocument {
  const { positions, groups } = withGroupMoves(doc, requested, from);
  let changed = groups !== doc.groups;
  const nodes = doc.nodes.map((n) => {
    const p = positions[n.id];
    if (!p || !Number.isFinite(p.x) || !Number.isFinite(p.y)) return n;
    if (p.x === n.position.x && p.y === n.position.y) return n;
    changed = true;
    return { ...n, position: { x: p.x, y: p.y } };
  });
  if (!changed) return doc;
  return { ...doc, nodes, ...(groups ? { groups } : {}) };
}

/**
 * Refused when `checkConnection` refuses; a duplicate is ignored; an edge into a
 * single-valued input replaces the one there, into a list input it goes last.
 */
function connect(doc: GraphDocument, edge: GraphEdge, registry: NodeRegistry): GraphDocument {
  const check = checkConnection(doc, registry, edge);
  if (!check.ok) return doc;
  const same = (e: GraphEdge): boolean =>
    e.source === edge.source &&
    e.sourceHandle === edge.sourceHandle &&
    e.target === edge.target &&
    e.targetHandle === edge.targetHandle;
  if (doc.edges.some((e) => e.id === edge.id || same(e))) return doc;
  // Only the five document fields: a React Flow Connection may carry more.
  const added: GraphEdge = {
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle,
    target: edge.target,
    targetHandle: edge.targetHandle,
  };
  const kept = check.input.multiple
    ? doc.edges
    : doc.edges.filter((e) => !(e.target === edge.target && e.targetHandle === edge.targetHandle));
  return { ...doc, edges: [...kept, added] };
}

const sameValue = (a: ParamValue | undefined, b: ParamValue | undefined): boolean =>
  a === b || (typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b));

function setParam<D extends Pick<GraphDocument, 'nodes'>>(
  doc: D,
  nodeId: string,
  key: string,
  value: ParamValue | undefined,
): D {
  const node = nodeIndex(doc.nodes).get(nodeId);
  if (!node || sameValue(node.params[key], value)) return doc;
  if (value === undefined && !(key in node.params)) return doc;
  const params = { ...node.params };
  if (value === undefined) delete params[key];
  else params[key] = value;
  const changed = { ...node, params };
  return { ...doc, nodes: doc.nodes.map((n) => (n === node ? changed : n)) };
}

/** setParam on a node inside a component's definition (the same rule, one level down). */
function setComponentParam(
  doc: GraphDocument,
  componentId: string,
  nodeId: string,
  key: string,
  value: ParamValue | undefined,
): GraphDocument {
  const def = doc.components?.[componentId];
  if (!def || !Object.hasOwn(doc.components!, componentId)) return doc;
  const inner = setParam(def, nodeId, key, value);
  if (inner === def) return doc;
  return {
    ...doc,
    components: { ...doc.components, [componentId]: inner },
  };
}

function setPin(doc: GraphDocument, nodeId: string, pin: GraphNode['pinned']): GraphDocument {
  const node = nodeIndex(doc.nodes).get(nodeId);
  if (!node || JSON.stringify(node.pinned) === JSON.stringify(pin)) return doc;
  const { pinned: _old, ...rest } = node;
  const changed: GraphNode = pin ? { ...rest, pinned: pin } : rest;
  return { ...doc, nodes: doc.nodes.map((n) => (n === node ? changed : n)) };
}

function resizeNode(doc: GraphDocument, nodeId: string, size: GraphNode['size']): GraphDocument {
  const node = nodeIndex(doc.nodes).get(nodeId);
  if (!node || (node.size?.width === size?.width && node.size?.height === size?.height)) return doc;
  const { size: _old, ...rest } = node;
  const changed: GraphNode = size
    ? { ...rest, size: { width: Math.round(size.width), height: Math.round(size.height) } }
    : rest;
  return { ...doc, nodes: doc.nodes.map((n) => (n === node ? changed : n)) };
}

/** A title the schema refuses (too long, several lines) is cleaned rather than lost. */
function setTitle(doc: GraphDocument, nodeId: string, title: string | undefined): GraphDocument {
  const node = nodeIndex(doc.nodes).get(nodeId);
  if (!node) return doc;
  const cleaned = title === undefined ? undefined : cleanTitle(title);
  if ((cleaned || undefined) === node.title) return doc;
  const { title: _old, ...rest } = node;
  const changed: GraphNode = cleaned ? { ...rest, title: cleaned } : rest;
  return { ...doc, nodes: doc.nodes.map((n) => (n === node ? changed : n)) };
}

function setColor(
  doc: GraphDocument,
  nodeIds: readonly string[],
  color: NodeColor | undefined,
): GraphDocument {
  const ids = new Set(nodeIds);
  if (!doc.nodes.some((n) => ids.has(n.id) && n.color !== color)) return doc;
  const nodes = doc.nodes.map((n) => {
    if (!ids.has(n.id) || n.color === color) return n;
    const { color: _old, ...rest } = n;
    return color ? { ...rest, color } : rest;
  });
  return { ...doc, nodes };
}

/** `edgeIds` must be exactly the edges into that input; they take the slots those edges held. */
function reorderInputs(
  doc: GraphDocument,
  nodeId: string,
  handle: string,
  edgeIds: readonly string[],
): GraphDocument {
  const slots: number[] = [];
  doc.edges.forEach((e, i) => {
    if (e.target === nodeId && e.targetHandle === handle) slots.push(i);
  });
  const byId = new Map(slots.map((i) => [doc.edges[i]!.id as string, doc.edges[i]!]));
  if (slots.length !== edgeIds.length || new Set(edgeIds).size !== edgeIds.length) return doc;
  if (!edgeIds.every((id) => byId.has(id))) return doc;
  if (slots.every((slot, i) => doc.edges[slot]!.id === edgeIds[i])) return doc;
  const edges = doc.edges.slice();
  slots.forEach((slot, i) => (edges[slot] = byId.get(edgeIds[i]!)!));
  return { ...doc, edges };
}
