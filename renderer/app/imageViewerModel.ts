import type { GraphDocument } from '../../shared/graph/document';
import type { OutputImage } from '../../shared/run/events';
import type { OpenImageDetail } from '../canvas/openImage';
import type { NodeRunView } from '../store/runTypes';

/**
 * The image viewer's rules, apart from React: which images next/previous walk
 * through, what each key does, and the zoom and pan arithmetic.
 */

/** One image the viewer can show, with the node that made it. */
export interface ViewerEntry {
  image: OutputImage;
  nodeId?: string;
}

/**
 * The images next/previous walk through: the run's, node by node in the document's
 * order (the opened node's own images among them), each once (a Preview shows the
 * images of the model feeding it: they are listed at the first node showing them),
 * starting at the one clicked. An image not among the run's (a Load Image preview)
 * walks its node's images only.
 */
export function viewerGallery(
  doc: GraphDocument,
  runNodes: Readonly<Record<string, NodeRunView>>,
  opened: Pick<OpenImageDetail, 'image' | 'nodeId' | 'index' | 'images'>,
): { entries: ViewerEntry[]; index: number } {
  const entries: ViewerEntry[] = [];
  const at = new Map<string, number>();
  let index = -1;
  for (const node of doc.nodes) {
    const images = runNodes[node.id]?.images ?? [];
    images.forEach((image, i) => {
      const seen = at.get(image.hash);
      const clicked =
        node.id === opened.nodeId && i === opened.index && image.hash === opened.image.hash;
      if (clicked) index = seen ?? entries.length;
      if (seen !== undefined) return;
      at.set(image.hash, entries.length);
      entries.push({ image, nodeId: node.id });
    });
  }
  if (index >= 0) return { entries, index };
  return {
    entries: opened.images.map((image) => ({ image, nodeId: opened.nodeId })),
    index: Math.max(0, Math.min(opened.index, opened.images.length - 1)),
  };
}

export type ViewerAction =
  'next' | 'previous' | 'zoom-in' | 'zoom-out' | 'actual-size' | 'fit' | 'close';

/** What a key does in the viewer; null: not the viewer's key. */
export function viewerKeyAction(e: {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}): ViewerAction | null {
  if (e.altKey) return null;
  // Ctrl/Cmd with +, - and 0 is the browser's page zoom: taken over inside the viewer.
  switch (e.key) {
    case 'ArrowRight':
    case 'PageDown':
      return e.ctrlKey || e.metaKey ? null : 'next';
    case 'ArrowLeft':
    case 'PageUp':
      return e.ctrlKey || e.metaKey ? null : 'previous';
    case '+':
    case '=':
      return 'zoom-in';
    case '-':
    case '_':
      return 'zoom-out';
    case '1':
      return e.ctrlKey || e.metaKey ? null : 'actual-size';
    case '0':
    case 'f':
    case 'F':
      return 'fit';
    case 'Escape':
      return 'close';
    default:
      return null;
  }
}

export interface Size {
  width: number;
  height: number;
}

/**
 * What the stage shows: the image scaled by `zoom`, its centre `x`, `y` CSS px from
 * the stage's centre. `fitted`: follows the stage's size (Fit), until the user zooms.
 */
export interface ViewState {
  zoom: number;
  x: number;
  y: number;
  fitted: boolean;
}

export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 16;
/** One press of + or -, or one wheel notch (100 px of deltaY). */
export const ZOOM_STEP = 1.25;

const clampZoom = (z: number): number => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));

/** The zoom at which the whole image fills the stage (a small image is enlarged to it). */
export function fitZoom(image: Size, stage: Size): number {
  if (image.width <= 0 || image.height <= 0 || stage.width <= 0 || stage.height <= 0) return 1;
  return clampZoom(Math.min(stage.width / image.width, stage.height / image.height));
}

export const fitView = (image: Size, stage: Size): ViewState => ({
  zoom: fitZoom(image, stage),
  x: 0,
  y: 0,
  fitted: true,
});

/** Keeps the image on the stage: it can be panned only as far as it overhangs. */
export function clampPan(view: ViewState, image: Size, stage: Size): ViewState {
  const limit = (imagePx: number, stagePx: number): number =>
    Math.max(0, (imagePx * view.zoom - stagePx) / 2);
  const lx = limit(image.width, stage.width);
  const ly = limit(image.height, stage.height);
  const x = Math.min(lx, Math.max(-lx, view.x));
  const y = Math.min(ly, Math.max(-ly, view.y));
  return x === view.x && y === view.y ? view : { ...view, x, y };
}

/**
 * Zooms by `factor` keeping the image point under `at` (CSS px from the stage's
 * centre) where it is, as a map does under the wheel; `at` omitted: the centre.
 */
export function zoomBy(
  view: ViewState,
  factor: number,
  image: Size,
  stage: Size,
  at: { x: number; y: number } = { x: 0, y: 0 },
): ViewState {
  const zoom = clampZoom(view.zoom * factor);
  if (zoom === view.zoom) return view;
  const k = zoom / view.zoom;
  const next = {
    zoom,
    x: at.x - (at.x - view.x) * k,
    y: at.y - (at.y - view.y) * k,
    fitted: false,
  };
  return clampPan(next, image, stage);
}

/** One wheel event's zoom factor: a notch (deltaY 100) is one step; trackpads scroll finer. */
export const wheelFactor = (deltaY: number): number => ZOOM_STEP ** (-deltaY / 100);

/** 1:1, one image pixel to one CSS pixel, centred. */
export const actualSize = (image: Size, stage: Size): ViewState =>
  clampPan({ zoom: 1, x: 0, y: 0, fitted: false }, image, stage);

export const panBy = (view: ViewState, dx: number, dy: number, image: Size, stage: Size) =>
  clampPan({ ...view, x: view.x + dx, y: view.y + dy, fitted: false }, image, stage);

/** The zoom as people read it: "25%", "100%", "250%". */
export const zoomLabel = (zoom: number): string => `${Math.round(zoom * 100)}%`;
