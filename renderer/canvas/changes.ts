import type { EdgeChange, NodeChange } from '@xyflow/react';
import type { Position } from '../../shared/graph/document';
import type { NodeSize } from '../store/types';

/** React Flow's node changes sorted into what the graph store does with each. */
export interface NodeChangeSummary {
  /** Live positions of a drag in progress (`dragNodes`). */
  dragging: Record<string, Position> | null;
  /** Positions where a drag ended, or keyboard moves (`moveNodes`, one undo step). */
  moved: Record<string, Position> | null;
  /** Measured sizes (`setMeasured`). */
  sizes: Record<string, NodeSize> | null;
  /** Selection flips by id. */
  select: Map<string, boolean> | null;
  removed: boolean;
}

export function summariseNodeChanges(changes: readonly NodeChange[]): NodeChangeSummary {
  const out: NodeChangeSummary = {
    dragging: null,
    moved: null,
    sizes: null,
    select: null,
    removed: false,
  };
  for (const c of changes) {
    switch (c.type) {
      case 'position':
        if (!c.position) break;
        if (c.dragging) (out.dragging ??= {})[c.id] = { x: c.position.x, y: c.position.y };
        else (out.moved ??= {})[c.id] = { x: c.position.x, y: c.position.y };
        break;
      case 'dimensions':
        if (c.dimensions) {
          (out.sizes ??= {})[c.id] = { width: c.dimensions.width, height: c.dimensions.height };
        }
        break;
      case 'select':
        (out.select ??= new Map()).set(c.id, c.selected);
        break;
      case 'remove':
        out.removed = true;
        break;
      default:
        break;
    }
  }
  return out;
}

export function summariseEdgeChanges(changes: readonly EdgeChange[]): {
  select: Map<string, boolean> | null;
  removed: boolean;
} {
  let select: Map<string, boolean> | null = null;
  let removed = false;
  for (const c of changes) {
    if (c.type === 'select') (select ??= new Map()).set(c.id, c.selected);
    else if (c.type === 'remove') removed = true;
  }
  return { select, removed };
}

/** The current selection with the flips applied: kept ids keep their order, new ones follow. */
export function applySelect<T extends string>(
  current: readonly T[],
  flips: ReadonlyMap<string, boolean>,
): T[] {
  const kept = current.filter((id) => flips.get(id) !== false);
  const have = new Set<string>(kept);
  for (const [id, on] of flips) if (on && !have.has(id)) kept.push(id as T);
  return kept;
}
