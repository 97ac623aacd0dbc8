import { describe, expect, it } from 'vitest';
import { gridColumns, imageGridLayout } from './NodeImages';

describe('imageGridLayout', () => {
  it('shows one image across the node, then two and three columns as images add up', () => {
    expect([1, 2, 4, 5, 12].map(gridColumns)).toEqual([1, 2, 2, 3, 3]);
    expect(imageGridLayout(1, 4, 280)).toEqual({
      columns: 1,
      shown: 1,
      cellWidth: 260,
      cellHeight: undefined,
    });
    expect(imageGridLayout(4, 4, 400).cellWidth).toBe(187);
  });

  it('draws at most `max` images and splits a chosen height between the rows', () => {
    const layout = imageGridLayout(14, 12, 620, 506);
    expect(layout).toMatchObject({ columns: 3, shown: 12 });
    // 600 px inside, two 6 px gaps; four rows of (506 - 3 * 6) / 4.
    expect(layout.cellWidth).toBe(196);
    expect(layout.cellHeight).toBe(122);
  });
});
