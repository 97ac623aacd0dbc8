import { describe, expect, it } from 'vitest';
import type { InstanceLabel } from '../../../shared/plan/expand/instances';
import { nodeId } from '../../../shared/graph/ids';
import type { NodeRunView } from '../../store/runTypes';
import { buildBoards } from './boardModel';

const image = (n: number) => ({
  hash: String(n).padStart(64, '0'),
  mimeType: 'image/png',
  width: 8,
  height: 8,
  bytes: 10,
});

function run(combos: Array<[string, string]>, variants: number) {
  const labels: Record<string, InstanceLabel> = {};
  const views: Record<string, NodeRunView> = {};
  const ids: string[] = [];
  combos.forEach(([colour, weather], c) => {
    for (let v = 1; v <= variants; v++) {
      const id = `t2i~c${c + 1}v${v}`;
      ids.push(id);
      labels[id] = {
        nodeId: nodeId('t2i'),
        combination: c + 1,
        variant: v,
        alternatives: [
          { nodeId: nodeId('p'), group: 1, choice: colour },
          { nodeId: nodeId('p'), group: 2, choice: weather },
        ],
        sweeps: [],
      };
      views[id] = { state: 'done', since: 0, images: [image(ids.length)] };
    }
  });
  return { ids, labels, views };
}

describe('the variant board', () => {
  it('lays a 2 × 2 combination run out as rows by the first choice and columns by the last', () => {
    const { ids, labels, views } = run(
      [
        ['red', 'snow'],
        ['red', 'rain'],
        ['blue', 'snow'],
        ['blue', 'rain'],
      ],
      1,
    );
    const [board] = buildBoards(ids, labels, views, () => true);
    expect(board!.columns).toEqual(['snow', 'rain']);
    expect(board!.rows.map((r) => r.title)).toEqual(['red', 'blue']);
    expect(board!.rows[1]!.cells.map((c) => c?.label)).toEqual(['blue · snow', 'blue · rain']);
  });

  it('puts the variants of each value side by side along a row, labelled with what differs', () => {
    const { ids, labels, views } = run(
      [
        ['red', 'snow'],
        ['red', 'rain'],
      ],
      2,
    );
    const [board] = buildBoards(ids, labels, views, () => true);
    expect(board!.columns).toEqual(['snow · v1', 'snow · v2', 'rain · v1', 'rain · v2']);
    expect(board!.rows[0]!.cells[1]?.label).toBe('red · snow · v2');
  });

  it('leaves a cell empty until its instance has an image, and skips nodes that make none', () => {
    const { ids, labels, views } = run([['red', 'snow']], 1);
    delete views[ids[0]!]!.images;
    const [board] = buildBoards(ids, labels, views, () => true);
    expect(board!.rows[0]!.cells).toEqual([null]);
    expect(buildBoards(ids, labels, views, () => false)).toEqual([]);
  });
});
