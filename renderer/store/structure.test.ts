import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../shared/graph/document';
import { sameStructure, structureSelector } from './structure';
import type { GraphStoreState } from './types';

const doc: GraphDocument = {
  nodes: [
    { id: 'a', type: 'prompt', params: { text: 'x' }, position: { x: 0, y: 0 } },
    { id: 'b', type: 'prompt', params: { text: 'y' }, position: { x: 10, y: 0 } },
  ],
  edges: [],
  viewport: { x: 0, y: 0, zoom: 1 },
} as unknown as GraphDocument;

const moved = (d: GraphDocument, x: number): GraphDocument => ({
  ...d,
  nodes: d.nodes.map((n, i) => (i === 0 ? { ...n, position: { x, y: 0 } } : n)),
});
const state = (d: GraphDocument) => ({ doc: d }) as GraphStoreState;

describe('structure selector', () => {
  it('keeps returning the first document while only positions and the viewport change', () => {
    const select = structureSelector();
    expect(select(state(doc))).toBe(doc);
    const dragged = { ...moved(doc, 50), viewport: { x: 5, y: 5, zoom: 0.5 } };
    expect(sameStructure(doc, dragged)).toBe(true);
    expect(select(state(dragged))).toBe(doc);
    expect(select(state(moved(dragged, 60)))).toBe(doc);
  });

  it('returns the new document when a param, a node or an edge changes', () => {
    const select = structureSelector();
    select(state(doc));
    const edited: GraphDocument = {
      ...doc,
      nodes: [doc.nodes[0]!, { ...doc.nodes[1]!, params: { text: 'z' } }],
    };
    expect(select(state(edited))).toBe(edited);
    const fewer = { ...edited, nodes: edited.nodes.slice(1) };
    expect(select(state(fewer))).toBe(fewer);
    const wired = { ...fewer, edges: [] };
    expect(select(state(wired))).toBe(wired);
  });
});
