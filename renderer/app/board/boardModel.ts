import type { InstanceLabel } from '../../../shared/plan/expand/instances';
import { choiceTexts, labelText } from '../../../shared/plan/expand/instances';
import type { OutputImage } from '../../../shared/run/events';
import type { NodeRunView } from '../../store/runTypes';

/** One image of the board: an instance's output, with what tells it apart. */
export interface BoardCell {
  instanceId: string;
  image: OutputImage;
  /** Everything that differs: `red · aspect_ratio 16:9 · v2 · seed 1`. */
  label: string;
}

export interface BoardRow {
  /** The choices the row shares (all but the last alternative or swept value). */
  title: string;
  /** One per column; null where that instance made no image (yet). */
  cells: Array<BoardCell | null>;
}

/**
 * One node's instances as a grid: the last alternative or swept value across, with
 * the variants of each along the row; the other choices down.
 */
export interface Board {
  nodeId: string;
  columns: string[];
  rows: BoardRow[];
}

/**
 * The boards of a run with variants or combinations: one per workflow node that makes
 * images and has instances, the last in the plan first (the end of the chain is what
 * the artist judges). Pure: from the run store's labels and node views.
 */
export function buildBoards(
  runNodeIds: readonly string[],
  labels: Readonly<Record<string, InstanceLabel>>,
  views: Readonly<Record<string, NodeRunView>>,
  makesImages: (nodeId: string) => boolean,
): Board[] {
  const byNode = new Map<string, string[]>();
  for (const id of runNodeIds) {
    const label = labels[id];
    if (!label || !makesImages(label.nodeId)) continue;
    byNode.set(label.nodeId, [...(byNode.get(label.nodeId) ?? []), id]);
  }
  const boards: Board[] = [];
  for (const [nodeId, ids] of byNode) {
    const variants = new Set(ids.map((id) => labels[id]!.variant));
    const place = (label: InstanceLabel) => {
      const parts = choiceTexts(label);
      const across = parts.length > 1 ? parts.at(-1)! : '';
      const take = variants.size > 1 ? `v${label.variant}` : '';
      return {
        row: (parts.length > 1 ? parts.slice(0, -1) : parts).join(' · '),
        column: [across, take].filter(Boolean).join(' · ') || 'image',
      };
    };
    // Columns and rows in combination, then variant order (the labels' own order).
    const sorted = [...ids].sort(
      (a, b) =>
        labels[a]!.combination - labels[b]!.combination || labels[a]!.variant - labels[b]!.variant,
    );
    const columns: string[] = [];
    const rowTitles: string[] = [];
    for (const id of sorted) {
      const { row, column } = place(labels[id]!);
      if (!columns.includes(column)) columns.push(column);
      if (!rowTitles.includes(row)) rowTitles.push(row);
    }
    const rows: BoardRow[] = rowTitles.map((title) => ({
      title,
      cells: columns.map(() => null),
    }));
    for (const id of sorted) {
      const label = labels[id]!;
      const { row, column } = place(label);
      const image = views[id]?.images?.[0];
      if (!image) continue;
      rows[rowTitles.indexOf(row)]!.cells[columns.indexOf(column)] = {
        instanceId: id,
        image,
        label: labelText(label) || `v${label.variant}`,
      };
    }
    boards.push({ nodeId, columns, rows });
  }
  return boards.reverse();
}
