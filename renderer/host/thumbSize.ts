import { THUMB_SIZES } from '../../shared/contract/hostApi';
import type { ThumbSize } from '../../shared/contract/hostApi';

/**
 * The thumbnail size to ask for (HostClient.thumbUrl) to show an image in a box of
 * `cssPx` CSS pixels: the smallest size that covers it at the screen's pixel ratio,
 * or the largest there is. Full-size images are for the viewer and compare only.
 */
export function thumbSizeFor(
  cssPx: number,
  devicePixelRatio: number = globalThis.devicePixelRatio || 1,
): ThumbSize {
  const needed = Math.ceil(cssPx * Math.max(1, devicePixelRatio));
  return THUMB_SIZES.find((s) => s >= needed) ?? THUMB_SIZES[THUMB_SIZES.length - 1]!;
}
