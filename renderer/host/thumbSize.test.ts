import { describe, expect, it } from 'vitest';
import { thumbSizeFor } from './thumbSize';

describe('thumbSizeFor', () => {
  it('covers the box at the pixel ratio with the smallest allowed size', () => {
    expect(thumbSizeFor(36, 1)).toBe(128);
    expect(thumbSizeFor(64, 2)).toBe(128);
    expect(thumbSizeFor(160, 1)).toBe(256);
    expect(thumbSizeFor(160, 2)).toBe(512);
    expect(thumbSizeFor(64, 3)).toBe(256);
    expect(thumbSizeFor(380, 1)).toBe(512);
    expect(thumbSizeFor(600, 1)).toBe(1024);
  });

  it('stops at the largest size, and treats a ratio below 1 as 1', () => {
    expect(thumbSizeFor(400, 2)).toBe(1024);
    expect(thumbSizeFor(900, 2)).toBe(1024);
    expect(thumbSizeFor(200, 0.5)).toBe(256);
  });
});
