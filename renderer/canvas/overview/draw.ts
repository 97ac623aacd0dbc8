import type { PortType } from '../../../shared/nodes/spec';
import type { NodeRunView } from '../../store/runTypes';
import { barEnd, drawGroupFrames, drawGroupTitles, layoutGroups } from './drawGroups';
import { cullBoxes, REROUTE_SIZE, visibleFlowRect, wireVisible } from './layout';
import type { OverviewBox, OverviewModel, Rect, View } from './layout';
import { DEFAULT_PALETTE, mixColours, withAlpha } from './palette';
import type { OverviewPalette } from './palette';
import { drawModeTags, drawNoteLines, drawTitles } from './drawText';
import { BAND_FLOW_PX, layoutTitle } from './titles';
import type { Measure, TitleLayout } from './titles';

/**
 * Draws the overview in one pass on one 2D context: group frames, wires, node bodies,
 * title bands (by category, node colour or mode), dimming of bypassed and muted
 * nodes, reroute dots, note cards, run-state and selection outlines, port dots,
 * thumbnails and text. Shapes of one colour go into one path and are filled or
 * stroked once: thousands of boxes cost a handful of draw calls. Colours come from
 * the theme (palette.ts).
 */

/** Run-state outlines, as canvas.css colours the DOM node's border. */
export function stateColour(
  state: NodeRunView['state'] | undefined,
  p: OverviewPalette = DEFAULT_PALETTE,
): string | null {
  switch (state) {
    case 'running':
    case 'in_queue':
    case 'submitting':
    case 'downloading':
      return p.state.running;
    case 'done':
    case 'cached':
      return p.state.done;
    case 'failed':
    case 'held':
      return p.state.failed;
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
  /** The theme's colours (palette.ts); the dark theme when absent. */
  palette?: OverviewPalette;
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
  const p = s.palette ?? DEFAULT_PALETTE;
  const z = view.zoom;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, s.width * dpr, s.height * dpr);
  // Flow space: rects and wires are given in flow px; line widths are divided by zoom.
  ctx.setTransform(dpr * z, 0, 0, dpr * z, dpr * view.x, dpr * view.y);
  const rect = visibleFlowRect(view, s.width, s.height);
  const boxes = cullBoxes(model.drawn, rect);
  const groups = layoutGroups(model.groups, rect, z, s.measure);

  drawGroupFrames(ctx, groups, z, p);
  const rerouteColour = drawWires(ctx, s, rect, p);

  const bands = new Map<string, Path2D>();
  const bodies = new Path2D();
  const notes = new Path2D();
  const dimmed = new Path2D();
  const modeBorders = { bypass: new Path2D(), mute: new Path2D() };
  const reroutes = new Map<string, Path2D>();
  const titles: (TitleLayout | null)[] = [];
  const dotR = Math.max(REROUTE_SIZE / 2, 2.5 / z);
  for (const b of boxes) {
    if (b.kind === 'reroute') {
      titles.push(null);
      const colour = rerouteColour.get(b.id) ?? p.ports.unknown;
      let dot = reroutes.get(colour);
      if (!dot) reroutes.set(colour, (dot = new Path2D()));
      const cx = b.x + b.w / 2;
      const cy = b.y + b.h / 2;
      dot.moveTo(cx + dotR, cy);
      dot.arc(cx, cy, dotR, 0, Math.PI * 2);
      if (b.mode) dimmed.rect(cx - dotR, cy - dotR, 2 * dotR, 2 * dotR);
      continue;
    }
    if (b.kind === 'note') {
      titles.push(null);
      notes.rect(b.x, b.y, b.w, b.h);
      continue;
    }
    bodies.rect(b.x, b.y, b.w, b.h);
    const colour = bandColour(b, p);
    let band = bands.get(colour);
    if (!band) bands.set(colour, (band = new Path2D()));
    const title = layoutTitle(b.title, b.w * z, b.h * z, z, s.measure);
    titles.push(title);
    const bandH = title ? title.bandPx / z : Math.min(b.h, BAND_FLOW_PX);
    band.rect(b.x, b.y, b.w, bandH);
    if (b.mode) {
      // As organise.css: the body fades, the title bar stays readable; a dashed border.
      dimmed.rect(b.x, b.y + bandH, b.w, b.h - bandH);
      modeBorders[b.mode].rect(b.x, b.y, b.w, b.h);
    }
  }
  ctx.fillStyle = p.body;
  ctx.fill(bodies);
  ctx.fillStyle = p.note.bg;
  ctx.fill(notes);
  for (const [colour, band] of bands) {
    ctx.fillStyle = colour;
    ctx.fill(band);
  }
  if (z * 280 >= 24) {
    ctx.lineWidth = 1 / z;
    ctx.strokeStyle = p.border;
    ctx.stroke(bodies);
    ctx.strokeStyle = p.note.border;
    ctx.stroke(notes);
  }
  if (z >= PORT_MIN_ZOOM) drawPorts(ctx, boxes, z, p);
  drawThumbnails(ctx, s, boxes, titles);
  for (const [colour, dot] of reroutes) {
    ctx.fillStyle = colour;
    ctx.fill(dot);
  }
  // Over ports, thumbnails and dots alike: one translucent coat of the canvas colour.
  ctx.fillStyle = withAlpha(p.bg, DIM);
  ctx.fill(dimmed);
  ctx.lineWidth = 1.5 / z;
  ctx.setLineDash([4 / z, 3 / z]);
  for (const mode of ['bypass', 'mute'] as const) {
    ctx.strokeStyle = p.mode[mode];
    ctx.stroke(modeBorders[mode]);
  }
  ctx.setLineDash([]);
  drawOutlines(ctx, s, boxes, p);

  // Screen space: text at readable sizes, the selection box.
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  drawGroupTitles(ctx, groups, view, p);
  drawTitles(ctx, s, boxes, titles, p);
  drawNoteLines(ctx, s, boxes, p);
  drawModeTags(ctx, s, boxes, titles, p);
  if (s.selectionBox) {
    const r = s.selectionBox;
    ctx.fillStyle = withAlpha(p.accent, 0.12);
    ctx.fillRect(r.x, r.y, r.width, r.height);
    ctx.setLineDash([4, 3]);
    ctx.lineWidth = 1;
    ctx.strokeStyle = p.accent;
    ctx.strokeRect(r.x + 0.5, r.y + 0.5, r.width, r.height);
    ctx.setLineDash([]);
  }
}

/** How much of the canvas colour covers a bypassed or muted node's body (organise.css fades it to 40%). */
const DIM = 0.6;

/** The title band: a mode's colour, else the node's own colour, else its category's. */
export function bandColour(b: OverviewBox, p: OverviewPalette): string {
  if (b.mode) return mixColours(p.mode[b.mode], p.head, 0.5);
  if (b.color) return p.tint[b.color];
  return p.band[b.category ?? 'unknown'];
}

/**
 * Wires, batched by colour; returns the colour each reroute carries (what flows in,
 * followed back through chains of reroutes, as the DOM colours them).
 */
function drawWires(
  ctx: CanvasRenderingContext2D,
  s: Scene,
  rect: Rect,
  pal: OverviewPalette,
): Map<string, string> {
  const z = s.view.zoom;
  const curved = z >= CURVE_MIN_ZOOM;
  const { byId, groupById } = s.model;
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
  // The wire into each reroute: a reroute's colour is that of its feed.
  const feeds = new Map<string, (typeof s.model.wires)[number]>();
  for (const w of s.model.wires)
    if (!w.targetGroup && byId.get(w.target)?.kind === 'reroute') feeds.set(w.target, w);
  const rerouteColour = new Map<string, string>();
  const typeColour = (source: string, port: string, depth = 0): string => {
    const box = byId.get(source);
    if (box?.kind === 'reroute') {
      const known = rerouteColour.get(source);
      if (known) return known;
      const feed = feeds.get(source);
      const colour =
        feed && !feed.sourceGroup && depth < 32
          ? typeColour(feed.source, feed.sourcePort, depth + 1)
          : pal.ports.unknown;
      rerouteColour.set(source, colour);
      return colour;
    }
    const type = box?.outputs.find((o) => o.id === port)?.type;
    return pal.ports[type ?? 'unknown'];
  };
  for (const w of s.model.wires) {
    const fromGroup = w.sourceGroup ? groupById.get(w.sourceGroup) : undefined;
    const toGroup = w.targetGroup ? groupById.get(w.targetGroup) : undefined;
    const from = fromGroup ? undefined : byId.get(w.source);
    const to = toGroup ? undefined : byId.get(w.target);
    if ((!from && !fromGroup) || (!to && !toGroup)) continue;
    let a: { x: number; y: number };
    if (from) {
      const out = from.outputs.find((p) => p.id === w.sourcePort);
      a = { x: from.x + (out?.dx ?? from.w), y: from.y + (out?.dy ?? from.h / 2) };
    } else a = barEnd(fromGroup!, 'out');
    let b: { x: number; y: number };
    if (to) {
      const inp = to.inputs.find((p) => p.id === w.targetPort);
      b = { x: to.x + (inp?.dx ?? 0), y: to.y + (inp?.dy ?? to.h / 2) };
    } else b = barEnd(toGroup!, 'in');
    // From a hidden node (a collapsed group's bar): the type of the input it feeds.
    const colour = s.selectedEdges.has(w.id)
      ? pal.selected
      : from
        ? typeColour(w.source, w.sourcePort)
        : pal.ports[to?.inputs.find((p) => p.id === w.targetPort)?.type ?? 'unknown'];
    if (to?.kind === 'reroute' && !rerouteColour.has(to.id) && !s.selectedEdges.has(w.id))
      rerouteColour.set(to.id, colour);
    if (!wireVisible(a, b, rect)) continue;
    add(colour, a, b);
  }
  if (s.pendingWire) add(pal.accent, s.pendingWire.from, s.pendingWire.to);
  // At least a pixel wide on screen, at most the DOM wire's 2 px at zoom 1.
  ctx.lineWidth = Math.max(1.5 / z, 2);
  for (const [colour, p] of paths) {
    ctx.strokeStyle = colour;
    ctx.stroke(p);
  }
  return rerouteColour;
}

function drawOutlines(
  ctx: CanvasRenderingContext2D,
  s: Scene,
  boxes: readonly OverviewBox[],
  p: OverviewPalette,
) {
  const z = s.view.zoom;
  const byColour = new Map<string, Path2D>();
  for (const b of boxes) {
    const colour = s.selectedNodes.has(b.id)
      ? p.selected
      : (stateColour(s.run[b.id]?.state, p) ?? (s.hovered === b.id ? p.muted : null));
    if (!colour) continue;
    let path = byColour.get(colour);
    if (!path) byColour.set(colour, (path = new Path2D()));
    path.rect(b.x, b.y, b.w, b.h);
  }
  // 2.5 screen px: visible on a box a few pixels wide.
  ctx.lineWidth = 2.5 / z;
  for (const [colour, path] of byColour) {
    ctx.strokeStyle = colour;
    ctx.stroke(path);
  }
}

function drawPorts(
  ctx: CanvasRenderingContext2D,
  boxes: readonly OverviewBox[],
  z: number,
  pal: OverviewPalette,
) {
  const r = 3.5 / z;
  const byType = new Map<string, Path2D>();
  for (const b of boxes) {
    // A reroute's dot is its port.
    if (b.kind === 'reroute') continue;
    for (const port of [...b.inputs, ...b.outputs]) {
      let p = byType.get(port.type);
      if (!p) byType.set(port.type, (p = new Path2D()));
      const x = b.x + port.dx;
      const y = b.y + port.dy;
      p.moveTo(x + r, y);
      p.arc(x, y, r, 0, Math.PI * 2);
    }
  }
  for (const [type, p] of byType) {
    ctx.fillStyle = pal.ports[type as PortType] ?? pal.ports.unknown;
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
    if (b.kind || !s.run[b.id]?.images?.length) continue;
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
