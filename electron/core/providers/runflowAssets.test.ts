import { describe, expect, it } from 'vitest';
import { RUNFLOW_INLINE_MAX_BYTES, RUNFLOW_UPLOAD_MAX_BYTES } from './runflowAssets';
import { sendJson } from './testServer';
import { KEY, bytes, fail, useRunflowServers } from './runflowTestKit';

// Local images: inline data URIs, or the asset upload flow (session, PUT, confirm).
// Retries of transient upload failures are in runflowUploadRetry.test.ts.
const kit = useRunflowServers();

describe('Runflow prepareImages', () => {
  it('inlines images whose data URI is under 1 MiB without any call', async () => {
    const small = bytes(700 * 1024);
    const out = await kit.rf.prepareImages([
      { kind: 'bytes', bytes: small, mimeType: 'image/webp', name: 's.webp' },
      { kind: 'url', url: 'https://example.com/x.png' },
    ]);
    expect(out).toEqual([
      `data:image/webp;base64,${Buffer.from(small).toString('base64')}`,
      'https://example.com/x.png',
    ]);
    expect(kit.api.received).toHaveLength(0);
  });

  it('uploads an image under 1 MiB of bytes whose base64 data URI is over 1 MiB', async () => {
    kit.routeUploads(kit.storage);
    const out = await kit.rf.prepareImages([
      {
        kind: 'bytes',
        bytes: bytes(RUNFLOW_INLINE_MAX_BYTES - 1),
        mimeType: 'image/png',
        name: 'mid.png',
      },
    ]);
    expect(out[0]).not.toMatch(/^data:/);
  });

  it('uploads 1 MiB and more: session, PUT without the key to storage, confirm', async () => {
    kit.routeUploads(kit.storage);
    const big = bytes(RUNFLOW_INLINE_MAX_BYTES);
    const out = await kit.rf.prepareImages([
      { kind: 'bytes', bytes: big, mimeType: 'image/png', name: 'big.png' },
    ]);
    expect(out).toEqual(['https://assets.runflow.io/asset-7.png?sig=1']);

    const [create, confirm] = kit.api.received;
    expect(create?.json).toEqual({
      filename: 'big.png',
      mime_type: 'image/png',
      size_bytes: big.byteLength,
    });
    expect(create?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(confirm?.path).toBe('/v1/asset-uploads/asset-7/confirmations');

    const [put] = kit.storage.received;
    expect(put?.method).toBe('PUT');
    expect(put?.query.get('X-Sig')).toBe('abc');
    expect(put?.headers.authorization).toBeUndefined();
    expect(put?.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(put?.body ?? Buffer.alloc(0), Buffer.from(big))).toBe(0);
  });

  it('a storage refusal is an error naming the image', async () => {
    kit.routeUploads(kit.storage, 403);
    const e = await fail(
      kit.rf.prepareImages([
        {
          kind: 'bytes',
          bytes: bytes(2 * RUNFLOW_INLINE_MAX_BYTES),
          mimeType: 'image/png',
          name: 'big.png',
        },
      ]),
    );
    expect([e.kind, e.status]).toEqual(['protocol', 403]);
    expect(e.message).toContain('"big.png"');
  });

  it('an upload session answered with a 402 is a credit error', async () => {
    kit.api.route('POST', '/v1/asset-uploads', (_req, res) =>
      sendJson(res, 402, { code: 'INSUFFICIENT_CREDIT', message: 'no credit' }),
    );
    const e = await fail(
      kit.rf.prepareImages([
        {
          kind: 'bytes',
          bytes: bytes(RUNFLOW_INLINE_MAX_BYTES),
          mimeType: 'image/png',
          name: 'b.png',
        },
      ]),
    );
    expect(e.kind).toBe('credit');
  });

  it('refuses a non-web upload URL and images over the upload cap', async () => {
    kit.api.route('POST', '/v1/asset-uploads', (_req, res) =>
      sendJson(res, 201, { asset_id: 'a', upload_url: 'file:///tmp/a' }),
    );
    const e1 = await fail(
      kit.rf.prepareImages([
        {
          kind: 'bytes',
          bytes: bytes(RUNFLOW_INLINE_MAX_BYTES),
          mimeType: 'image/png',
          name: 'b.png',
        },
      ]),
    );
    expect(e1.kind).toBe('protocol');

    kit.api.reset();
    const e2 = await fail(
      kit.rf.prepareImages([
        {
          kind: 'bytes',
          bytes: new Uint8Array(RUNFLOW_UPLOAD_MAX_BYTES + 1),
          mimeType: 'image/png',
          name: 'poster.png',
        },
      ]),
    );
    expect([e2.kind, e2.delivery]).toEqual(['validation', 'no']);
    expect(e2.message).toContain('"poster.png" (image 1)');
    expect(kit.api.received).toHaveLength(0);
  });
});
