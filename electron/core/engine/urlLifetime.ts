/**
 * When a provider's output URL stops working, as far as the URL itself says.
 * Providers do not document how long their output URLs live, and a presigned URL
 * carries its own expiry: that is the only lifetime the engine trusts. Readable
 * forms (query parameter names compared without case):
 * - AWS SigV4 `X-Amz-Date` + `X-Amz-Expires`, Google V4 `X-Goog-Date` + `X-Goog-Expires`
 *   (a `YYYYMMDDTHHMMSSZ` signing time plus seconds);
 * - `Expires` / `exp` as epoch time (S3 SigV2, CloudFront, Google V2 and most
 *   signers: seconds; a value too large for seconds is read as milliseconds);
 * - Azure SAS `se` (an ISO 8601 time).
 * Anything else is unknown, and an unknown lifetime is treated as already over.
 */
export function urlExpiresAt(url: string): number | undefined {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return undefined;
  }
  const get = (name: string): string | undefined => {
    for (const [key, value] of params) if (key.toLowerCase() === name) return value;
    return undefined;
  };
  for (const vendor of ['amz', 'goog']) {
    const signed = signingTime(get(`x-${vendor}-date`));
    const seconds = wholeNumber(get(`x-${vendor}-expires`));
    if (signed !== undefined && seconds !== undefined) return signed + seconds * 1000;
  }
  const epoch = wholeNumber(get('expires') ?? get('exp'));
  // 1e11 s is the year 5138: a larger value can only be milliseconds.
  if (epoch !== undefined) return epoch > 1e11 ? epoch : epoch * 1000;
  const azure = get('se');
  if (azure !== undefined && /^\d{4}-\d{2}-\d{2}T/.test(azure)) {
    const at = Date.parse(azure);
    if (!Number.isNaN(at)) return at;
  }
  return undefined;
}

/** Whether the URL says it still works for at least `marginMs` after `now`. */
export function urlValidFor(url: string, now: number, marginMs: number): boolean {
  const expiresAt = urlExpiresAt(url);
  return expiresAt !== undefined && expiresAt - now >= marginMs;
}

function wholeNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,16}$/.test(value.trim())) return undefined;
  return Number(value);
}

/** `20261123T170405Z` -> epoch ms. */
function signingTime(value: string | undefined): number | undefined {
  const m = value && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
}
