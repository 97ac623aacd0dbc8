/**
 * Titles in the overview are drawn at a size people can read (never below MIN_FONT_PX
 * on screen), not scaled down with the node: a zoomed-out pipeline is read by its
 * node names. A title that does not fit the box's width is cut with an ellipsis; a
 * box too narrow for a few readable characters gets no title.
 */

/** The DOM title's size at zoom 1 (canvas.css `.nl-node__title`). */
export const TITLE_FONT_PX = 13;
export const MIN_FONT_PX = 11;
/** A box narrower than this on screen shows no title (3-4 characters would not say much). */
export const MIN_TITLE_BOX_PX = 44;
/** Space left and right of the title inside the box (screen px). */
export const TITLE_PAD_PX = 5;

export interface TitleLayout {
  fontPx: number;
  /** One line, or two when the title is long and the box tall enough (as the DOM title wraps). */
  lines: string[];
  /** The height of the title band on screen (at least the text plus a margin). */
  bandPx: number;
}

/** A line of title text is this many times the font size apart. */
export const LINE_HEIGHT = 1.25;
/** The DOM title bar's height at zoom 1 for one line (canvas.css). */
export const BAND_FLOW_PX = 30;

/** Measures a string's width in screen px at a font size (canvas measureText in the app). */
export type Measure = (text: string, fontPx: number) => number;

/**
 * Where and how big a box's title is drawn: `boxW`, `boxH` and `bandFlowH` (the DOM
 * title bar's height) are the box's on-screen size at `zoom`. Null: no title.
 */
export function layoutTitle(
  title: string,
  boxW: number,
  boxH: number,
  zoom: number,
  measure: Measure,
): TitleLayout | null {
  if (boxW < MIN_TITLE_BOX_PX || boxH < MIN_FONT_PX + 4) return null;
  const fontPx = Math.round(Math.min(TITLE_FONT_PX, Math.max(MIN_FONT_PX, TITLE_FONT_PX * zoom)));
  const maxW = boxW - 2 * TITLE_PAD_PX;
  const line = fontPx * LINE_HEIGHT;
  const band = (lines: number) => Math.min(boxH, Math.max(BAND_FLOW_PX * zoom, lines * line + 6));
  const whole = fitText(title, maxW, fontPx, measure);
  if (!whole) return null;
  if (whole === title || boxH < 2 * line + 12) {
    return { fontPx, lines: [whole], bandPx: band(1) };
  }
  // Two lines: as many words as fit on the first, the rest (cut if need be) on the second.
  const words = title.split(' ');
  let first = '';
  for (let i = 1; i < words.length; i++) {
    const head = words.slice(0, i).join(' ');
    if (measure(head, fontPx) > maxW) break;
    first = head;
  }
  if (!first) return { fontPx, lines: [whole], bandPx: band(1) };
  const second = fitText(title.slice(first.length + 1), maxW, fontPx, measure);
  return { fontPx, lines: second ? [first, second] : [whole], bandPx: band(second ? 2 : 1) };
}

const ELLIPSIS = '…';

/** `text`, or its longest prefix with an ellipsis that fits `maxW`; '' when not even one character does. */
export function fitText(text: string, maxW: number, fontPx: number, measure: Measure): string {
  if (measure(text, fontPx) <= maxW) return text;
  // Binary search on the prefix length: a dozen measures, not one per character.
  let lo = 0;
  let hi = text.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(text.slice(0, mid).trimEnd() + ELLIPSIS, fontPx) <= maxW) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : text.slice(0, lo).trimEnd() + ELLIPSIS;
}

/**
 * A Measure backed by a canvas context, remembering each answer: a pan redraws the
 * same titles at the same sizes every frame.
 */
export function cachedMeasure(ctx: { font: string; measureText(t: string): { width: number } }) {
  const cache = new Map<string, number>();
  return (text: string, fontPx: number): number => {
    const key = `${fontPx}|${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      if (cache.size > 20_000) cache.clear();
      ctx.font = titleFont(fontPx);
      w = ctx.measureText(text).width;
      cache.set(key, w);
    }
    return w;
  };
}

export const titleFont = (fontPx: number): string =>
  `600 ${fontPx}px system-ui, -apple-system, 'Segoe UI', sans-serif`;
