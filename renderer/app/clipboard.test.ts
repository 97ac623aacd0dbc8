import { describe, expect, it, vi } from 'vitest';
import { createNodeClipboard } from './clipboard';
import type { ClipboardData } from '../store/types';
import { pricedGraph } from './appTestKit';

const data = (n: number): ClipboardData => ({
  kind: 'nodeloom.clipboard',
  nodes: pricedGraph().nodes.slice(0, n),
  edges: [],
});

describe('node clipboard', () => {
  it('writes JSON text to the system clipboard and reads nodes back from it', async () => {
    let text = '';
    const system = {
      writeText: vi.fn(async (t: string) => void (text = t)),
      readText: vi.fn(async () => text),
    };
    const clipboard = createNodeClipboard(
      () => system,
      async () => false,
    );
    await clipboard.write(data(2));
    expect(JSON.parse(text).kind).toBe('nodeloom.clipboard');
    text = JSON.stringify(data(3)); // copied in another window
    expect((await clipboard.read())?.nodes).toHaveLength(3);
  });

  it('falls back to memory when reading is denied, fails or finds other text', async () => {
    const readText = vi.fn(async () => 'just some text');
    const system = { writeText: vi.fn(async () => {}), readText };
    let denied = true;
    const clipboard = createNodeClipboard(
      () => system,
      async () => denied,
    );
    expect(await clipboard.read()).toBeNull();
    await clipboard.write(data(1));
    expect((await clipboard.read())?.nodes).toHaveLength(1);
    expect(readText).not.toHaveBeenCalled();
    denied = false;
    expect((await clipboard.read())?.nodes).toHaveLength(1);
    readText.mockRejectedValueOnce(new Error('not allowed'));
    expect((await clipboard.read())?.nodes).toHaveLength(1);
  });

  it('reads nodes from the text a paste event handed over, without asking the system clipboard', async () => {
    const readText = vi.fn(async () => JSON.stringify(data(3)));
    const clipboard = createNodeClipboard(
      () => ({ writeText: vi.fn(async () => {}), readText }),
      async () => false,
    );
    await clipboard.write(data(1));
    expect((await clipboard.read(JSON.stringify(data(2))))?.nodes).toHaveLength(2);
    // Other text: what this window copied.
    expect((await clipboard.read('a caption'))?.nodes).toHaveLength(1);
    expect(readText).not.toHaveBeenCalled();
  });

  it('works with no system clipboard at all', async () => {
    const clipboard = createNodeClipboard(() => undefined);
    await clipboard.write(data(2));
    expect((await clipboard.read())?.nodes).toHaveLength(2);
  });
});
