// shared/ type-checks without DOM or Node types, yet every runtime it runs in (the
// browser, Node, Electron) has TextEncoder and TextDecoder: declared here, minimally,
// rather than pulling in either lib (a stray `window` or `Buffer` must stay an error).
interface Utf8Encoder {
  encode(text: string): Uint8Array;
}
interface Utf8Decoder {
  decode(bytes: Uint8Array): string;
}
interface TextCoding {
  TextEncoder: new () => Utf8Encoder;
  TextDecoder: new (label: 'utf-8', options: { ignoreBOM: boolean }) => Utf8Decoder;
}
const coding = globalThis as unknown as TextCoding;

const encoder = new coding.TextEncoder();
// ignoreBOM keeps a byte order mark as text: what to do with one is the reader's call.
const decoder = new coding.TextDecoder('utf-8', { ignoreBOM: true });

/** UTF-8 bytes of `s`; a lone surrogate becomes U+FFFD. */
export const utf8Encode = (s: string): Uint8Array => encoder.encode(s);

/**
 * Decodes UTF-8. Malformed input never throws: each maximal invalid subsequence
 * becomes one U+FFFD, as the WHATWG Encoding Standard says.
 */
export const utf8Decode = (b: Uint8Array): string => decoder.decode(b);

/** Latin-1 (ISO 8859-1): one character per byte, in slices within the argument limit. */
export function latin1Decode(b: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < b.length; i += 8192) {
    parts.push(String.fromCharCode(...b.subarray(i, i + 8192)));
  }
  return parts.join('');
}
