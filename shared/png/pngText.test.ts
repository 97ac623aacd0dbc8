import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { PNG_PROVENANCE_KEY, PNG_WORKFLOW_KEY, isPng, readPngText, writePngText } from './pngText';
import { latin1Decode, utf8Decode, utf8Encode } from './utf8';

const JAPANESE = '「夕暮れの灯台、雪が舞う」';
/** 🌊 and 🏮 lie outside the BMP (surrogate pairs in JS, 4 bytes in UTF-8); ✨ does not. */
const EMOJI = '🌊🏮✨ waves, lantern, sparkle 👩‍🎨';

const workflowText = JSON.stringify({
  format: 'nodeloom.workflow',
  graph: {
    nodes: [
      { id: 'p', params: { text: JAPANESE } },
      { id: 'q', params: { text: EMOJI } },
    ],
  },
});
const provenanceText = JSON.stringify({ nodeId: 'q', provider: 'RunComfy', prompt: EMOJI });

interface RawChunk {
  type: string;
  data: Buffer;
  crcOk: boolean;
}

/** Every chunk of a PNG, each CRC checked with zlib's crc32 (independent of pngText.ts). */
function rawChunks(png: Uint8Array): RawChunk[] {
  const b = Buffer.from(png);
  const out: RawChunk[] = [];
  for (let at = 8; at < b.length;) {
    const len = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    const data = b.subarray(at + 8, at + 8 + len);
    const crcOk = b.readUInt32BE(at + 8 + len) === crc32(b.subarray(at + 4, at + 8 + len));
    out.push({ type, data, crcOk });
    at += 12 + len;
  }
  return out;
}

/** A chunk as another tool would write it. */
function makeChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Inserts chunks right after IHDR (8-byte signature + 25-byte IHDR). */
const insertAfterIhdr = (png: Buffer, ...chunks: Buffer[]): Buffer =>
  Buffer.concat([png.subarray(0, 33), ...chunks, png.subarray(33)]);

let png: Buffer;
let pixels: Buffer;

beforeAll(async () => {
  const image = sharp({ create: { width: 7, height: 5, channels: 3, background: '#2a6f97' } });
  png = await image.png().toBuffer();
  pixels = await sharp(png).raw().toBuffer();
});

describe('writePngText / readPngText', () => {
  it('round-trips workflow and provenance text with Japanese and emoji prompts byte-exactly', () => {
    const out = writePngText(png, {
      [PNG_WORKFLOW_KEY]: workflowText,
      [PNG_PROVENANCE_KEY]: provenanceText,
    });
    const text = readPngText(out);
    expect(text).toEqual({
      [PNG_WORKFLOW_KEY]: workflowText,
      [PNG_PROVENANCE_KEY]: provenanceText,
    });
    expect(Buffer.from(text[PNG_WORKFLOW_KEY]!, 'utf8')).toEqual(Buffer.from(workflowText, 'utf8'));
    expect(JSON.parse(text[PNG_PROVENANCE_KEY]!).prompt).toBe(EMOJI);
    expect(JSON.parse(text[PNG_WORKFLOW_KEY]!).graph.nodes[0].params.text).toBe(JAPANESE);
  });

  it('stores the text as UTF-8 in uncompressed iTXt chunks placed before IEND', () => {
    const out = writePngText(png, { [PNG_WORKFLOW_KEY]: JAPANESE });
    const chunks = rawChunks(out);
    expect(chunks.map((c) => c.type).slice(-2)).toEqual(['iTXt', 'IEND']);
    const expected = Buffer.concat([
      Buffer.from(`${PNG_WORKFLOW_KEY}\0\0\0\0\0`, 'latin1'),
      Buffer.from(JAPANESE, 'utf8'),
    ]);
    expect(chunks.at(-2)!.data).toEqual(expected);
  });

  it('replaces text already stored under the same keys instead of adding copies', () => {
    const first = writePngText(png, { [PNG_WORKFLOW_KEY]: 'old graph', other: 'kept' });
    const second = writePngText(first, { [PNG_WORKFLOW_KEY]: workflowText });
    const third = writePngText(second, { [PNG_WORKFLOW_KEY]: workflowText });
    const textChunks = rawChunks(third).filter((c) => c.type === 'iTXt');
    expect(textChunks).toHaveLength(2);
    expect(readPngText(third)).toEqual({ [PNG_WORKFLOW_KEY]: workflowText, other: 'kept' });
    expect(third).toEqual(second);
  });

  it('replaces a tEXt chunk another tool wrote under the same keyword', () => {
    const foreign = insertAfterIhdr(
      png,
      makeChunk('tEXt', Buffer.from(`${PNG_WORKFLOW_KEY}\0stale`, 'latin1')),
    );
    const out = writePngText(foreign, { [PNG_WORKFLOW_KEY]: 'fresh' });
    expect(rawChunks(out).filter((c) => c.type === 'tEXt')).toEqual([]);
    expect(readPngText(out)).toEqual({ [PNG_WORKFLOW_KEY]: 'fresh' });
  });

  it('produces a valid PNG: every CRC is right and sharp decodes the same pixels', async () => {
    const out = writePngText(png, {
      [PNG_WORKFLOW_KEY]: workflowText,
      [PNG_PROVENANCE_KEY]: provenanceText,
    });
    expect(isPng(out)).toBe(true);
    const chunks = rawChunks(out);
    expect(chunks.every((c) => c.crcOk)).toBe(true);
    expect(chunks[0]!.type).toBe('IHDR');
    expect(chunks.at(-1)!.type).toBe('IEND');
    const meta = await sharp(Buffer.from(out)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 7, 5]);
    expect(await sharp(Buffer.from(out)).raw().toBuffer()).toEqual(pixels);
  });

  it('reads tEXt chunks written by another tool as Latin-1', () => {
    const latin1 = 'Café – naïve ½ ©'.replace('–', '-');
    const foreign = insertAfterIhdr(
      png,
      makeChunk('tEXt', Buffer.from(`Comment\0${latin1}`, 'latin1')),
      makeChunk('tEXt', Buffer.from('Software\0OtherTool 2.1', 'latin1')),
    );
    // 0xE9 is "é" in Latin-1; read as UTF-8 it would be a replacement character.
    expect(Buffer.from(latin1, 'latin1')).toContain(0xe9);
    expect(readPngText(foreign)).toEqual({ Comment: latin1, Software: 'OtherTool 2.1' });
  });

  it('reads iTXt chunks that carry a language tag and a translated keyword', () => {
    const data = Buffer.concat([
      Buffer.from('Title\0\0\0ja\0', 'latin1'),
      Buffer.from('題名\0', 'utf8'),
      Buffer.from(JAPANESE, 'utf8'),
    ]);
    expect(readPngText(insertAfterIhdr(png, makeChunk('iTXt', data)))).toEqual({
      Title: JAPANESE,
    });
  });

  it('skips compressed and malformed iTXt chunks instead of returning garbage', () => {
    const compressed = makeChunk('iTXt', Buffer.from('Packed\0\x01\0\0\0xx', 'latin1'));
    const noTerminators = makeChunk('iTXt', Buffer.from('Broken\0\0\0en', 'latin1'));
    expect(readPngText(insertAfterIhdr(png, compressed, noTerminators))).toEqual({});
  });

  it('skips a text chunk whose CRC is wrong, saying so, and still reads the others', () => {
    const good = makeChunk('tEXt', Buffer.from('Author\0someone', 'latin1'));
    const damaged = makeChunk('iTXt', Buffer.from(`${PNG_WORKFLOW_KEY}\0\0\0\0\0{"x":1}`));
    // A flipped bit in the text, as a bad transfer leaves it.
    damaged[damaged.length - 6] = damaged[damaged.length - 6]! ^ 0x20;
    const problems: string[] = [];
    const text = readPngText(insertAfterIhdr(png, good, damaged), {
      onProblem: (m) => problems.push(m),
    });
    expect(text).toEqual({ Author: 'someone' });
    expect(problems).toEqual([
      `the iTXt text chunk at byte ${33 + good.length} was skipped: it is damaged (its checksum is wrong)`,
    ]);
  });

  it('skips a text chunk over the size limit without decoding it, saying so', () => {
    const withText = writePngText(png, { [PNG_WORKFLOW_KEY]: 'x'.repeat(3 * 1024 * 1024) });
    const problems: string[] = [];
    const text = readPngText(withText, {
      maxTextBytes: 2 * 1024 * 1024,
      onProblem: (m) => problems.push(m),
    });
    expect(text).toEqual({});
    expect(problems).toEqual([
      expect.stringMatching(
        /^the iTXt text chunk at byte \d+ \(3\.0 MiB\) was skipped: the limit is 2\.0 MiB$/,
      ),
    ]);
  });

  it('reads a "__proto__" keyword as a keyword, changing no prototype', () => {
    const chunk = makeChunk('tEXt', Buffer.from('__proto__\0{"polluted":true}', 'latin1'));
    const text = readPngText(insertAfterIhdr(png, chunk));
    expect(Object.keys(text)).toEqual(['__proto__']);
    expect((text as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('returns no entries for a PNG without text', () => {
    expect(readPngText(png)).toEqual({});
  });

  it('refuses a file that is not a PNG with a clear error', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
    expect(() => readPngText(jpeg)).toThrow(/not a PNG file/);
    expect(() => writePngText(jpeg, { a: 'b' })).toThrow(/not a PNG file/);
    expect(() => readPngText(new Uint8Array())).toThrow(/not a PNG file/);
  });

  it('refuses a truncated PNG (no IEND) with a clear error, for reading and writing', () => {
    const withoutEnd = png.subarray(0, png.length - 12);
    expect(() => readPngText(withoutEnd)).toThrow(/truncated PNG.*IEND/);
    expect(() => writePngText(withoutEnd, { a: 'b' })).toThrow(/truncated PNG.*IEND/);
    const midChunk = png.subarray(0, 70); // inside the IDAT data
    expect(() => readPngText(midChunk)).toThrow(/truncated PNG: the IDAT chunk/);
    expect(() => writePngText(midChunk, { a: 'b' })).toThrow(/truncated PNG/);
  });

  it('refuses keywords the PNG spec does not allow', () => {
    for (const bad of ['', 'x'.repeat(80), ' lead', 'trail ', 'two  spaces', 'ключ', 'a\0b']) {
      expect(() => writePngText(png, { [bad]: 'v' }), JSON.stringify(bad)).toThrow(/keyword/);
    }
    expect(() => writePngText(png, { ['x'.repeat(79)]: 'v' })).not.toThrow();
  });
});

describe('utf8Encode / utf8Decode', () => {
  const samples = [
    '',
    'plain ASCII',
    JAPANESE,
    EMOJI,
    '\u0000\u007f\u0080\u07ff\u0800\uffff',
    '\u{10000}\u{10ffff}',
    'Ελληνικά, العربية, עברית, हिन्दी',
    'lone high \ud800 surrogate',
    'lone low \udfff surrogate',
    'reversed pair \udc00\ud800',
    'high at end \udbff',
  ];

  it.each(samples)('encodes %j to the same bytes as Buffer', (s) => {
    expect(Buffer.from(utf8Encode(s))).toEqual(Buffer.from(s, 'utf8'));
  });

  it.each(samples)('decodes the UTF-8 of %j to the same string as Buffer', (s) => {
    const bytes = Buffer.from(s, 'utf8');
    expect(utf8Decode(bytes)).toBe(bytes.toString('utf8'));
  });

  /** Code units (lone surrogates among them), ASCII and astral code points, mixed. */
  const anyString = fc
    .array(
      fc.oneof(
        fc.integer({ min: 0, max: 0x7f }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0xd800, max: 0xdfff }),
        fc.integer({ min: 0x10000, max: 0x10ffff }),
      ),
      { maxLength: 48 },
    )
    .map((codes) => codes.map((c) => String.fromCodePoint(c)).join(''));

  it('agrees with Buffer on arbitrary strings, lone surrogates included', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const ours = utf8Encode(s);
        const node = Buffer.from(s, 'utf8');
        return node.equals(ours) && utf8Decode(ours) === node.toString('utf8');
      }),
      { seed: 20240611, numRuns: 500 },
    );
  });

  it('decodes malformed bytes like Buffer: one U+FFFD per maximal invalid subsequence', () => {
    const cases = [
      [0xc0, 0x80], // overlong NUL
      [0xe0, 0x80, 0x80], // overlong
      [0xed, 0xa0, 0x80], // encoded surrogate
      [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
      [0xf7, 0xbf, 0xbf, 0xbf], // 21-bit lead byte
      [0xff, 0xfe, 0x41],
      [0xe3, 0x81, 0x41], // truncated 3-byte sequence then "A"
      [0xf0, 0x9f, 0x8c], // truncated at the end
      [0x80, 0xbf],
    ];
    for (const bytes of cases) {
      const b = Buffer.from(bytes);
      expect(utf8Decode(b), b.toString('hex')).toBe(b.toString('utf8'));
    }
  });

  it('agrees with Buffer on arbitrary bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        (bytes) => utf8Decode(bytes) === Buffer.from(bytes).toString('utf8'),
      ),
      { seed: 20240611, numRuns: 1000 },
    );
  });

  it('encodes and decodes 112 MiB of text (one array element per byte aborted Node at 110 MiB)', () => {
    const size = 112 * 1024 * 1024;
    const bytes = utf8Encode('a'.repeat(size));
    expect(bytes.length).toBe(size);
    expect(bytes[size - 1]).toBe(0x61);
    expect(utf8Decode(bytes).length).toBe(size);
  });

  it('decodes large inputs without exceeding the call stack', () => {
    const big = 'a🌊'.repeat(100_000);
    expect(utf8Decode(utf8Encode(big))).toBe(big);
    const bytes = new Uint8Array(300_000).fill(0xe9);
    expect(latin1Decode(bytes)).toBe(Buffer.from(bytes).toString('latin1'));
  });
});
