import type { Rect, View } from './layout';

/**
 * A pan with the whole graph in view moves the same picture: the overview draws the
 * graph once into an offscreen bitmap at the current zoom and copies it at the new
 * offset on each pan frame, redrawing only when what it shows changes (the document,
 * the zoom, selection, hover, run states, a thumbnail that loaded). Only when the
 * graph at this zoom is no larger than MAX_SCREENS screens each way: bigger, the
 * view shows a part of it and culling keeps the direct draw cheap.
 */
export const MAX_SCREENS = 2;
/** Room around the graph in the bitmap (CSS px): outlines and port dots reach past the boxes. */
const PAD = 16;

export interface CachedScene {
  /** Size of the bitmap in CSS px. */
  width: number;
  height: number;
  /** The view to draw the graph into the bitmap with (its top-left is the graph's corner). */
  view: View;
}

/** Where the graph goes in a cache bitmap at `view`'s zoom; null when it is too large to cache. */
export function sceneFor(
  bounds: Rect | null,
  view: View,
  screenW: number,
  screenH: number,
): CachedScene | null {
  if (!bounds) return null;
  const width = Math.ceil(bounds.width * view.zoom) + 2 * PAD;
  const height = Math.ceil(bounds.height * view.zoom) + 2 * PAD;
  if (width > MAX_SCREENS * screenW || height > MAX_SCREENS * screenH) return null;
  return {
    width,
    height,
    view: { x: PAD - bounds.x * view.zoom, y: PAD - bounds.y * view.zoom, zoom: view.zoom },
  };
}

/** Where the bitmap's top-left corner goes on screen at `view` (whole CSS px: text stays sharp). */
export function sceneOffset(scene: CachedScene, view: View): { x: number; y: number } {
  return { x: Math.round(view.x - scene.view.x), y: Math.round(view.y - scene.view.y) };
}
