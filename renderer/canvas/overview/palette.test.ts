import { describe, expect, it } from 'vitest';
import { bandColour } from './draw';
import type { OverviewBox } from './layout';
import {
  DEFAULT_PALETTE,
  groupColours,
  mixColours,
  parseColour,
  readPalette,
  withAlpha,
} from './palette';

const light: Record<string, string> = {
  '--nl-bg': '#eef0f4',
  '--nl-node-bg': ' #ffffff',
  '--nl-node-head': '#f3f4f7',
  '--nl-node-text': '#1b1f27',
  '--nl-cat-model': '#1f5fcc',
  '--nl-color-red': '#d9534f',
  '--nl-port-image': 'rgb(31, 127, 208)',
  '--nl-mode-bypass': 'not a colour',
};

describe('readPalette', () => {
  it('takes the colours the stylesheet resolves, trimmed, and mixes bands as the CSS does', () => {
    const p = readPalette((name) => light[name] ?? '');
    expect(p.body).toBe('#ffffff');
    expect(p.text).toBe('#1b1f27');
    expect(p.ports.image).toBe('rgb(31, 127, 208)');
    // Model band: 35% of the category's hue over the light header.
    expect(p.band.Models).toBe(mixColours('#1f5fcc', '#f3f4f7', 0.35));
    // A red node: 60% of the colour over the header (commands.css, low detail).
    expect(p.tint.red).toBe(mixColours('#d9534f', '#f3f4f7', 0.6));
    expect(p.band.unknown).toBe('#f3f4f7');
  });

  it('falls back to the dark theme for a missing or unreadable property', () => {
    const p = readPalette((name) => light[name] ?? '');
    expect(p.mode.bypass).toBe(DEFAULT_PALETTE.mode.bypass);
    expect(p.accent).toBe(DEFAULT_PALETTE.accent);
    expect(DEFAULT_PALETTE.body).toBe('#1d2027');
  });
});

describe('colour arithmetic', () => {
  it('parses hex and rgb() forms and rejects others', () => {
    expect(parseColour('#fff')).toEqual([255, 255, 255]);
    expect(parseColour('#3F6EA8')).toEqual([63, 110, 168]);
    expect(parseColour('rgb(1 2 3 / 50%)')).toEqual([1, 2, 3]);
    expect(parseColour('var(--x)')).toBeNull();
  });

  it('mixes like color-mix in srgb and adds alpha like color-mix with transparent', () => {
    expect(mixColours('#ffffff', '#000000', 0.5)).toBe('#808080');
    expect(mixColours('#ff0000', '#0000ff', 1)).toBe('#ff0000');
    expect(withAlpha('#3f6ea8', 0.14)).toBe('rgb(63 110 168 / 14%)');
    expect(groupColours('#3f6ea8', DEFAULT_PALETTE)).toEqual({
      fill: 'rgb(63 110 168 / 14%)',
      border: 'rgb(63 110 168 / 70%)',
      bar: mixColours('#3f6ea8', DEFAULT_PALETTE.body, 0.55),
    });
  });
});

describe('bandColour', () => {
  const box = (extra: Partial<OverviewBox>): OverviewBox => ({
    id: 'n',
    x: 0,
    y: 0,
    w: 100,
    h: 100,
    title: 'N',
    category: 'Models',
    inputs: [],
    outputs: [],
    ...extra,
  });
  it('is the mode colour over a node colour over the category colour', () => {
    const p = DEFAULT_PALETTE;
    expect(bandColour(box({}), p)).toBe(p.band.Models);
    expect(bandColour(box({ color: 'green' }), p)).toBe(p.tint.green);
    expect(bandColour(box({ color: 'green', mode: 'bypass' }), p)).toBe(
      mixColours(p.mode.bypass, p.head, 0.5),
    );
    expect(bandColour(box({ mode: 'mute' }), p)).not.toBe(bandColour(box({ mode: 'bypass' }), p));
  });
});
