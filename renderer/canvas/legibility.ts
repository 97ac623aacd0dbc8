/**
 * Text that reads at the zoom where a whole pipeline fits. A node's header (title,
 * provider, price) and its run state grow on the canvas as the view zooms out, so on
 * screen they stay at least MIN_SCREEN_PX tall down to the detail zoom (detail.ts);
 * the header has a fixed height that holds them at their largest, so a zoom never
 * changes a node's size (no re-measure, wires stay put). Widgets keep their size:
 * below the detail zoom the low-detail view replaces them.
 */

/** The smallest on-screen text size (px) for what names and prices a node. */
export const MIN_SCREEN_PX = 10;

/** The most the header text grows to (px at zoom 1): two lines of it fill the header. */
export const MAX_LEGIBLE_PX = 21;

/** `--nl-node-title` in tokens.css: the name's own size (px at zoom 1). */
export const TITLE_PX = 15;

/** `--nl-node-header` in tokens.css: the header's fixed height at zoom 1. */
export const HEADER_HEIGHT = 60;

/**
 * The size (canvas px) header text needs at `zoom` to show MIN_SCREEN_PX on screen;
 * 0 where the text's own size is enough (the CSS takes the larger of the two).
 * Rounded to half pixels so a zoom gesture changes it a few times, not every frame.
 */
export function legibleTextPx(zoom: number): number {
  const px = MIN_SCREEN_PX / zoom;
  if (px <= 11) return 0;
  return Math.min(MAX_LEGIBLE_PX, Math.ceil(px * 2) / 2);
}

/** The size header text is drawn at (canvas px): its own, or larger to stay legible. */
export const headerTextPx = (basePx: number, zoom: number): number =>
  Math.max(basePx, legibleTextPx(zoom));

/**
 * Whether header text of `legiblePx` (legibleTextPx) is larger than the name's own
 * size: the header then gives both its lines to the name (`nl-legible`, canvas.css).
 */
export const namesGrow = (legiblePx: number): boolean => legiblePx > TITLE_PX;
