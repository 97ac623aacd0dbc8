/// <reference types="vite/client" />
import { getViewportForBounds } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../shared/testing/testGraph';
import { LOAD_IMAGE_NODE, PREVIEW_NODE, PROMPT_NODE } from '../../shared/nodes/builtins';
import { nodeTypeId } from '../../shared/graph/ids';
import { registry } from '../store/storeTestKit';
import { resolveToken, tokensBySelector } from '../styles/contrast';
import tokensCss from '../styles/tokens.css?raw';
import { DETAIL_ZOOM } from './detail';
import { estimateGeometry } from './geometry';
import {
  HEADER_HEIGHT,
  MAX_LEGIBLE_PX,
  MIN_SCREEN_PX,
  headerTextPx,
  TITLE_PX,
  legibleTextPx,
  namesGrow,
} from './legibility';

const tokens = tokensBySelector(tokensCss).get(':root')!;
const px = (name: string): number => parseFloat(resolveToken(tokens, name));

/** The canvas on a 1600x1000 window: less the node library (240), toolbar, tabs and status. */
const CANVAS = { width: 1600 - 240, height: 1000 - 44 - 32 - 26 };
/** React Flow's fit padding in the app (canvasApi fitView). */
const FIT_PADDING = 0.1;
const GAP = { x: 80, y: 40 };

/**
 * A 20-node pipeline as an artist lays one out: four chains of prompt -> text-to-image
 * -> edit -> edit -> preview (or a Load Image feeding the edits), columns as wide as
 * their widest node, rows as tall as their tallest, with wire-sized gaps.
 */
function pipelineBounds(): { width: number; height: number } {
  const column = [
    [PROMPT_NODE, LOAD_IMAGE_NODE, PROMPT_NODE, PROMPT_NODE],
    [MODELS.proTextToImage, MODELS.proEdit, MODELS.proTextToImage, MODELS.proTextToImage],
    [MODELS.proEdit, MODELS.nb2Edit, MODELS.proEdit, MODELS.runflowProEdit],
    [MODELS.nb2Edit, MODELS.proEdit, MODELS.nb2Edit, MODELS.proEdit],
    [PREVIEW_NODE, PREVIEW_NODE, PREVIEW_NODE, PREVIEW_NODE],
  ].map((types) =>
    types.map((t) => {
      const type = t.includes('/') ? nodeTypeId(`model:${t}`) : nodeTypeId(t);
      const spec = registry.get(type);
      if (!spec) throw new Error(`no node type ${type}`);
      return estimateGeometry(spec);
    }),
  );
  const width =
    column.reduce((sum, nodes) => sum + Math.max(...nodes.map((g) => g.width)), 0) +
    GAP.x * (column.length - 1);
  const rows = column[0]!.length;
  let height = GAP.y * (rows - 1);
  for (let r = 0; r < rows; r++) height += Math.max(...column.map((nodes) => nodes[r]!.height));
  return { width, height };
}

describe('node text at the zoom that fits a 20-node pipeline on a 1600x1000 window', () => {
  const bounds = pipelineBounds();
  const { zoom } = getViewportForBounds(
    { x: 0, y: 0, ...bounds },
    CANVAS.width,
    CANVAS.height,
    0.05,
    2.5,
    FIT_PADDING,
  );

  // Fitted below the detail zoom, the overview (low-detail) view draws it; the full
  // nodes, with this text, are drawn from the detail zoom up.
  const drawnAt = Math.max(zoom, DETAIL_ZOOM);

  it('needs a zoom out to under 0.8 to fit (so the text must be made for it)', () => {
    expect(zoom).toBeGreaterThan(0.1);
    expect(zoom).toBeLessThan(0.8);
  });

  it.each([
    ['title', '--nl-node-title'],
    ['provider and price', '--nl-node-meta'],
    ['run state', '--nl-text-sm'],
  ])(
    'draws the header %s at least 9 px tall on screen wherever a full node is drawn',
    (_, token) => {
      expect(headerTextPx(px(token), drawnAt) * drawnAt).toBeGreaterThanOrEqual(9.4);
    },
  );

  it('keeps header text legible down to the detail zoom, within the fixed header', () => {
    for (let z = DETAIL_ZOOM; z <= 2.5; z += 0.01) {
      const title = headerTextPx(px('--nl-node-title'), z);
      const meta = headerTextPx(px('--nl-node-meta'), z);
      expect(title * z).toBeGreaterThanOrEqual(MIN_SCREEN_PX * 0.94);
      expect(meta * z).toBeGreaterThanOrEqual(MIN_SCREEN_PX * 0.94);
      // Two lines (line-height 1.2) and the 4 px padding fit the header's fixed height.
      expect((title + meta) * 1.2 + 8).toBeLessThanOrEqual(HEADER_HEIGHT);
    }
    expect(px('--nl-node-header')).toBe(HEADER_HEIGHT);
  });

  it('zoomed out, a name of two lines at its largest fits the fixed header', () => {
    expect(px('--nl-node-title')).toBe(TITLE_PX);
    // canvas.css: .nl-legible .nl-node__label, two lines at line-height 1.15.
    expect(MAX_LEGIBLE_PX * 1.15 * 2 + 8).toBeLessThanOrEqual(HEADER_HEIGHT);
    expect(namesGrow(legibleTextPx(1))).toBe(false);
    expect(namesGrow(legibleTextPx(0.8))).toBe(false);
    expect(namesGrow(legibleTextPx(0.5))).toBe(true);
  });

  it('leaves text at its own size when zoomed in, and changes in half-pixel steps', () => {
    expect(legibleTextPx(1)).toBe(0);
    expect(legibleTextPx(0.5)).toBe(20);
    expect(legibleTextPx(0.3)).toBe(MAX_LEGIBLE_PX);
    expect(legibleTextPx(0.6) * 2).toBe(Math.round(legibleTextPx(0.6) * 2));
  });
});
