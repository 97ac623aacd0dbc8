import { MAX_WORKFLOW_BYTES } from '../workflow/workflowText';
import { latin1Decode, utf8Decode, utf8Encode } from './utf8';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export const isPng = (b: Uint8Array): boolean => SIGNATURE.every((v, i) => b[i] === v);

interface Chunk {
  type: string;
  start: number;
  data: Uint8Array;
}

/**
 * The chunks up to and including IEND (anything after IEND is ignored). Throws when
 * the file is not a PNG or ends early: a truncated download must not be read as a
 * picture without its text, nor re-saved as one.
 */
function chunks(png: Uint8Array): Chunk[] {
  if (!isPng(png)) throw new Error('not a PNG file (the PNG signature is missing)');
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: Chunk[] = [];
  let at = 8;
  while (at + 8 <= png.length) {
    const len = dv.getUint32(at);
    const type = latin1Decode(png.subarray(at + 4, at + 8));
    if (at + 12 + len > png.length) {
      throw new Error(
        `truncated PNG: the ${type} chunk at byte ${at} runs past the end of the file`,
      );
    }
    out.push({ type, start: at, data: png.subarray(at + 8, at + 8 + len) });
    if (type === 'IEND') return out;
    at += 12 + len;
  }
  throw new Error('truncated PNG: the file ends before its IEND chunk');
}

/** The text of an uncompressed iTXt chunk, or undefined for compressed or malformed ones. */
function readITxt(data: Uint8Array): [string, string] | undefined {
  const nul = data.indexOf(0);
  // Keyword, NUL, compression flag, compression method.
  if (nul <= 0 || nul + 3 > data.length || data[nul + 1] !== 0) return undefined;
  const langEnd = data.indexOf(0, nul + 3);
  if (langEnd < 0) return undefined;
  const translatedEnd = data.indexOf(0, langEnd + 1);
  if (translatedEnd < 0) return undefined;
  return [latin1Decode(data.subarray(0, nul)), utf8Decode(data.subarray(translatedEnd + 1))];
}

export interface ReadPngTextOptions {
  /** Told about each text chunk left out: a bad checksum, or over the size limit. */
  onProblem?: (message: string) => void;
  /** The largest text chunk read; default MAX_WORKFLOW_BYTES (the workflow is the largest). */
  maxTextBytes?: number;
}

const isText = (type: string): boolean => type === 'tEXt' || type === 'iTXt' || type === 'zTXt';

/**
 * The text of a PNG's tEXt and (uncompressed) iTXt chunks by keyword. iTXt is
 * UTF-8, so prompts in any language survive; tEXt is Latin-1 by the PNG spec.
 * Compressed iTXt and zTXt chunks are skipped; a text chunk whose CRC is wrong
 * (damaged in transit) or that is over the size limit is left out, with a message
 * to `onProblem`. Throws for a file that is not a PNG or is truncated.
 */
export function readPngText(
  png: Uint8Array,
  options: ReadPngTextOptions = {},
): Record<string, string> {
  const maxBytes = options.maxTextBytes ?? MAX_WORKFLOW_BYTES;
  const problem = options.onProblem ?? (() => undefined);
  // No prototype: a keyword such as "__proto__" is just a keyword.
  const out = Object.create(null) as Record<string, string>;
  for (const c of chunks(png)) {
    if (!isText(c.type)) continue;
    const { type, data } = c;
    // Checked before anything is decoded or checksummed: the limit bounds the work too.
    if (data.length > maxBytes) {
      problem(
        `the ${type} text chunk at byte ${c.start} (${(data.length / 1024 / 1024).toFixed(1)} MiB) was skipped: ` +
          `the limit is ${(maxBytes / 1024 / 1024).toFixed(1)} MiB`,
      );
      continue;
    }
    const stored = new DataView(png.buffer, png.byteOffset).getUint32(c.start + 8 + data.length);
    if (crc32(png.subarray(c.start + 4, c.start + 8 + data.length)) !== stored) {
      problem(
        `the ${type} text chunk at byte ${c.start} was skipped: it is damaged (its checksum is wrong)`,
      );
      continue;
    }
    if (type === 'tEXt') {
      const nul = data.indexOf(0);
      if (nul > 0) out[latin1Decode(data.subarray(0, nul))] = latin1Decode(data.subarray(nul + 1));
    } else if (type === 'iTXt') {
      const entry = readITxt(data);
      if (entry) out[entry[0]] = entry[1];
    }
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  dv.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Returns the PNG with an uncompressed iTXt chunk per entry, placed before IEND;
 * earlier text chunks (tEXt, zTXt, iTXt) with the same keywords are dropped so
 * re-saving does not pile up copies. Throws for a file that is not a PNG or is
 * truncated.
 */
export function writePngText(png: Uint8Array, entries: Record<string, string>): Uint8Array {
  const keys = new Set(Object.keys(entries));
  for (const k of keys) {
    // 1-79 printable characters, no leading, trailing or double spaces (PNG spec 11.3.4).
    if (!/^[\x20-\x7e]{1,79}$/.test(k) || k !== k.trim() || k.includes('  '))
      throw new Error(`bad PNG text keyword: "${k}"`);
  }
  const parts: Uint8Array[] = [png.subarray(0, 8)];
  for (const c of chunks(png)) {
    const raw = png.subarray(c.start, c.start + 12 + c.data.length);
    if (c.type === 'IEND') {
      for (const [k, v] of Object.entries(entries)) {
        const keyword = Uint8Array.from(k, (ch) => ch.charCodeAt(0));
        const text = utf8Encode(v);
        const data = new Uint8Array(keyword.length + 5 + text.length);
        data.set(keyword, 0);
        // NUL, compression flag 0, method 0, empty language tag, empty translated keyword.
        data.set(text, keyword.length + 5);
        parts.push(chunk('iTXt', data));
      }
      parts.push(raw);
      break;
    }
    if (
      isText(c.type) &&
      keys.has(latin1Decode(c.data.subarray(0, Math.max(0, c.data.indexOf(0)))))
    )
      continue;
    parts.push(raw);
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The keywords Nodeloom writes. */
export const PNG_WORKFLOW_KEY = 'nodeloom.workflow';
export const PNG_PROVENANCE_KEY = 'nodeloom.provenance';
