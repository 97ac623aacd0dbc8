// shared/ has neither DOM nor Node types, so no TextEncoder: UTF-8 by hand, with the
// WHATWG Encoding Standard's rules, so results match TextDecoder and Node's Buffer.

const REPLACEMENT = 0xfffd;

/** UTF-8 bytes of `s`; a lone surrogate becomes U+FFFD, as in TextEncoder. */
export function utf8Encode(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    let c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) c = REPLACEMENT; // lone surrogate
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else
      out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** Strings from UTF-16 code units, in slices small enough for the argument limit. */
function fromCodeUnits(units: ArrayLike<number>): string {
  const parts: string[] = [];
  for (let i = 0; i < units.length; i += 8192) {
    parts.push(String.fromCharCode(...Array.prototype.slice.call(units, i, i + 8192)));
  }
  return parts.join('');
}

/**
 * Decodes UTF-8. Malformed input never throws: each maximal invalid subsequence
 * becomes one U+FFFD (overlong forms, surrogates and code points above U+10FFFF
 * included), exactly as TextDecoder and Buffer#toString('utf8') do.
 */
export function utf8Decode(b: Uint8Array): string {
  const units: number[] = [];
  const emit = (cp: number): void => {
    if (cp < 0x10000) units.push(cp);
    else units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
  };
  let cp = 0;
  let needed = 0;
  let seen = 0;
  let lower = 0x80;
  let upper = 0xbf;
  for (let i = 0; i < b.length; i++) {
    const byte = b[i]!;
    if (needed === 0) {
      if (byte < 0x80) units.push(byte);
      else if (byte >= 0xc2 && byte <= 0xdf) [needed, cp] = [1, byte & 0x1f];
      else if (byte >= 0xe0 && byte <= 0xef) {
        if (byte === 0xe0) lower = 0xa0;
        if (byte === 0xed) upper = 0x9f;
        [needed, cp] = [2, byte & 0xf];
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        if (byte === 0xf0) lower = 0x90;
        if (byte === 0xf4) upper = 0x8f;
        [needed, cp] = [3, byte & 0x7];
      } else units.push(REPLACEMENT);
      continue;
    }
    if (byte < lower || byte > upper) {
      // The sequence so far is one error; the byte starts over on its own.
      [cp, needed, seen, lower, upper] = [0, 0, 0, 0x80, 0xbf];
      units.push(REPLACEMENT);
      i--;
      continue;
    }
    [lower, upper] = [0x80, 0xbf];
    cp = (cp << 6) | (byte & 0x3f);
    if (++seen === needed) {
      emit(cp);
      [cp, needed, seen] = [0, 0, 0];
    }
  }
  if (needed !== 0) units.push(REPLACEMENT);
  return fromCodeUnits(units);
}

/** Latin-1 (ISO 8859-1): one character per byte. */
export const latin1Decode = (b: Uint8Array): string => fromCodeUnits(b);
