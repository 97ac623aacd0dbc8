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

describe('callKeepalive (web)', () => {
  it('sends a keepalive request the browser lets outlive the page, unless the body is too large for one', async () => {
    vi.stubGlobal(
      'WebSocket',
      class {
        close(): void {}
      },
    );
    const sent: RequestInit[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: RequestInit) => {
        sent.push(init);
        return new Response(JSON.stringify({ ok: true }), { status: 200 });
      }),
    );
    const host = createWebClient('http://127.0.0.1:4000');
    const entry = (text: string) => ({
      key: 'tab-1',
      name: 'a.nodeloom',
      filePath: null,
      savedAt: 1,
      graph: { nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 }, note: text },
    });
    expect(await host.callKeepalive!('recovery.save', entry('small'))).toEqual({ ok: true });
    await host.callKeepalive!('recovery.save', entry('x'.repeat(100_000)));
    await host.call('recovery.save', entry('plain'));
    expect(sent.map((i) => i.keepalive)).toEqual([true, undefined, undefined]);
  });
});
