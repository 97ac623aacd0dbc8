import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../../shared/graph/document';
import type { OutputImage } from '../../../shared/run/events';
import { testGraph } from '../../../shared/testing/testGraph';
import { BlobStore } from '../storage/blobStore';
import { startHarness } from '../testing/emulatorHarness';
import type { Harness } from '../testing/emulatorHarness';
import { finalEvent, stateSequence, submitRequests } from '../testing/runEvents';

const T2I = 'runcomfy/google/nano-banana/pro/text-to-image';
const PRO_EDIT = 'runcomfy/google/nano-banana/pro/edit';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** prompt -> text-to-image -> edit -> preview. */
function chain(prompt = 'a glass teapot') {
  const g = testGraph();
  const p = g.prompt(prompt);
  const t2i = g.model(T2I, { aspect_ratio: '1:1' });
  const edit = g.model(PRO_EDIT, { prompt: 'pour green tea' });
  const out = g.preview();
  g.connect(p, 'text', t2i, 'prompt');
  g.connect(t2i, 'image', edit, 'image_urls');
  g.connect(edit, 'images', out, 'images');
  return { doc: g.doc(), p, t2i, edit, out };
}

const pin = (doc: GraphDocument, nodeId: string, images: OutputImage[]): GraphDocument => ({
  ...doc,
  nodes: doc.nodes.map((n) =>
    n.id === nodeId ? { ...n, pinned: { images, runId: 'r0', requestId: 'req-0' } } : n,
  ),
});

describe('engine: pinned outputs', () => {
  it('a pinned model sends nothing, even with changed params, and feeds its images downstream', async () => {
    h = await startHarness();
    const { doc, t2i, edit, out } = chain();
    const first = await h.run(doc);
    expect(first.summary.status).toBe('succeeded');
    const pinnedImages = first.summary.images.get(t2i)!;
    const sentBefore = submitRequests(h.emu).length;

    // A new prompt would normally make both models run again.
    const changed = pin(chain('a copper kettle').doc, t2i, pinnedImages);
    const second = await h.run(changed);
    expect(second.summary.status).toBe('succeeded');
    const t2iFinal = finalEvent(second.events, t2i);
    expect(t2iFinal).toMatchObject({ state: 'cached', message: 'pinned', requestId: 'req-0' });
    expect(stateSequence(second.events, t2i)).toEqual(['queued', 'cached']);
    // The edit's input is the pinned image: it is the same request as before, so a cache hit.
    expect(finalEvent(second.events, edit).state).toBe('cached');
    expect(second.summary.images.get(out)).toEqual(first.summary.images.get(out));
    expect(submitRequests(h.emu)).toHaveLength(sentBefore);
    const started = second.events.find((e) => e.type === 'run-started');
    expect(started?.type === 'run-started' && Object.keys(started.estimate.perNode)).not.toContain(
      t2i,
    );
  });

  it('what only a pinned node needs is not run at all', async () => {
    h = await startHarness();
    const { doc, p, t2i } = chain();
    const first = await h.run(doc);
    const pinned = pin(doc, t2i, first.summary.images.get(t2i)!);
    const second = await h.run(pinned);
    const started = second.events.find((e) => e.type === 'run-started');
    expect(started?.type === 'run-started' && started.nodeIds).not.toContain(p);
    expect(second.summary.states.has(p)).toBe(false);
  });

  it('runs a pinned node fed by an empty prompt (the pre-run check every caller shares)', async () => {
    h = await startHarness();
    const { doc, t2i, edit } = chain();
    const first = await h.run(doc);
    const second = await h.run(pin(chain('').doc, t2i, first.summary.images.get(t2i)!));
    expect(second.summary.status).toBe('succeeded');
    expect(finalEvent(second.events, edit).state).toBe('cached');
  });

  it('a pinned image missing from the store fails the node with a clear message, sending nothing', async () => {
    h = await startHarness();
    const { doc, t2i, edit } = chain();
    const first = await h.run(doc);
    const images = first.summary.images.get(t2i)!;
    await rm(new BlobStore(`${h.dataDir}/blobs`).pathOf(images[0]!.hash));
    const sentBefore = submitRequests(h.emu).length;
    const second = await h.run(pin(chain('something new').doc, t2i, images));
    expect(second.summary.status).toBe('failed');
    const final = finalEvent(second.events, t2i);
    expect(final.state).toBe('failed');
    expect(final.message).toMatch(/pinned output .* no longer in the image store.*unpin/);
    expect(finalEvent(second.events, edit).state).toBe('skipped');
    expect(submitRequests(h.emu)).toHaveLength(sentBefore);
  });
});
