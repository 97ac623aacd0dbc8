import type { OverviewBox } from './layout';
import { mixColours } from './palette';
import type { OverviewPalette } from './palette';
import {
  BAND_FLOW_PX,
  fitText,
  LINE_HEIGHT,
  MIN_TITLE_BOX_PX,
  titleFont,
  TITLE_PAD_PX,
} from './titles';
import type { TitleLayout } from './titles';
import type { Scene } from './draw';

/**
 * The overview's words, drawn in screen space at sizes people can read: node titles,
 * notes' first lines and the BYPASSED / MUTED tags.
 */

export function drawTitles(
  ctx: CanvasRenderingContext2D,
  s: Scene,
  boxes: readonly OverviewBox[],
  titles: readonly (TitleLayout | null)[],
  p: OverviewPalette,
) {
  const { x: vx, y: vy, zoom: z } = s.view;
  let font = 0;
  let fill = '';
  ctx.textBaseline = 'middle';
  for (let i = 0; i < boxes.length; i++) {
    const b = boxes[i]!;
    const t = titles[i];
    if (!t) continue;
    if (t.fontPx !== font) {
      font = t.fontPx;
      ctx.font = titleFont(font);
    }
    // A muted node's title is greyed, as organise.css does.
    const colour = b.mode === 'mute' ? p.muted : p.text;
    if (colour !== fill) ctx.fillStyle = fill = colour;
    const line = t.fontPx * LINE_HEIGHT;
    const top = b.y * z + vy + (t.bandPx - line * t.lines.length) / 2 + line / 2;
    t.lines.forEach((text, k) => ctx.fillText(text, b.x * z + vx + TITLE_PAD_PX, top + k * line));
  }
}

/** A note's first line, at the size node titles have, when the card is big enough on screen. */
export function drawNoteLines(
  ctx: CanvasRenderingContext2D,
  s: Scene,
  boxes: readonly OverviewBox[],
  p: OverviewPalette,
) {
  const { x: vx, y: vy, zoom: z } = s.view;
  const fontPx = noteFontPx(z);
  ctx.fillStyle = p.note.text;
  ctx.textBaseline = 'middle';
  ctx.font = titleFont(fontPx);
  for (const b of boxes) {
    if (b.kind !== 'note' || !b.note) continue;
    if (b.w * z < MIN_TITLE_BOX_PX || b.h * z < fontPx + 6) continue;
    const text = fitText(b.note, b.w * z - 2 * TITLE_PAD_PX, fontPx, s.measure);
    if (text) ctx.fillText(text, b.x * z + vx + TITLE_PAD_PX, b.y * z + vy + 3 + fontPx * 0.65);
  }
}

const noteFontPx = (z: number) => Math.round(Math.min(13, Math.max(11, 13 * z)));

/** The tag's text size (screen px) and the words it says. */
const TAG_FONT_PX = 10;
const TAG_TEXT = { bypass: 'BYPASSED', mute: 'MUTED' } as const;

/** "BYPASSED" / "MUTED" just below the title band, where the box has room for it on screen. */
export function drawModeTags(
  ctx: CanvasRenderingContext2D,
  s: Scene,
  boxes: readonly OverviewBox[],
  titles: readonly (TitleLayout | null)[],
  p: OverviewPalette,
) {
  const { x: vx, y: vy, zoom: z } = s.view;
  const h = TAG_FONT_PX + 6;
  ctx.textBaseline = 'middle';
  ctx.font = titleFont(TAG_FONT_PX);
  for (let i = 0; i < boxes.length; i++) {
    const b = boxes[i]!;
    if (!b.mode || b.kind) continue;
    const band = titles[i]?.bandPx ?? BAND_FLOW_PX * z;
    const text = TAG_TEXT[b.mode];
    const w = s.measure(text, TAG_FONT_PX) + 10;
    if (b.w * z < w + 2 * TITLE_PAD_PX || b.h * z < band + h + 8) continue;
    const x = b.x * z + vx + TITLE_PAD_PX;
    const y = b.y * z + vy + band + 4;
    ctx.fillStyle = p.mode[b.mode];
    ctx.beginPath();
    ctx.roundRect(x, y, w, h, h / 2);
    ctx.fill();
    // organise.css's badge ink: the tag's colour, almost black.
    ctx.fillStyle = mixColours(p.mode[b.mode], '#000000', 0.15);
    ctx.fillText(text, x + 5, y + h / 2);
  }
}
