import { afterEach, describe, expect, it } from 'vitest';
import type { GraphDocument, NodeMode } from '../../../shared/graph/document';
import { REROUTE_NODE } from '../../../shared/nodes/builtins';
import { MUTED_REASON, needsMutedReason } from '../../../shared/plan/nodeModes';
import type { RunEvent } from '../../../shared/run/events';
import { testGraph } from '../../../shared/testing/testGraph';
import { startHarness } from '../testing/emulatorHarness';
import type { Harness } from '../testing/emulatorHarness';

const T2I = 'runcomfy/google/nano-banana/pro/text-to-image';
const EDIT = 'runcomfy/google/nano-banana/pro/edit';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function withMode(doc: GraphDocument, id: string, mode: NodeMode): GraphDocument {
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? { ...n, mode } : n)) };
}

const submits = (harness: Harness) => harness.emu.requests().filter((r) => r.route === 'submit');

/** The last state each node reached in the run, and its message. */
function finalStates(events: RunEvent[]): Map<string, { state: string; message?: string }> {
  const states = new Map<string, { state: string; message?: string }>();
  for (const e of events) {
    if (e.type === 'node') states.set(e.nodeId, { state: e.state, message: e.message });
  }
  return states;
}

describe('node modes and reroutes in the engine, against the provider emulator', () => {
  it('a t2i -> edit (bypassed) -> preview graph sends one job and the preview gets the t2i image', async () => {
    h = await startHarness();
    const g = testGraph();
    const p = g.prompt('a lighthouse at dusk');
    const t2i = g.model(T2I, { aspect_ratio: '1:1' });
    const edit = g.model(EDIT, { prompt: 'make it snow' });
    const out = g.preview();
    g.connect(p, 'text', t2i, 'prompt');
    g.connect(t2i, 'images', edit, 'image_urls');
    g.connect(edit, 'images', out, 'images');

    const { summary, events } = await h.run(withMode(g.doc(), edit, 'bypass'));

    expect(summary.status).toBe('succeeded');
    expect(submits(h)).toHaveLength(1);
    expect((submits(h)[0]!.body as { prompt: string }).prompt).toBe('a lighthouse at dusk');
    const t2iImages = summary.images.get(t2i)!;
    expect(t2iImages).toHaveLength(1);
    expect(summary.images.get(out)).toEqual(t2iImages);
    // Nothing ran for the bypassed node: it has no state of its own.
    expect(events.some((e) => e.type === 'node' && e.nodeId === edit)).toBe(false);
  });

  it('a muted node and everything that needs it are skipped with the reason; the rest runs and the run succeeds', async () => {
    h = await startHarness();
    const g = testGraph();
    const p = g.prompt('a lighthouse at dusk');
    const muted = g.model(T2I, {}, { title: 'Sketch' });
    const edit = g.model(EDIT, { prompt: 'make it snow' });
    const out = g.preview();
    const kept = g.model(T2I, { aspect_ratio: '1:1' });
    const keptOut = g.preview();
    g.connect(p, 'text', muted, 'prompt');
    g.connect(muted, 'images', edit, 'image_urls');
    g.connect(edit, 'images', out, 'images');
    g.connect(p, 'text', kept, 'prompt');
    g.connect(kept, 'images', keptOut, 'images');

    const { summary, events } = await h.run(withMode(g.doc(), muted, 'mute'));

    expect(summary.status).toBe('succeeded');
    expect(submits(h)).toHaveLength(1);
    const states = finalStates(events);
    expect(states.get(muted)).toEqual({ state: 'skipped', message: MUTED_REASON });
    expect(states.get(edit)).toEqual({ state: 'skipped', message: needsMutedReason('Sketch') });
    expect(states.get(out)).toEqual({ state: 'skipped', message: needsMutedReason('Sketch') });
    expect(states.get(kept)?.state).toBe('done');
    expect(summary.images.get(keptOut)).toEqual(summary.images.get(kept));
  });

  it('reroutes pass images through: a chain of two reroutes into the edit carries the t2i image, with no job of their own', async () => {
    h = await startHarness();
    const g = testGraph();
    const p = g.prompt('a lighthouse at dusk');
    const t2i = g.model(T2I, { aspect_ratio: '1:1' });
    const r1 = g.node(REROUTE_NODE);
    const r2 = g.node(REROUTE_NODE);
    const edit = g.model(EDIT, { prompt: 'make it snow' });
    const out = g.preview();
    const direct = g.preview();
    g.connect(p, 'text', t2i, 'prompt');
    g.connect(t2i, 'images', r1, 'in');
    g.connect(r1, 'out', r2, 'in');
    g.connect(r2, 'out', edit, 'image_urls');
    g.connect(r1, 'out', direct, 'images');
    g.connect(edit, 'images', out, 'images');

    const { summary, events } = await h.run(g.doc());

    expect(summary.status).toBe('succeeded');
    expect(submits(h)).toHaveLength(2);
    const editBody = submits(h)[1]!.body as { image_urls: string[] };
    expect(editBody.image_urls).toHaveLength(1);
    expect(summary.images.get(direct)).toEqual(summary.images.get(t2i));
    expect(events.some((e) => e.type === 'node' && (e.nodeId === r1 || e.nodeId === r2))).toBe(
      false,
    );
  });
});
