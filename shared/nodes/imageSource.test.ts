import { describe, expect, it } from 'vitest';
import { imageSourceKind } from './imageSource';

describe('imageSourceKind', () => {
  it('reads sources as every layer does: https and data in any case, anything else a file', () => {
    const cases: [unknown, string][] = [
      [undefined, 'empty'],
      ['   ', 'empty'],
      ['https://example.com/a.png', 'url'],
      [' HTTPS://example.com/a.png', 'url'],
      ['data:image/png;base64,AA', 'data'],
      ['DATA:image/png;base64,AA', 'data'],
      ['DATA:x/../../secret.png', 'data'],
      ['img/cat.png', 'file'],
      ['../shared/cat.png', 'file'],
      ['/abs/cat.png', 'file'],
      ['http://example.com/a.png', 'file'],
    ];
    for (const [source, kind] of cases)
      expect([source, imageSourceKind(source)]).toEqual([source, kind]);
  });
});
