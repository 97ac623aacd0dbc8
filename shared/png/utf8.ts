// shared/ has neither DOM nor Node types, so no TextEncoder: UTF-8 by hand.

export function utf8Encode(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    let c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // lone surrogate
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else
      out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

export function utf8Decode(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    let cp: number;
    let n: number;
    if (c < 0x80) [cp, n] = [c, 1];
    else if (c >> 5 === 6) [cp, n] = [c & 31, 2];
    else if (c >> 4 === 14) [cp, n] = [c & 15, 3];
    else if (c >> 3 === 30) [cp, n] = [c & 7, 4];
    else [cp, n] = [0xfffd, 1];
    for (let k = 1; k < n; k++) {
      const cc = b[i + k];
      if (cc === undefined || cc >> 6 !== 2) {
        [cp, n] = [0xfffd, k];
        break;
      }
      cp = (cp << 6) | (cc & 63);
    }
    s += String.fromCodePoint(cp);
    i += n;
  }
  return s;
}

export const latin1Decode = (b: Uint8Array): string => String.fromCharCode(...b);
