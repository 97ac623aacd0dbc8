import type { GraphDocument, GraphGroup, GraphNode, Position } from '../../shared/graph/document';
import { GROUP_COLORS, rectAround } from '../../shared/graph/groups';
import type { NodeId } from '../../shared/graph/ids';
import { REROUTE_NODE } from '../../shared/nodes/builtins';
import type { NodeSize } from './types';

/** A node never drawn yet (off screen) is taken at about a model node's size. */
const UNMEASURED: NodeSize = { width: 280, height: 200 };
/** A reroute dot's size (CSS px at zoom 1): `.nl-reroute` in canvas.css draws it. */
export const REROUTE_SIZE = 20;

/**
 * The group Ctrl+G makes: fitted around the nodes (their drawn size, or the size the
 * user gave them) with padding and room for the title; coloured unlike the last group.
 */
export function groupAround(
  doc: GraphDocument,
  nodeIds: readonly string[],
  measured: Readonly<Record<string, NodeSize>>,
  newId: (taken: Set<string>) => string,
): GraphGroup | null {
  const ids = new Set(nodeIds);
  const boxes = doc.nodes
    .filter((n) => ids.has(n.id))
    .map((n) => ({ ...n.position, ...(measured[n.id] ?? n.size ?? UNMEASURED) }));
  const rect = rectAround(boxes);
  if (!rect) return null;
  const groups = doc.groups ?? [];
  const taken = new Set([...doc.nodes.map((n) => n.id as string), ...groups.map((g) => g.id)]);
  const last = groups.at(-1)?.color;
  const color = GROUP_COLORS.find((c) => c !== last) ?? GROUP_COLORS[0];
  let id: string;
  do id = `g${newId(taken)}`;
  while (groups.some((g) => g.id === id));
  return { id, title: 'Group', color, rect };
}

/** A reroute dot centred on `at`. */
export const rerouteNode = (id: NodeId, at: Position): GraphNode => ({
  id,
  type: REROUTE_NODE,
  params: {},
  position: { x: Math.round(at.x - REROUTE_SIZE / 2), y: Math.round(at.y - REROUTE_SIZE / 2) },
});
