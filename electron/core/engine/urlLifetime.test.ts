import { describe, expect, it } from 'vitest';
import { urlExpiresAt, urlValidFor } from './urlLifetime';

const NOW = Date.UTC(2026, 10, 23, 17, 0, 0);
const MIN = 60_000;

describe('urlExpiresAt reads the expiry a signed URL states', () => {
  it.each([
    [
      'AWS SigV4 (date + seconds)',
      'https://b.s3.amazonaws.com/o.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261123T170000Z&X-Amz-Expires=3600&X-Amz-Signature=ab',
      NOW + 60 * MIN,
    ],
    [
      'Google V4 (date + seconds), lower-case names',
      'https://storage.googleapis.com/b/o.png?x-goog-date=20261123T170000Z&x-goog-expires=600&x-goog-signature=ab',
      NOW + 10 * MIN,
    ],
    [
      'S3 SigV2 / CloudFront Expires in seconds',
      `https://cdn.example/o.png?Expires=${NOW / 1000 + 300}&Signature=x&Key-Pair-Id=K`,
      NOW + 5 * MIN,
    ],
    [
      'expires in milliseconds',
      `https://h.example/o.png?expires=${NOW + MIN}&signature=x`,
      NOW + MIN,
    ],
    [
      'Azure SAS se',
      'https://a.blob.core.windows.net/c/o.png?sv=2024&se=2026-11-23T18:00:00Z&sig=x',
      NOW + 60 * MIN,
    ],
  ])('%s', (_name, url, expected) => {
    expect(urlExpiresAt(url)).toBe(expected);
  });

  it.each([
    ['no expiry parameter', 'https://cdn.example/outputs/o.png'],
    ['a token that is not a time', 'https://cdn.example/o.png?token=abc&expires=soon'],
    [
      'a signing date without a lifetime',
      'https://b.s3.amazonaws.com/o.png?X-Amz-Date=20261123T170000Z',
    ],
    ['not a URL', 'not a url'],
  ])('is unknown for %s', (_name, url) => {
    expect(urlExpiresAt(url)).toBeUndefined();
  });
});

describe('urlValidFor: a URL is sent on only when its own expiry leaves the margin', () => {
  const at = (ms: number) => `https://h.example/o.png?expires=${ms}`;
  it('keeps a URL valid for longer than the margin', () => {
    expect(urlValidFor(at(NOW + 15 * MIN), NOW, 10 * MIN)).toBe(true);
  });
  it('drops a URL that expires within the margin, or has expired', () => {
    expect(urlValidFor(at(NOW + 5 * MIN), NOW, 10 * MIN)).toBe(false);
    expect(urlValidFor(at(NOW - MIN), NOW, 10 * MIN)).toBe(false);
  });
  it('drops a URL whose lifetime is unknown, however recently it arrived', () => {
    expect(urlValidFor('https://cdn.example/o.png', NOW, 0)).toBe(false);
  });
});
