import { describe, expect, it } from 'vitest';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import { registry } from '../store/storeTestKit';
import { createKeyboardWireStore, handleWireKey, portName, wireCandidates } from './keyboardWiring';
import type { PortRef } from './keyboardWiring';

/** prompt -> t2i, and an edit model and a preview not wired yet. */
function graph() {
  const g = testGraph();
  const prompt = g.prompt('a lighthouse at dusk');
  const t2i = g.model(MODELS.proTextToImage);
  g.connect(prompt, 'text', t2i, 'prompt');
  const edit = g.model(MODELS.proEdit);
  const preview = g.preview();
  return { doc: g.doc(), prompt, t2i, edit, preview };
}

function wiring() {
  const { doc, ...ids } = graph();
  const store = createKeyboardWireStore();
  const connected: unknown[] = [];
  const focused: PortRef[] = [];
  const deps = {
    doc: () => doc,
    registry,
    connect: (c: unknown) => void connected.push(c),
    focus: (ref: PortRef) => void focused.push(ref),
  };
  const key = (k: string, at: PortRef) => handleWireKey(store, deps, k, at);
  return { doc, ids, store, connected, focused, key };
}

describe('keyboard wiring', () => {
  it('names a handle by its node and port, as a screen reader says it', () => {
    const { doc, t2i } = graph();
    expect(portName(doc, registry, { nodeId: t2i, portId: 'images', kind: 'source' })).toBe(
      'Nano Banana Pro (RunComfy), output Images',
    );
    expect(portName(doc, registry, { nodeId: t2i, portId: 'prompt', kind: 'target' })).toMatch(
      /^Nano Banana Pro \(RunComfy\), input Prompt$/,
    );
  });

  it('offers only the ports that can take the wire: typed, not itself, no cycle', () => {
    const { doc, prompt, t2i, edit, preview } = graph();
    const from: PortRef = { nodeId: t2i, portId: 'images', kind: 'source' };
    const targets = wireCandidates(doc, registry, from);
    expect(targets.map((t) => t.nodeId).sort()).toEqual([edit, preview].sort());
    expect(targets.every((t) => t.kind === 'target')).toBe(true);
    expect(targets.some((t) => t.nodeId === t2i || t.nodeId === prompt)).toBe(false);
    // From an input: the outputs that fit it (the prompt's text feeds the edit's prompt).
    const sources = wireCandidates(doc, registry, {
      nodeId: edit,
      portId: 'prompt',
      kind: 'target',
    });
    expect(sources).toContainEqual({ nodeId: prompt, portId: 'text', kind: 'source' });
    expect(sources.some((s) => s.nodeId === t2i)).toBe(false);
  });

  it('Enter starts a wire, arrows pick an input (focus follows), Enter connects', () => {
    const w = wiring();
    const from: PortRef = { nodeId: w.ids.t2i, portId: 'images', kind: 'source' };
    expect(w.key('Enter', from)).toBe(true);
    const candidates = w.store.getState().candidates;
    expect(w.focused.at(-1)).toEqual(candidates[0]);
    expect(w.store.getState().message).toMatch(
      /^Connecting from Nano Banana Pro \(RunComfy\), output Images/,
    );
    expect(w.key('ArrowDown', candidates[0]!)).toBe(true);
    expect(w.focused.at(-1)).toEqual(candidates[1]);
    expect(w.key('ArrowUp', candidates[1]!)).toBe(true);
    expect(w.key('ArrowUp', candidates[0]!)).toBe(true);
    // Wraps around to the last.
    const last = candidates.at(-1)!;
    expect(w.focused.at(-1)).toEqual(last);
    expect(w.key('Enter', last)).toBe(true);
    expect(w.connected).toEqual([
      {
        source: w.ids.t2i,
        sourceHandle: 'images',
        target: last.nodeId,
        targetHandle: last.portId,
      },
    ]);
    expect(w.store.getState().from).toBeNull();
    expect(w.store.getState().message).toMatch(
      /^Connected Nano Banana Pro \(RunComfy\), output Images to /,
    );
  });

  it('Escape cancels: nothing connects and focus goes back to where the wire started', () => {
    const w = wiring();
    const from: PortRef = { nodeId: w.ids.prompt, portId: 'text', kind: 'source' };
    w.key('Enter', from);
    w.key('ArrowRight', w.store.getState().candidates[0]!);
    expect(w.key('Escape', w.focused.at(-1)!)).toBe(true);
    expect(w.connected).toEqual([]);
    expect(w.focused.at(-1)).toEqual(from);
    expect(w.store.getState()).toMatchObject({ from: null, message: 'Connection cancelled.' });
  });

  it('leaves other keys alone, and says so when nothing can take the wire', () => {
    const w = wiring();
    const from: PortRef = { nodeId: w.ids.preview, portId: 'images', kind: 'target' };
    expect(w.key('ArrowDown', from)).toBe(false);
    expect(w.key('Tab', from)).toBe(false);
    const lonely = testGraph();
    const p = lonely.prompt();
    const doc = lonely.doc();
    const store = createKeyboardWireStore();
    const used = handleWireKey(
      store,
      { doc: () => doc, registry, connect: () => {}, focus: () => {} },
      'Enter',
      { nodeId: p, portId: 'text', kind: 'source' },
    );
    expect(used).toBe(true);
    expect(store.getState().from).toBeNull();
    expect(store.getState().message).toMatch(/^Nothing on the canvas can connect to Prompt/);
  });
});
