/**
 * WCAG 2.x contrast between two sRGB colours, for checking the design tokens.
 * https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio
 */

export type Rgb = readonly [number, number, number];

/** `#rgb` or `#rrggbb`. */
export function parseHex(hex: string): Rgb {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) throw new Error(`not a hex colour: ${hex}`);
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as unknown as Rgb;
}

const channel = (c: number): number => {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};

export const luminance = ([r, g, b]: Rgb): number =>
  0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The custom properties a CSS rule block sets, by selector: `{ ':root': { '--nl-bg': '#15171c' } }`.
 * Enough for tokens.css (flat rules, no nesting); a value that is another variable
 * (`var(--nl-muted)`) is resolved within the same theme.
 */
export function tokensBySelector(css: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  const noComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const m of noComments.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const vars: Record<string, string> = {};
    for (const d of m[2]!.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) vars[d[1]!] = d[2]!.trim();
    for (const selector of m[1]!.split(',').map((s) => s.trim()))
      out.set(selector, { ...out.get(selector), ...vars });
  }
  return out;
}

/** Follows `var(--x)` references to a literal value. */
export function resolveToken(vars: Record<string, string>, name: string): string {
  let value = vars[name];
  for (let depth = 0; value !== undefined && depth < 8; depth++) {
    const ref = /^var\((--[\w-]+)\)$/.exec(value);
    if (!ref) return value;
    value = vars[ref[1]!];
  }
  throw new Error(`token ${name} does not resolve to a value`);
}
