import { describe, expect, it } from 'vitest';
import { sniffImageType } from './sniff';

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  new Uint8Array(
    parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)),
  );

describe('sniffImageType', () => {
  it.each([
    ['image/png', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a], 'rest')],
    ['image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0])],
    ['image/webp', bytes('RIFF', [1, 0, 0, 0], 'WEBPVP8 ')],
    ['image/gif', bytes('GIF89a', [1, 0])],
    ['image/gif', bytes('GIF87a')],
  ])('knows %s from its first bytes', (type, data) => expect(sniffImageType(data)).toBe(type));

  it.each([
    ['a script', bytes('<script>alert(1)</script>')],
    ['a page', bytes('<!doctype html>')],
    ['a PNG signature cut short', bytes([0x89], 'PNG')],
    ['a RIFF file that is not WebP', bytes('RIFF', [1, 0, 0, 0], 'WAVEfmt ')],
    ['nothing', bytes()],
  ])('refuses %s', (_what, data) => expect(sniffImageType(data)).toBeUndefined());
});
