import { GROUP_MIN_SIZE, MAX_NODE_TITLE } from '../../shared/graph/document';
import type {
  GraphDocument,
  GraphEdge,
  GraphGroup,
  GraphNode,
  NodeMode,
  Position,
} from '../../shared/graph/document';
import { groupMembers } from '../../shared/graph/groups';
import type { EdgeId } from '../../shared/graph/ids';
import { REROUTE_NODE } from '../../shared/nodes/builtins';
import type { GroupChanges } from './types';

/**
 * The commands that organise the canvas (groups, node modes, reroutes), applied purely
 * to a document like the others in graphCommands: the very same document back means
 * "no edit".
 */

/** A group's id among React Flow's nodes (node ids and group ids share that space). */
const GROUP_FLOW_PREFIX = 'nl-group:';
export const groupFlowId = (groupId: string): string => `${GROUP_FLOW_PREFIX}${groupId}`;
/** The group id of a React Flow node id, or undefined for a graph node. */
export const groupIdOf = (flowId: string): string | undefined =>
  flowId.startsWith(GROUP_FLOW_PREFIX) ? flowId.slice(GROUP_FLOW_PREFIX.length) : undefined;

/** One line, not empty, at most MAX_NODE_TITLE characters (node and group titles). */
export const cleanTitle = (title: string): string =>
  title
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x1f\x7f]+/g, ' ')
    .trim()
    .slice(0, MAX_NODE_TITLE);

/**
 * Node positions for a move that names groups: each group's nodes (in `from`) move by
 * its delta, unless the move places them itself. Returns the groups array changed, or
 * the document's own when no group moved.
 */
export function withGroupMoves(
  doc: GraphDocument,
  requested: Readonly<Record<string, Position>>,
  from: GraphDocument,
): { positions: Readonly<Record<string, Position>>; groups: GraphGroup[] | undefined } {
  const keys = Object.keys(requested).filter((k) => groupIdOf(k) !== undefined);
  if (keys.length === 0 || !doc.groups) return { positions: requested, groups: doc.groups };
  const positions: Record<string, Position> = { ...requested };
  const moved = new Map<string, Position>();
  const startNodes = new Map(from.nodes.map((n) => [n.id as string, n]));
  for (const key of keys) {
    const p = requested[key]!;
    delete positions[key];
    const id = groupIdOf(key)!;
    const start = from.groups?.find((g) => g.id === id);
    if (!start || !Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    moved.set(id, p);
    const dx = p.x - start.rect.x;
    const dy = p.y - start.rect.y;
    for (const member of groupMembers(from, start)) {
      if (member in requested) continue;
      const at = startNodes.get(member)!.position;
      positions[member] = { x: at.x + dx, y: at.y + dy };
    }
  }
  let changed = false;
  const groups = doc.groups.map((g) => {
    const p = moved.get(g.id);
    if (!p || (p.x === g.rect.x && p.y === g.rect.y)) return g;
    changed = true;
    return { ...g, rect: { ...g.rect, x: p.x, y: p.y } };
  });
  return { positions, groups: changed ? groups : doc.groups };
}

export function setMode(
  doc: GraphDocument,
  nodeIds: readonly string[],
  mode: NodeMode | undefined,
): GraphDocument {
  const ids = new Set(nodeIds);
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    if (!ids.has(n.id) || n.mode === mode) return n;
    changed = true;
    const { mode: _old, ...rest } = n;
    return mode ? { ...rest, mode } : rest;
  });
  return changed ? { ...doc, nodes } : doc;
}

export function addGroup(doc: GraphDocument, group: GraphGroup): GraphDocument {
  if (doc.groups?.some((g) => g.id === group.id)) return doc;
  return { ...doc, groups: [...(doc.groups ?? []), group] };
}

export function updateGroup(
  doc: GraphDocument,
  groupId: string,
  changes: GroupChanges,
): GraphDocument {
  const group = doc.groups?.find((g) => g.id === groupId);
  if (!group) return doc;
  const next: GraphGroup = { ...group };
  if (changes.title !== undefined) {
    const title = cleanTitle(changes.title);
    if (title) next.title = title;
  }
  if (changes.color !== undefined && /^#[0-9a-fA-F]{6}$/.test(changes.color))
    next.color = changes.color;
  if (changes.rect) {
    const r = changes.rect;
    if ([r.x, r.y, r.width, r.height].every(Number.isFinite)) {
      next.rect = {
        x: r.x,
        y: r.y,
        width: Math.round(Math.max(GROUP_MIN_SIZE.width, r.width)),
        height: Math.round(Math.max(GROUP_MIN_SIZE.height, r.height)),
      };
    }
  }
  if (changes.collapsed !== undefined) {
    if (changes.collapsed) next.collapsed = true;
    else delete next.collapsed;
  }
  if (JSON.stringify(next) === JSON.stringify(group)) return doc;
  return { ...doc, groups: doc.groups!.map((g) => (g === group ? next : g)) };
}

export function removeGroup(doc: GraphDocument, groupId: string): GraphDocument {
  if (!doc.groups?.some((g) => g.id === groupId)) return doc;
  const groups = doc.groups.filter((g) => g.id !== groupId);
  if (groups.length > 0) return { ...doc, groups };
  const { groups: _gone, ...rest } = doc;
  return rest;
}

/** The wire becomes source -> reroute -> target; the new wire into the target keeps its place. */
export function insertReroute(
  doc: GraphDocument,
  command: { edgeId: EdgeId; node: GraphNode; inEdgeId: EdgeId; outEdgeId: EdgeId },
): GraphDocument {
  const { node, inEdgeId, outEdgeId } = command;
  const index = doc.edges.findIndex((e) => e.id === command.edgeId);
  if (index < 0 || node.type !== REROUTE_NODE) return doc;
  if (doc.nodes.some((n) => n.id === node.id)) return doc;
  if (doc.edges.some((e) => e.id === inEdgeId || e.id === outEdgeId) || inEdgeId === outEdgeId)
    return doc;
  const cut = doc.edges[index]!;
  const into: GraphEdge = {
    id: inEdgeId,
    source: cut.source,
    sourceHandle: cut.sourceHandle,
    target: node.id,
    targetHandle: 'in',
  };
  const out: GraphEdge = {
    id: outEdgeId,
    source: node.id,
    sourceHandle: 'out',
    target: cut.target,
    targetHandle: cut.targetHandle,
  };
  const edges = [...doc.edges];
  edges.splice(index, 1, out);
  return { ...doc, nodes: [...doc.nodes, node], edges: [into, ...edges] };
}
