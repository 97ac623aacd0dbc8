/** What a Load Image source names. */
export type ImageSourceKind = 'empty' | 'url' | 'data' | 'file';

/**
 * How every layer reads a Load Image source: one rule, so no source can be a URL or
 * embedded data to one layer and a file path to another. Schemes are matched in any
 * case (RFC 3986, RFC 2397); anything that is not https or data names a file.
 */
export function imageSourceKind(source: unknown): ImageSourceKind {
  if (typeof source !== 'string') return 'empty';
  const s = source.trim();
  if (s === '') return 'empty';
  if (/^https:\/\//i.test(s)) return 'url';
  if (/^data:/i.test(s)) return 'data';
  return 'file';
}
