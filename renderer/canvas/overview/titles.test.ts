import { describe, expect, it } from 'vitest';
import { fitText, layoutTitle, MIN_FONT_PX, TITLE_FONT_PX } from './titles';

/** Every character is half the font size wide: predictable widths. */
const measure = (text: string, fontPx: number) => text.length * fontPx * 0.5;

describe('overview titles', () => {
  it('keeps a title that fits and cuts one that does not with an ellipsis', () => {
    expect(fitText('Prompt', 100, 10, measure)).toBe('Prompt');
    expect(fitText('Nano Banana Pro', 50, 10, measure)).toBe('Nano Bana…');
    expect(fitText('Nano', 4, 10, measure)).toBe('');
  });

  it('draws titles at a readable size when zoomed out, and at the DOM size up close', () => {
    expect(layoutTitle('Prompt', 100, 80, 0.2, measure)?.fontPx).toBe(MIN_FONT_PX);
    expect(layoutTitle('Prompt', 280, 200, 1, measure)?.fontPx).toBe(TITLE_FONT_PX);
  });

  it('gives a box too small to read a few characters in no title', () => {
    expect(layoutTitle('Prompt', 30, 80, 0.1, measure)).toBeNull();
    expect(layoutTitle('Prompt', 100, 8, 0.1, measure)).toBeNull();
  });

  it('wraps a long title onto a second line when the box is tall enough, and grows the band for it', () => {
    const tall = layoutTitle('Nano Banana Pro edit', 100, 120, 0.3, measure)!;
    expect(tall.lines).toEqual(['Nano Banana Pro', 'edit']);
    expect(tall.bandPx).toBeGreaterThan(2 * tall.fontPx);
    const short = layoutTitle('Nano Banana Pro edit', 100, 25, 0.3, measure)!;
    expect(short.lines).toEqual(['Nano Banana Pro…']);
  });
});
