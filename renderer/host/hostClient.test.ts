import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBridgeClient, createWebClient } from './hostClient';
import type { PreloadBridge } from '../../shared/contract/bridge';

const HASH = 'c'.repeat(64);

afterEach(() => vi.unstubAllGlobals());

describe('thumbUrl', () => {
  it('web: /api/thumb/<hash>?size=N, 256 by default; other sizes and non-hashes refused', () => {
    // No socket in a unit test: the client only needs one to exist.
    vi.stubGlobal(
      'WebSocket',
      class {
        close(): void {}
      },
    );
    const host = createWebClient('http://127.0.0.1:4000');
    expect(host.thumbUrl(HASH, 128)).toBe(`http://127.0.0.1:4000/api/thumb/${HASH}?size=128`);
    expect(host.thumbUrl(HASH)).toBe(`http://127.0.0.1:4000/api/thumb/${HASH}?size=256`);
    expect(host.imageUrl(HASH)).toBe(`http://127.0.0.1:4000/api/blob/${HASH}`);
    expect(() => host.thumbUrl(HASH, 64)).toThrow(/size must be one of 128, 256, 512/);
    expect(() => host.thumbUrl('../x', 128)).toThrow(/sha256/);
  });

  it('bridge: asks the preload, with the default size filled in', () => {
    const thumbUrl = vi.fn(
      (hash: string, size?: number) => `nodeloom-blob://${hash}?thumb=${size}`,
    );
    const bridge: PreloadBridge = {
      call: vi.fn(),
      on: vi.fn(),
      imageUrl: vi.fn(),
      thumbUrl,
      setDirty: vi.fn(),
    };
    const host = createBridgeClient(bridge);
    expect(host.thumbUrl(HASH, 512)).toBe(`nodeloom-blob://${HASH}?thumb=512`);
    expect(host.thumbUrl(HASH)).toBe(`nodeloom-blob://${HASH}?thumb=256`);
    expect(thumbUrl).toHaveBeenLastCalledWith(HASH, 256);
  });
});
