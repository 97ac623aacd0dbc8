import { z } from 'zod';
import { componentBundle } from '../../shared/graph/componentFile';
import { componentIdOf } from '../../shared/graph/components';
import {
  ComponentsSchema,
  GraphEdgeSchema,
  GraphGroupSchema,
  GraphNodeSchema,
} from '../../shared/graph/document';
import type { Components } from '../../shared/graph/document';
import type {
  GraphDocument,
  GraphEdge,
  GraphGroup,
  GraphNode,
  Position,
} from '../../shared/graph/document';
import { groupMembers } from '../../shared/graph/groups';
import { edgeId, nodeId } from '../../shared/graph/ids';
import { freshId, takenIds } from './ids';
import type { IdSource } from './ids';
import type { ClipboardData } from './types';

/** How far a paste lands from its originals (and from an earlier paste of the same nodes). */
export const PASTE_OFFSET = 32;

/** The given nodes and only the edges between two of them; null when no node is given. */
export function copyElements(doc: GraphDocument, nodeIds: readonly string[]): ClipboardData | null {
  const ids = new Set(nodeIds);
  const nodes = doc.nodes.filter((n) => ids.has(n.id));
  if (nodes.length === 0) return null;
  const edges = doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  // Component instances travel with their definitions, to paste into another workflow.
  const components: Components = {};
  for (const n of nodes) {
    const id = componentIdOf(n.type);
    if (id !== undefined) Object.assign(components, componentBundle(doc.components ?? {}, id));
  }
  // A group goes along when every node in it is copied.
  const groups = (doc.groups ?? []).filter((g) => {
    const members = groupMembers(doc, g);
    return members.length > 0 && members.every((id) => ids.has(id));
  });
  return {
    kind: 'nodeloom.clipboard',
    nodes,
    edges,
    ...(Object.keys(components).length > 0 ? { components } : {}),
    ...(groups.length ? { groups } : {}),
  };
}

/**
 * Copies of the clipboard's nodes and internal edges with ids unused in `doc`. With
 * `at` the copies' top-left corner goes there; without, they are offset by
 * PASTE_OFFSET steps until none sits exactly on an existing node, so pasting twice
 * does not stack the second copy on the first.
 */
export function pasteElements(
  doc: GraphDocument,
  data: ClipboardData,
  options: { at?: Position; ids: IdSource },
): { nodes: GraphNode[]; edges: GraphEdge[]; groups: GraphGroup[] } {
  if (data.nodes.length === 0) return { nodes: [], edges: [], groups: [] };
  const taken = takenIds(doc);
  const shift = options.at ? shiftTo(data.nodes, options.at) : freeOffset(doc, data.nodes);
  const renamed = new Map<string, string>();
  const nodes = data.nodes.map((n) => {
    const id = nodeId(freshId(options.ids, 'node', taken));
    renamed.set(n.id, id);
    return {
      id,
      type: n.type,
      params: structuredClone(n.params),
      position: { x: n.position.x + shift.x, y: n.position.y + shift.y },
      ...(n.mode ? { mode: n.mode } : {}),
    };
  });
  const edges: GraphEdge[] = [];
  for (const e of data.edges) {
    const source = renamed.get(e.source);
    const target = renamed.get(e.target);
    if (!source || !target) continue; // the clipboard may come from outside: keep internal edges only
    edges.push({
      id: edgeId(freshId(options.ids, 'edge', taken)),
      source: nodeId(source),
      sourceHandle: e.sourceHandle,
      target: nodeId(target),
      targetHandle: e.targetHandle,
    });
  }
  const groupIds = new Set((doc.groups ?? []).map((g) => g.id));
  const groups = (data.groups ?? []).map((g) => {
    let id: string;
    do id = `g${freshId(options.ids, 'node', taken)}`;
    while (groupIds.has(id));
    groupIds.add(id);
    return { ...g, id, rect: { ...g.rect, x: g.rect.x + shift.x, y: g.rect.y + shift.y } };
  });
  return { nodes, edges, groups };
}

function shiftTo(nodes: readonly GraphNode[], at: Position): Position {
  // reduce, not Math.min(...): a spread of thousands of arguments can overflow the stack.
  const minX = nodes.reduce((m, n) => Math.min(m, n.position.x), Infinity);
  const minY = nodes.reduce((m, n) => Math.min(m, n.position.y), Infinity);
  return { x: at.x - minX, y: at.y - minY };
}

function freeOffset(doc: GraphDocument, nodes: readonly GraphNode[]): Position {
  const occupied = new Set(doc.nodes.map((n) => `${n.position.x},${n.position.y}`));
  let step = 1;
  const lands = (k: number): boolean =>
    nodes.some((n) =>
      occupied.has(`${n.position.x + k * PASTE_OFFSET},${n.position.y + k * PASTE_OFFSET}`),
    );
  while (step < 100 && lands(step)) step++;
  return { x: step * PASTE_OFFSET, y: step * PASTE_OFFSET };
}

const ClipboardSchema = z.object({
  kind: z.literal('nodeloom.clipboard'),
  nodes: z.array(GraphNodeSchema),
  edges: z.array(GraphEdgeSchema),
  components: ComponentsSchema.optional(),
  groups: z.array(GraphGroupSchema).optional(),
});

/** The text the system clipboard gets for `data`. */
export const serializeClipboard = (data: ClipboardData): string => JSON.stringify(data);

/** Clipboard text from anywhere: our data, or null for anything else (never throws). */
export function parseClipboard(text: string): ClipboardData | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = ClipboardSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
