import type { NodeColor, NodeMode } from '../../../shared/graph/document';
import type { NodeCategory, PortType } from '../../../shared/nodes/spec';

/**
 * The overview's colours, read from the same CSS custom properties the DOM view uses
 * (tokens.css, canvas.css, commands.css, organise.css), so the canvas follows the
 * theme. Pure: `readPalette` takes a property lookup (getComputedStyle in the app),
 * and the mixes the stylesheets do with color-mix() are done here once per theme.
 */

export interface OverviewPalette {
  /** The canvas behind everything (dimming fades towards it). */
  bg: string;
  body: string;
  head: string;
  border: string;
  text: string;
  muted: string;
  accent: string;
  selected: string;
  /** The title band by category: the category's hue mixed into the header colour. */
  band: Record<NodeCategory | 'unknown', string>;
  /** The title band of a node given a colour (commands.css's low-detail header). */
  tint: Record<NodeColor, string>;
  ports: Record<PortType | 'unknown', string>;
  state: { running: string; done: string; failed: string };
  mode: Record<NodeMode, string>;
  note: { bg: string; border: string; text: string };
}

/** Looks up a custom property's computed value ('' when unset). */
export type StyleLookup = (name: string) => string;

/** The dark theme's values: what a property that is missing or unreadable falls back to. */
const FALLBACK: Record<string, string> = {
  '--nl-bg': '#15171c',
  '--nl-node-bg': '#1d2027',
  '--nl-node-head': '#262a33',
  '--nl-node-border': '#3a404c',
  '--nl-node-text': '#e6e9f0',
  '--nl-node-muted': '#a2aab8',
  '--nl-node-accent': '#6aa6ff',
  '--nl-selected-edge': '#ffffff',
  '--nl-cat-input': '#8fd16a',
  '--nl-cat-model': '#6aa6ff',
  '--nl-cat-output': '#c49af5',
  '--nl-port-text': '#8fd16a',
  '--nl-port-image': '#5fb0f5',
  '--nl-port-image-list': '#b48cf2',
  '--nl-port-unknown': '#8a909c',
  '--nl-state-running': '#6aa6ff',
  '--nl-state-done': '#62cf92',
  '--nl-state-failed': '#ff8080',
  '--nl-mode-bypass': '#a77be8',
  '--nl-mode-mute': '#7d8595',
  '--nl-note-bg': '#35321f',
  '--nl-note-border': '#5c5437',
  '--nl-note-text': '#f1ead0',
  '--nl-color-red': '#d9534f',
  '--nl-color-orange': '#e07b39',
  '--nl-color-yellow': '#d4b13a',
  '--nl-color-green': '#4fae6a',
  '--nl-color-teal': '#3aa8a0',
  '--nl-color-blue': '#4a86d8',
  '--nl-color-purple': '#9366d4',
  '--nl-color-pink': '#d45c9a',
};

type Rgb = [number, number, number];

/** `#rgb`, `#rrggbb`, `rgb(r g b)` or `rgb(r, g, b)` (alpha ignored); null for anything else. */
export function parseColour(value: string): Rgb | null {
  const v = value.trim().toLowerCase();
  let m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(v);
  if (m) {
    const h = m[1]!;
    const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
    return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as Rgb;
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(v);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])].map((n) => Math.round(n)) as Rgb;
  return null;
}

const hex = ([r, g, b]: Rgb): string =>
  '#' + [r, g, b].map((n) => Math.max(0, Math.min(255, n)).toString(16).padStart(2, '0')).join('');

/** color-mix(in srgb, a share%, b): `share` of `a` over `b`, as a #rrggbb. */
export function mixColours(a: string, b: string, share: number): string {
  const x = parseColour(a);
  const y = parseColour(b);
  if (!x || !y) return x ? hex(x) : b;
  return hex([0, 1, 2].map((i) => Math.round(x[i]! * share + y[i]! * (1 - share))) as Rgb);
}

/** `colour` at `alpha` as rgb() with an alpha (color-mix with transparent). */
export function withAlpha(colour: string, alpha: number): string {
  const c = parseColour(colour);
  return c ? `rgb(${c[0]} ${c[1]} ${c[2]} / ${Math.round(alpha * 100)}%)` : colour;
}

/** The overview's palette from the custom properties `lookup` resolves (fallbacks: the dark theme). */
export function readPalette(lookup: StyleLookup): OverviewPalette {
  const get = (name: string): string => {
    const v = lookup(name).trim();
    return v && parseColour(v) ? v : FALLBACK[name]!;
  };
  const head = get('--nl-node-head');
  // The category's hue carried by the whole band: at overview sizes the DOM's thin
  // stripe would be a pixel, and the hue is how a pipeline's parts are told apart.
  const cat = (name: string) => mixColours(get(name), head, 0.35);
  // commands.css: `.nl-low-detail .nl-colored .nl-node__title` mixes 60% of the colour in.
  const tint = (c: NodeColor) => mixColours(get(`--nl-color-${c}`), head, 0.6);
  return {
    bg: get('--nl-bg'),
    body: get('--nl-node-bg'),
    head,
    border: get('--nl-node-border'),
    text: get('--nl-node-text'),
    muted: get('--nl-node-muted'),
    accent: get('--nl-node-accent'),
    selected: get('--nl-selected-edge'),
    band: {
      Inputs: cat('--nl-cat-input'),
      Models: cat('--nl-cat-model'),
      Outputs: cat('--nl-cat-output'),
      Components: mixColours(get('--nl-color-purple'), head, 0.35),
      Layout: head,
      unknown: head,
    },
    tint: {
      red: tint('red'),
      orange: tint('orange'),
      yellow: tint('yellow'),
      green: tint('green'),
      teal: tint('teal'),
      blue: tint('blue'),
      purple: tint('purple'),
      pink: tint('pink'),
    },
    ports: {
      text: get('--nl-port-text'),
      image: get('--nl-port-image'),
      'image[]': get('--nl-port-image-list'),
      any: get('--nl-port-unknown'),
      unknown: get('--nl-port-unknown'),
    },
    state: {
      running: get('--nl-state-running'),
      done: get('--nl-state-done'),
      failed: get('--nl-state-failed'),
    },
    mode: { bypass: get('--nl-mode-bypass'), mute: get('--nl-mode-mute') },
    note: { bg: get('--nl-note-bg'), border: get('--nl-note-border'), text: get('--nl-note-text') },
  };
}

/** The dark palette with no stylesheet (tests, and the first frame before styles resolve). */
export const DEFAULT_PALETTE: OverviewPalette = readPalette(() => '');

/** A group's frame colours (organise.css): body 14% of its colour, border 70%, bar 55% over the node colour. */
export function groupColours(colour: string, p: OverviewPalette) {
  return {
    fill: withAlpha(colour, 0.14),
    border: withAlpha(colour, 0.7),
    bar: mixColours(colour, p.body, 0.55),
  };
}
