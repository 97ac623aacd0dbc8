import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyScore } from './fuzzy';

describe('fuzzy', () => {
  it('matches words in any order, substrings above subsequences', () => {
    expect(fuzzyScore('edit pro', 'Nano Banana Pro Edit (Runflow)')).not.toBeNull();
    expect(fuzzyScore('nbp', 'Nano Banana Pro')).not.toBeNull();
    expect(fuzzyScore('xyz', 'Nano Banana Pro')).toBeNull();
    expect(fuzzyScore('prev', 'Preview / Save')!).toBeGreaterThan(
      fuzzyScore('prev', 'a p r e v scattered')!,
    );
  });

  it('ranks word starts first and keeps the given order on ties', () => {
    const items = ['Load Image', 'Preview / Save', 'Prompt'];
    expect(fuzzyFilter(items, 'pr', (s) => s)).toEqual(['Preview / Save', 'Prompt']);
    expect(fuzzyFilter(items, '', (s) => s)).toEqual(items);
    expect(fuzzyFilter(items, 'image', (s) => s)[0]).toBe('Load Image');
  });
});
