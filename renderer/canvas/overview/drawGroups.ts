import type { OverviewGroup, Rect } from './layout';
import type { OverviewPalette } from './palette';
import { groupColours } from './palette';
import { fitText, LINE_HEIGHT, MIN_FONT_PX, titleFont, TITLE_PAD_PX } from './titles';
import type { Measure } from './titles';

/**
 * Groups in the overview, as organise.css draws them: a tinted frame with a solid
 * title bar behind the nodes; a collapsed group is its bar alone. The bar grows to
 * hold a readable title, as node title bands do (titles.ts).
 */

/** The DOM group title's size at zoom 1 (organise.css `.nl-group__title`). */
const GROUP_FONT_PX = 15;

export interface GroupTitle {
  group: OverviewGroup;
  fontPx: number;
  text: string;
  /** The bar's height on screen. */
  barPx: number;
}

const overlaps = (g: OverviewGroup, r: Rect): boolean =>
  g.x < r.x + r.width && g.x + g.w > r.x && g.y < r.y + r.height && g.y + g.h > r.y;

/** The groups that meet `rect` with their titles laid out at `zoom` (text '' when none fits). */
export function layoutGroups(
  groups: readonly OverviewGroup[],
  rect: Rect,
  zoom: number,
  measure: Measure,
): GroupTitle[] {
  const fontPx = Math.round(
    Math.min(GROUP_FONT_PX, Math.max(MIN_FONT_PX + 1, GROUP_FONT_PX * zoom)),
  );
  const out: GroupTitle[] = [];
  for (const group of groups) {
    if (!overlaps(group, rect)) continue;
    const barPx = Math.max(group.collapsed ? group.h * zoom : 36 * zoom, fontPx * LINE_HEIGHT + 8);
    const text = fitText(group.title, group.w * zoom - 2 * TITLE_PAD_PX - 4, fontPx, measure);
    out.push({
      group,
      fontPx,
      text,
      barPx: group.collapsed ? barPx : Math.min(barPx, group.h * zoom),
    });
  }
  return out;
}

/** Frames and bars, in flow space (the context carries the view's transform). */
export function drawGroupFrames(
  ctx: CanvasRenderingContext2D,
  groups: readonly GroupTitle[],
  zoom: number,
  p: OverviewPalette,
): void {
  if (groups.length === 0) return;
  ctx.lineWidth = 1 / zoom;
  // Groups are few (tens): one fill and stroke each keeps their order back to front.
  for (const { group: g, barPx } of groups) {
    const c = groupColours(g.color, p);
    const bar = barPx / zoom;
    const r = Math.min(10, g.w / 4, bar / 2);
    if (!g.collapsed) {
      ctx.fillStyle = c.fill;
      ctx.beginPath();
      ctx.roundRect(g.x, g.y, g.w, g.h, r);
      ctx.fill();
      ctx.strokeStyle = c.border;
      ctx.stroke();
    }
    ctx.fillStyle = c.bar;
    ctx.beginPath();
    ctx.roundRect(g.x, g.y, g.w, bar, g.collapsed ? r : [r, r, 0, 0]);
    ctx.fill();
    if (g.collapsed) {
      ctx.strokeStyle = c.border;
      ctx.stroke();
    }
  }
}

/** Group titles in screen space (identity transform times the device pixel ratio). */
export function drawGroupTitles(
  ctx: CanvasRenderingContext2D,
  groups: readonly GroupTitle[],
  view: { x: number; y: number; zoom: number },
  p: OverviewPalette,
): void {
  ctx.fillStyle = p.text;
  ctx.textBaseline = 'middle';
  let font = 0;
  for (const { group: g, fontPx, text, barPx } of groups) {
    if (!text || barPx < fontPx + 2) continue;
    if (fontPx !== font) ctx.font = titleFont((font = fontPx));
    ctx.fillText(
      text,
      g.x * view.zoom + view.x + TITLE_PAD_PX + 4,
      g.y * view.zoom + view.y + barPx / 2,
    );
  }
}

/** The bar's ends, where the wires of a collapsed group's hidden nodes meet it (flow px). */
export function barEnd(g: OverviewGroup, side: 'in' | 'out'): { x: number; y: number } {
  return { x: side === 'in' ? g.x : g.x + g.w, y: g.y + g.h / 2 };
}
