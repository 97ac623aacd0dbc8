import type { GraphDocument } from '../../../shared/graph/document';
import { GROUP_TITLE_HEIGHT } from '../../../shared/graph/groups';
import type { OverviewWire } from './layout';

/**
 * Groups in the overview's model (pure): their frames, and the wires of nodes a
 * collapsed group hides, moved to its bar. Which nodes are hidden is decided once,
 * by shared/graph/groups.ts's collapsedMembers.
 */

/** A group's frame (or, collapsed, its bar) in flow px. */
export interface OverviewGroup {
  id: string;
  title: string;
  /** '#rrggbb' */
  color: string;
  x: number;
  y: number;
  w: number;
  h: number;
  collapsed: boolean;
}

const groupListCache = new WeakMap<NonNullable<GraphDocument['groups']>, OverviewGroup[]>();

/** The frames of a group list, once per list; a collapsed one is only its title bar. */
export function groupsOf(list: GraphDocument['groups']): readonly OverviewGroup[] {
  if (!list?.length) return [];
  let groups = groupListCache.get(list);
  if (!groups) {
    groups = list.map((g) => ({
      id: g.id,
      title: g.title,
      color: g.color,
      x: g.rect.x,
      y: g.rect.y,
      w: g.rect.width,
      h: g.collapsed ? GROUP_TITLE_HEIGHT : g.rect.height,
      collapsed: !!g.collapsed,
    }));
    groupListCache.set(list, groups);
  }
  return groups;
}

/**
 * As the DOM view's edges (selectors.ts): a wire of a hidden node ends at its collapsed
 * group's bar; a wire between two nodes of one collapsed group is not drawn.
 */
export function rerouteToBars(
  wires: readonly OverviewWire[],
  hidden: ReadonlyMap<string, string>,
): OverviewWire[] {
  const out: OverviewWire[] = [];
  for (const w of wires) {
    const from = hidden.get(w.source);
    const to = hidden.get(w.target);
    if (!from && !to) out.push(w);
    else if (from !== to)
      out.push({
        ...w,
        ...(from ? { sourceGroup: from } : {}),
        ...(to ? { targetGroup: to } : {}),
      });
  }
  return out;
}
