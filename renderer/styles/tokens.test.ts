/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import css from './tokens.css?raw';
import { contrastRatio, parseHex, resolveToken, tokensBySelector } from './contrast';

const rules = tokensBySelector(css);
const dark = { ...rules.get(':root'), ...rules.get(":root[data-theme='dark']") };
const themes = {
  dark,
  light: { ...dark, ...rules.get(":root[data-theme='light']") },
};

/** Text on the backgrounds it is drawn on (app.css, canvas.css). AA: 4.5 for text. */
const TEXT_PAIRS: [text: string, background: string][] = [
  ['--nl-text', '--nl-bg'],
  ['--nl-text', '--nl-surface'],
  ['--nl-text', '--nl-surface-2'],
  ['--nl-text', '--nl-surface-3'],
  ['--nl-text', '--nl-field'],
  ['--nl-text', '--nl-danger-soft'],
  ['--nl-text', '--nl-warning-soft'],
  ['--nl-text', '--nl-info-soft'],
  ['--nl-muted', '--nl-bg'],
  ['--nl-muted', '--nl-surface'],
  ['--nl-muted', '--nl-surface-2'],
  ['--nl-muted', '--nl-field'],
  ['--nl-on-accent', '--nl-accent-strong'],
  ['--nl-on-accent', '--nl-danger-strong'],
  ['--nl-accent', '--nl-surface'],
  ['--nl-accent', '--nl-surface-2'],
  ['--nl-danger', '--nl-surface'],
  ['--nl-danger', '--nl-surface-2'],
  ['--nl-warning', '--nl-surface'],
  ['--nl-ok', '--nl-surface'],
  ['--nl-ok', '--nl-surface-2'],
  ['--nl-info', '--nl-surface'],
  // A bypassed or muted node's header and badge (organise.css).
  ['--nl-mode-bypass-text', '--nl-mode-bypass-header'],
  ['--nl-mode-mute-text', '--nl-mode-mute-header'],
  ['--nl-mode-badge-ink', '--nl-mode-bypass'],
  ['--nl-mode-badge-ink', '--nl-mode-mute'],
  ...(
    [
      'idle',
      'waiting',
      'running',
      'downloading',
      'done',
      'cached',
      'failed',
      'cancelled',
      'held',
    ] as const
  ).map((s): [string, string] => [`--nl-state-${s}`, '--nl-surface']),
];

/** Parts of graphics (wires, handles, focus ring, borders of controls): AA asks 3:1. */
const GRAPHIC_PAIRS: [string, string][] = [
  ['--nl-port-text', '--nl-bg'],
  ['--nl-port-image', '--nl-bg'],
  ['--nl-port-image-list', '--nl-bg'],
  ['--nl-accent', '--nl-bg'],
  ['--nl-border-strong', '--nl-field'],
  ['--nl-cat-input', '--nl-surface'],
  ['--nl-cat-model', '--nl-surface'],
  ['--nl-cat-output', '--nl-surface'],
];

const ratio = (vars: Record<string, string>, a: string, b: string): number =>
  contrastRatio(parseHex(resolveToken(vars, a)), parseHex(resolveToken(vars, b)));

describe('design tokens meet WCAG AA contrast', () => {
  for (const [name, vars] of Object.entries(themes)) {
    it.each(TEXT_PAIRS)(`${name}: text %s on %s is at least 4.5:1`, (text, bg) => {
      expect(ratio(vars, text, bg)).toBeGreaterThanOrEqual(4.5);
    });
    it.each(GRAPHIC_PAIRS)(`${name}: graphic %s on %s is at least 3:1`, (fg, bg) => {
      expect(ratio(vars, fg, bg)).toBeGreaterThanOrEqual(3);
    });
  }

  it('computes the contrast ratio as WCAG defines it (black on white is 21:1)', () => {
    expect(contrastRatio(parseHex('#000'), parseHex('#ffffff'))).toBeCloseTo(21, 5);
    expect(contrastRatio(parseHex('#777777'), parseHex('#ffffff'))).toBeCloseTo(4.48, 2);
  });

  it('defines every token of the dark theme in the light theme too (or shares it)', () => {
    for (const name of Object.keys(themes.dark).filter((n) => n.startsWith('--nl-')))
      expect(() => resolveToken(themes.light, name)).not.toThrow();
  });
});
