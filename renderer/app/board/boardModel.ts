import type { InstanceLabel } from '../../../shared/plan/expand/instances';
import { labelText } from '../../../shared/plan/expand/instances';
import type { OutputImage } from '../../../shared/run/events';
import type { NodeRunView } from '../../store/runTypes';

/** One image of the board: an instance's output, with what tells it apart. */
export interface BoardCell {
  instanceId: string;
  image: OutputImage;
  /** Everything that differs: `red · snow · v2 · seed 1`. */
  label: string;
  /** The variant and seed part alone (the row says the rest). */
  take: string;
}

export interface BoardRow {
  /** What the row's combination is: `red · snow` ('' for a run of variants only). */
  title: string;
  /** By variant (column), in order; null where that instance made no image (yet). */
  cells: Array<BoardCell | null>;
}

/** One node's instances as a grid: rows by combination, variants along a row. */
export interface Board {
  nodeId: string;
  variants: number[];
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
    const variants = [...new Set(ids.map((id) => labels[id]!.variant))].sort((a, b) => a - b);
    const rows = new Map<number, BoardRow>();
    for (const id of ids) {
      const label = labels[id]!;
      const { seed: _seed, ...choices } = label;
      const row = rows.get(label.combination) ?? {
        title: labelText({ ...choices, variant: 1 }),
        cells: variants.map(() => null),
      };
      rows.set(label.combination, row);
      const image = views[id]?.images?.[0];
      if (!image) continue;
      const take = [
        `v${label.variant}`,
        ...(label.seed !== undefined ? [`seed ${label.seed}`] : []),
      ];
      row.cells[variants.indexOf(label.variant)] = {
        instanceId: id,
        image,
        label: labelText(label) || take.join(' · '),
        take: take.join(' · '),
      };
    }
    boards.push({
      nodeId,
      variants,
      rows: [...rows.entries()].sort(([a], [b]) => a - b).map(([, r]) => r),
    });
  }
  return boards.reverse();
}
