import { describe, it, expect } from 'vitest';
import { nodeId } from '../../shared/graph/ids';
import { PASTE_OFFSET, copyElements, parseClipboard, serializeClipboard } from './clipboard';
import { harness, wires } from './storeTestKit';

const n = nodeId;

describe('copy', () => {
  it('copies the selected nodes and only the edges between them', () => {
    const h = harness();
    h.s.setSelection([n('n2'), n('n4'), n('n5')], []);
    const data = h.s.copySelection()!;
    expect(data.kind).toBe('nodeloom.clipboard');
    expect(data.nodes.map((x) => x.id)).toEqual(['n2', 'n4', 'n5']);
    expect(wires(data.edges)).toEqual(['n2.image->n4.image_urls', 'n4.images->n5.images']);
  });

  it('gives nothing when no node is selected', () => {
    const h = harness();
    expect(h.s.copySelection()).toBeNull();
    expect(copyElements(h.s.doc, ['ghost'])).toBeNull();
  });
});

describe('paste', () => {
  it('pastes with fresh ids, offset positions and only internal edges, as one step', () => {
    const h = harness();
    h.s.setSelection([n('n2'), n('n4')], []);
    const data = h.s.copySelection()!;
    const before = h.s.doc;
    h.s.paste(data);
    const added = h.s.doc.nodes.slice(before.nodes.length);
    expect(added).toHaveLength(2);
    const oldIds = new Set<string>([...before.nodes, ...before.edges].map((x) => x.id));
    for (const x of added) expect(oldIds.has(x.id)).toBe(false);
    expect(added.map((x) => x.type)).toEqual(['load-image', data.nodes[1]!.type]);
    expect(added.map((x) => x.position)).toEqual(
      data.nodes.map((x) => ({ x: x.position.x + PASTE_OFFSET, y: x.position.y + PASTE_OFFSET })),
    );
    const newEdges = h.s.doc.edges.slice(before.edges.length);
    expect(wires(newEdges)).toEqual([`${added[0]!.id}.image->${added[1]!.id}.image_urls`]);
    expect(oldIds.has(newEdges[0]!.id)).toBe(false);
    expect(h.s.past).toHaveLength(1);
    expect(h.s.past[0]!.label).toBe('Paste');
    h.s.undo();
    expect(h.s.doc).toEqual(before);
  });

  it('selects the pasted nodes', () => {
    const h = harness();
    h.s.setSelection([n('n1')], []);
    h.s.paste(h.s.copySelection()!);
    const pasted = h.s.doc.nodes.at(-1)!;
    expect(h.s.selectedNodeIds).toEqual([pasted.id]);
  });

  it('pasting twice gives distinct ids and does not stack the copies', () => {
    const h = harness();
    h.s.setSelection([n('n1'), n('n4')], []);
    const data = h.s.copySelection()!;
    h.s.paste(data);
    h.s.paste(data);
    const ids = [...h.s.doc.nodes, ...h.s.doc.edges].map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    const second = h.s.doc.nodes.slice(7, 9);
    expect(second.map((x) => x.position)).toEqual(
      data.nodes.map((x) => ({
        x: x.position.x + 2 * PASTE_OFFSET,
        y: x.position.y + 2 * PASTE_OFFSET,
      })),
    );
  });

  it('places the pasted nodes top-left at a given position', () => {
    const h = harness();
    h.s.setSelection([n('n2'), n('n3')], []);
    h.s.paste(h.s.copySelection()!, { x: 1000, y: 2000 });
    // n2 sits at (320, 0) and n3 at (640, 0) in the test graph's grid.
    expect(h.s.doc.nodes.slice(5).map((x) => x.position)).toEqual([
      { x: 1000, y: 2000 },
      { x: 1320, y: 2000 },
    ]);
  });

  it('copies params, so editing the copy leaves the original alone', () => {
    const h = harness();
    h.s.setSelection([n('n1')], []);
    h.s.paste(h.s.copySelection()!);
    const copy = h.s.doc.nodes.at(-1)!;
    h.s.dispatch({ type: 'setParam', nodeId: copy.id, key: 'text', value: 'a dog' });
    expect(h.s.doc.nodes[0]!.params['text']).toBe('a cat');
    expect(h.s.doc.nodes.at(-1)!.params['text']).toBe('a dog');
  });
});

describe('duplicate', () => {
  it('duplicates the selection with its internal edges as one step and selects the copies', () => {
    const h = harness();
    h.s.setSelection([n('n1'), n('n4'), n('n5')], []);
    h.s.duplicateSelection();
    const copies = h.s.doc.nodes.slice(5);
    expect(copies.map((x) => x.type)).toEqual(['prompt', h.s.doc.nodes[3]!.type, 'preview']);
    expect(h.s.selectedNodeIds).toEqual(copies.map((x) => x.id));
    const [p, edit, preview] = copies.map((x) => x.id);
    expect(wires(h.s.doc.edges.slice(4))).toEqual([
      `${p}.text->${edit}.prompt`,
      `${edit}.images->${preview}.images`,
    ]);
    expect(h.s.past.map((e) => e.label)).toEqual(['Duplicate']);
  });

  it('does nothing without a selection', () => {
    const h = harness();
    h.s.duplicateSelection();
    expect(h.s.past).toHaveLength(0);
  });
});

describe('clipboard text', () => {
  it('round-trips through the system clipboard text', () => {
    const h = harness();
    h.s.setSelection([n('n1'), n('n4')], []);
    const data = h.s.copySelection()!;
    expect(parseClipboard(serializeClipboard(data))).toEqual(data);
  });

  it('rejects text that is not a Nodeloom clipboard', () => {
    expect(parseClipboard('hello')).toBeNull();
    expect(parseClipboard('{"kind":"other","nodes":[],"edges":[]}')).toBeNull();
    expect(
      parseClipboard('{"kind":"nodeloom.clipboard","nodes":[{"id":""}],"edges":[]}'),
    ).toBeNull();
  });
});
