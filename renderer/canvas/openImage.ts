import type { OutputImage } from '../../shared/run/events';

/**
 * How the canvas asks for an output image to be opened: a thumbnail click
 * dispatches this DOM CustomEvent from the thumbnail; it bubbles up to `window`.
 * The app shell listens on window (or passes `onOpenImage` to <Canvas>, which
 * listens on its own element) and shows the image viewer.
 */
export const OPEN_IMAGE_EVENT = 'nodeloom:open-image';

export interface OpenImageDetail {
  /** Content hash of the image: `host.imageUrl(hash)` loads it. */
  hash: string;
  image: OutputImage;
  /** The node that produced it. */
  nodeId: string;
  /** Its place among the node's images, and all of them (for next/previous). */
  index: number;
  images: readonly OutputImage[];
}

export type OpenImageEvent = CustomEvent<OpenImageDetail>;

declare global {
  interface WindowEventMap {
    [OPEN_IMAGE_EVENT]: OpenImageEvent;
  }
  interface DocumentEventMap {
    [OPEN_IMAGE_EVENT]: OpenImageEvent;
  }
  interface HTMLElementEventMap {
    [OPEN_IMAGE_EVENT]: OpenImageEvent;
  }
}

export function requestOpenImage(from: EventTarget, detail: OpenImageDetail): void {
  from.dispatchEvent(new CustomEvent(OPEN_IMAGE_EVENT, { detail, bubbles: true, composed: true }));
}
