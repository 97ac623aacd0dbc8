import { GROUP_MIN_SIZE } from './document';
import type { GraphDocument, GraphGroup, GraphNode, Rect } from './document';
import type { NodeId } from './ids';

/**
 * Groups (frames) hold no list of nodes: as in ComfyUI, a node belongs to a group
 * while its top-left corner lies inside the group's rectangle. The first group (back
 * to front) that holds it wins, so nested frames move their own nodes once.
 */

/** Whether `node`'s top-left corner lies inside `rect`. */
export const insideRect = (node: Pick<GraphNode, 'position'>, rect: Rect): boolean =>
  node.position.x >= rect.x &&
  node.position.y >= rect.y &&
  node.position.x <= rect.x + rect.width &&
  node.position.y <= rect.y + rect.height;

/** The nodes of one group, in document order. */
export function groupMembers(doc: Pick<GraphDocument, 'nodes'>, group: GraphGroup): NodeId[] {
  return doc.nodes.filter((n) => insideRect(n, group.rect)).map((n) => n.id);
}

/** Nodes hidden by a collapsed group: node id -> the group's id. */
export function collapsedMembers(
  doc: Pick<GraphDocument, 'nodes' | 'groups'>,
): Map<string, string> {
  const hidden = new Map<string, string>();
  for (const group of doc.groups ?? []) {
    if (!group.collapsed) continue;
    for (const id of groupMembers(doc, group)) if (!hidden.has(id)) hidden.set(id, group.id);
  }
  return hidden;
}

/** The height of a group's title bar, and of a collapsed group (CSS px at zoom 1). */
export const GROUP_TITLE_HEIGHT = 36;
/** Room around the nodes of a group made from a selection. */
export const GROUP_PADDING = 24;

/**
 * The rectangle around boxes with `GROUP_PADDING` all round and the title bar above
 * the first row: what Ctrl+G fits around the selected nodes.
 */
export function rectAround(boxes: ReadonlyArray<Rect>): Rect | null {
  if (boxes.length === 0) return null;
  const left = boxes.reduce((m, b) => Math.min(m, b.x), Infinity);
  const top = boxes.reduce((m, b) => Math.min(m, b.y), Infinity);
  const right = boxes.reduce((m, b) => Math.max(m, b.x + b.width), -Infinity);
  const bottom = boxes.reduce((m, b) => Math.max(m, b.y + b.height), -Infinity);
  const x = left - GROUP_PADDING;
  const y = top - GROUP_PADDING - GROUP_TITLE_HEIGHT;
  return {
    x,
    y,
    width: Math.max(GROUP_MIN_SIZE.width, Math.round(right + GROUP_PADDING - x)),
    height: Math.max(GROUP_MIN_SIZE.height, Math.round(bottom + GROUP_PADDING - y)),
  };
}

/** The colours a group can take (ComfyUI's frame palette, darkened for the canvas). */
export const GROUP_COLORS = [
  '#3f6ea8',
  '#4f8a5b',
  '#a8863f',
  '#a8543f',
  '#7a4fa8',
  '#3f9aa8',
  '#6b7280',
] as const;
