import type { NodeCategory, PortType } from '../../../shared/nodes/spec';
import type { NodeRunView } from '../../store/runTypes';
import { cullBoxes, visibleFlowRect, wireVisible } from './layout';
import type { OverviewBox, OverviewModel, Rect, View } from './layout';
import { BAND_FLOW_PX, LINE_HEIGHT, layoutTitle, titleFont, TITLE_PAD_PX } from './titles';
import type { Measure, TitleLayout } from './titles';

/**
 * Draws the overview in one pass on one 2D context: wires, node bodies, title bands
 * by category, run-state and selection outlines, port dots, thumbnails and titles.
 * Shapes of one colour go into one path and are filled or stroked once: thousands of
 * boxes cost a handful of draw calls.
 */

/** Title band colours by category: the same hues the node library groups by. */
export const CATEGORY_COLOURS: Record<NodeCategory | 'unknown', string> = {
  Inputs: '#2f5141',
  Models: '#2f3f63',
  Outputs: '#5a4530',
  Components: '#4a3a63',
  Layout: '#3a3d45',
  unknown: '#3a3d45',
};
const BODY = '#1e2128';
const BORDER = '#363b47';
const TEXT = '#e4e7ee';
const SELECTED = '#ffffff';
const HOVERED = '#9aa2b1';
const ACCENT = '#5b9cff';
/** canvas.css's port colours. */
export const PORT_COLOURS: Record<PortType | 'unknown', string> = {
  text: '#8fd16a',
  image: '#5fb0f5',
  'image[]': '#b48cf2',
  any: '#8a909c',
  unknown: '#8a909c',
};
/** Run-state outlines, as canvas.css colours the DOM node's border. */
export function stateColour(state: NodeRunView['state'] | undefined): string | null {
  switch (state) {
    case 'running':
    case 'in_queue':
    case 'submitting':
    case 'downloading':
      return ACCENT;
    case 'done':
    case 'cached':
      return '#5cc98a';
    case 'failed':
    case 'held':
      return '#f06a6a';
    default:
      return null;
  }
}

/** Below this zoom wires are straight lines (a curve a few pixels across looks the same). */
const CURVE_MIN_ZOOM = 0.15;
/** Port dots are drawn (and can be grabbed) from this zoom up. */
export const PORT_MIN_ZOOM = 0.2;
/** A thumbnail is drawn when its area is at least this wide on screen. */
const THUMB_MIN_PX = 16;

export interface Scene {
  model: OverviewModel;
  view: View;
  /** CSS px of the canvas element. */
  width: number;
  height: number;
  dpr: number;
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  hovered: string | null;
  run: Readonly<Record<string, NodeRunView>>;
  /** A loaded thumbnail for the node's latest image, or null (not loaded yet, none). */
  thumbnail(box: OverviewBox, cssPx: number): CanvasImageSource | null;
  measure: Measure;
  /** Screen rectangle of a selection drag in progress. */
  selectionBox?: Rect | null;
  /** A wire being dragged: flow points and what it carries. */
  pendingWire?: {
    from: { x: number; y: number };
    to: { x: number; y: number };
    type: PortType;
  } | null;
}

export function drawOverview(ctx: CanvasRenderingContext2D, s: Scene): void {
  const { view, dpr, model } = s;
  const z = view.zoom;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, s.width * dpr, s.height * dpr);
  // Flow space: rects and wires are given in flow px; line widths are divided by zoom.
  ctx.setTransform(dpr * z, 0, 0, dpr * z, dpr * view.x, dpr * view.y);
  const rect = visibleFlowRect(view, s.width, s.height);
  const boxes = cullBoxes(model.boxes, rect);

  drawWires(ctx, s, rect);

  const bands = new Map<string, Path2D>();
  const bodies = new Path2D();
  const titles: (TitleLayout | null)[] = [];
  for (const b of boxes) {
    bodies.rect(b.x, b.y, b.w, b.h);
    const colour = CATEGORY_COLOURS[b.category ?? 'unknown'];
    let band = bands.get(colour);
    if (!band) bands.set(colour, (band = new Path2D()));
    const title = layoutTitle(b.title, b.w * z, b.h * z, z, s.measure);
    titles.push(title);
    band.rect(b.x, b.y, b.w, title ? title.bandPx / z : Math.min(b.h, BAND_FLOW_PX));
  }
  ctx.fillStyle = BODY;
  ctx.fill(bodies);
  for (const [colour, band] of bands) {
    ctx.fillStyle = colour;
    ctx.fill(band);
  }
  if (z * 280 >= 24) {
    ctx.lineWidth = 1 / z;
    ctx.strokeStyle = BORDER;
    ctx.stroke(bodies);
  }
  drawOutlines(ctx, s, boxes);
  if (z >= PORT_MIN_ZOOM) drawPorts(ctx, boxes, z);
  drawThumbnails(ctx, s, boxes, titles);

  // Screen space: text at readable sizes, the selection box.
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  drawTitles(ctx, s, boxes, titles);
  if (s.selectionBox) {
    const r = s.selectionBox;
    ctx.fillStyle = 'rgb(91 156 255 / 12%)';
    ctx.fillRect(r.x, r.y, r.width, r.height);
    ctx.setLineDash([4, 3]);
    ctx.lineWidth = 1;
    ctx.strokeStyle = ACCENT;
    ctx.strokeRect(r.x + 0.5, r.y + 0.5, r.width, r.height);
    ctx.setLineDash([]);
  }
}

function drawWires(ctx: CanvasRenderingContext2D, s: Scene, rect: Rect): void {
  const z = s.view.zoom;
  const curved = z >= CURVE_MIN_ZOOM;
  const paths = new Map<string, Path2D>();
  const add = (colour: string, a: { x: number; y: number }, b: { x: number; y: number }) => {
    let p = paths.get(colour);
    if (!p) paths.set(colour, (p = new Path2D()));
    p.moveTo(a.x, a.y);
    if (curved) {
      const c = Math.max(Math.abs(b.x - a.x) / 2, 40);
      p.bezierCurveTo(a.x + c, a.y, b.x - c, b.y, b.x, b.y);
    } else p.lineTo(b.x, b.y);
  };
  for (const w of s.model.wires) {
    const from = s.model.byId.get(w.source);
    const to = s.model.byId.get(w.target);
    if (!from || !to) continue;
    const out = from.outputs.find((p) => p.id === w.sourcePort);
    const inp = to.inputs.find((p) => p.id === w.targetPort);
    const a = { x: from.x + (out?.dx ?? from.w), y: from.y + (out?.dy ?? from.h / 2) };
    const b = { x: to.x + (inp?.dx ?? 0), y: to.y + (inp?.dy ?? to.h / 2) };
    if (!wireVisible(a, b, rect)) continue;
    const colour = s.selectedEdges.has(w.id) ? SELECTED : PORT_COLOURS[out?.type ?? 'unknown'];
    add(colour, a, b);
  }
  if (s.pendingWire) add(ACCENT, s.pendingWire.from, s.pendingWire.to);
  // At least a pixel wide on screen, at most the DOM wire's 2 px at zoom 1.
  ctx.lineWidth = Math.max(1.5 / z, 2);
  for (const [colour, p] of paths) {
    ctx.strokeStyle = colour;
    ctx.stroke(p);
  }
}

function drawOutlines(ctx: CanvasRenderingContext2D, s: Scene, boxes: readonly OverviewBox[]) {
  const z = s.view.zoom;
  const byColour = new Map<string, Path2D>();
  for (const b of boxes) {
    const colour = s.selectedNodes.has(b.id)
      ? SELECTED
      : (stateColour(s.run[b.id]?.state) ?? (s.hovered === b.id ? HOVERED : null));
    if (!colour) continue;
    let p = byColour.get(colour);
    if (!p) byColour.set(colour, (p = new Path2D()));
    p.rect(b.x, b.y, b.w, b.h);
  }
  // 2.5 screen px: visible on a box a few pixels wide.
  ctx.lineWidth = 2.5 / z;
  for (const [colour, p] of byColour) {
    ctx.strokeStyle = colour;
    ctx.stroke(p);
  }
}

function drawPorts(ctx: CanvasRenderingContext2D, boxes: readonly OverviewBox[], z: number) {
  const r = 3.5 / z;
  const byType = new Map<string, Path2D>();
  for (const b of boxes)
    for (const port of [...b.inputs, ...b.outputs]) {
      let p = byType.get(port.type);
      if (!p) byType.set(port.type, (p = new Path2D()));
      const x = b.x + port.dx;
      const y = b.y + port.dy;
      p.moveTo(x + r, y);
      p.arc(x, y, r, 0, Math.PI * 2);
    }
  for (const [type, p] of byType) {
    ctx.fillStyle = PORT_COLOURS[type as PortType] ?? PORT_COLOURS.unknown;
    ctx.fill(p);
  }
}

/** The area below the title band (`bandPx` on screen) where a node's latest image is shown (flow px). */
export function thumbnailArea(b: OverviewBox, zoom: number, bandPx: number): Rect {
  const band = Math.max(BAND_FLOW_PX, bandPx / zoom);
  const ports = Math.max(b.inputs.length, b.outputs.length) * 22 + 8;
  const top = Math.min(b.y + b.h - 8, b.y + band + ports);
  return { x: b.x + 8, y: top, width: b.w - 16, height: b.y + b.h - 8 - top };
}

function drawThumbnails(
  ctx: CanvasRenderingContext2D,
  s: Scene,
  boxes: readonly OverviewBox[],
  titles: readonly (TitleLayout | null)[],
) {
  const z = s.view.zoom;
  for (let i = 0; i < boxes.length; i++) {
    const b = boxes[i]!;
    if (!s.run[b.id]?.images?.length) continue;
    const area = thumbnailArea(b, z, titles[i]?.bandPx ?? 0);
    if (area.width * z < THUMB_MIN_PX || area.height * z < THUMB_MIN_PX) continue;
    const img = s.thumbnail(b, area.width);
    if (!img) continue;
    const iw = (img as HTMLImageElement).naturalWidth || area.width;
    const ih = (img as HTMLImageElement).naturalHeight || area.height;
    const scale = Math.min(area.width / iw, area.height / ih);
    const w = iw * scale;
    const h = ih * scale;
    ctx.drawImage(img, area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h);
  }
}

function drawTitles(
  ctx: CanvasRenderingContext2D,
  s: Scene,
  boxes: readonly OverviewBox[],
  titles: readonly (TitleLayout | null)[],
) {
  const { x: vx, y: vy, zoom: z } = s.view;
  let font = 0;
  ctx.fillStyle = TEXT;
  ctx.textBaseline = 'middle';
  for (let i = 0; i < boxes.length; i++) {
    const b = boxes[i]!;
    const t = titles[i];
    if (!t) continue;
    if (t.fontPx !== font) {
      font = t.fontPx;
      ctx.font = titleFont(font);
    }
    const line = t.fontPx * LINE_HEIGHT;
    const top = b.y * z + vy + (t.bandPx - line * t.lines.length) / 2 + line / 2;
    t.lines.forEach((text, k) => ctx.fillText(text, b.x * z + vx + TITLE_PAD_PX, top + k * line));
  }
}
