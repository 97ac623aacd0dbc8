import { describe, it, expect } from 'vitest';
import { edgeId, nodeId } from '../../shared/graph/ids';
import { harness } from './storeTestKit';
import { canRedo, canUndo, isDirty } from './selectors';

const n = nodeId;

describe('unsaved marker', () => {
  it('is dirty after an edit, clean after markSaved, dirty after undo past the save, clean after redo to it', () => {
    const h = harness();
    expect(isDirty(h.s)).toBe(false);
    h.s.dispatch({ type: 'moveNodes', positions: { n1: { x: 1, y: 1 } } });
    expect(isDirty(h.s)).toBe(true);
    h.s.markSaved('/work/a.nodeloom');
    expect(isDirty(h.s)).toBe(false);
    expect(h.s.filePath).toBe('/work/a.nodeloom');
    h.s.undo();
    expect(isDirty(h.s)).toBe(true);
    h.s.redo();
    expect(isDirty(h.s)).toBe(false);
  });

  it('counts an undo back to the saved state as saved', () => {
    const h = harness();
    h.s.dispatch({ type: 'moveNodes', positions: { n1: { x: 1, y: 1 } } });
    expect(isDirty(h.s)).toBe(true);
    h.s.undo();
    expect(isDirty(h.s)).toBe(false);
  });

  it('a new edit after undoing past the save stays dirty even when undone again', () => {
    const h = harness();
    h.s.dispatch({ type: 'moveNodes', positions: { n1: { x: 1, y: 1 } } });
    h.s.markSaved('/a');
    h.s.undo();
    h.s.dispatch({ type: 'moveNodes', positions: { n1: { x: 2, y: 2 } } });
    expect(canRedo(h.s)).toBe(false);
    expect(isDirty(h.s)).toBe(true);
  });
});

describe('view state', () => {
  it('viewport and selection changes neither record nor dirty', () => {
    const h = harness();
    const revision = h.s.revision;
    h.s.setViewport({ x: 10, y: 20, zoom: 1.5 });
    h.s.setSelection([n('n1')], [edgeId('e1')]);
    expect(h.s.doc.viewport).toEqual({ x: 10, y: 20, zoom: 1.5 });
    expect(h.s.selectedNodeIds).toEqual(['n1']);
    expect(h.s.revision).toBe(revision);
    expect(h.s.past).toHaveLength(0);
    expect(isDirty(h.s)).toBe(false);
  });

  it('undo leaves the viewport where it is', () => {
    const h = harness();
    h.s.dispatch({ type: 'moveNodes', positions: { n1: { x: 1, y: 1 } } });
    h.s.setViewport({ x: 10, y: 20, zoom: 2 });
    h.s.undo();
    expect(h.s.doc.viewport).toEqual({ x: 10, y: 20, zoom: 2 });
  });

  it('an unchanged selection does not notify subscribers', () => {
    const h = harness();
    h.s.setSelection([n('n1')], []);
    let calls = 0;
    const off = h.store.subscribe(() => calls++);
    h.s.setSelection([n('n1')], []);
    h.s.setViewport({ ...h.s.doc.viewport });
    off();
    expect(calls).toBe(0);
  });

  it('records measured node sizes without history or unsaved marker', () => {
    const h = harness();
    h.s.setMeasured({ n1: { width: 200, height: 120 } });
    const measured = h.s.measured;
    h.s.setMeasured({ n1: { width: 200, height: 120 } });
    expect(h.s.measured).toBe(measured);
    expect(h.s.measured['n1']).toEqual({ width: 200, height: 120 });
    expect(h.s.past).toHaveLength(0);
    expect(isDirty(h.s)).toBe(false);
  });
});

describe('selection', () => {
  it('select all selects every node and edge', () => {
    const h = harness();
    h.s.selectAll();
    expect(h.s.selectedNodeIds).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(h.s.selectedEdgeIds).toEqual(['e1', 'e2', 'e3', 'e4']);
  });

  it('delete selection removes the selected nodes with their attached edges in one step', () => {
    const h = harness();
    h.s.setSelection([n('n2')], [edgeId('e4')]);
    h.s.deleteSelection();
    expect(h.s.doc.nodes.map((x) => x.id)).toEqual(['n1', 'n3', 'n4', 'n5']);
    expect(h.s.doc.edges.map((e) => e.id)).toEqual(['e1', 'e3']);
    expect(h.s.selectedNodeIds).toEqual([]);
    expect(h.s.selectedEdgeIds).toEqual([]);
    expect(h.s.past).toHaveLength(1);
    h.s.undo();
    expect(h.s.doc.edges.map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e4']);
  });

  it('drops ids from the selection when undo removes what they name', () => {
    const h = harness();
    h.s.dispatch({ type: 'addNodes', nodes: [{ ...h.s.doc.nodes[0]!, id: n('x') }] });
    h.s.setSelection([n('n1'), n('x')], []);
    h.s.undo();
    expect(h.s.selectedNodeIds).toEqual(['n1']);
  });
});

describe('undo history', () => {
  it('load replaces the document and clears history, selection and the unsaved marker', () => {
    const h = harness();
    h.s.dispatch({ type: 'moveNodes', positions: { n1: { x: 1, y: 1 } } });
    h.s.undo();
    h.s.dispatch({ type: 'moveNodes', positions: { n1: { x: 2, y: 2 } } });
    h.s.selectAll();
    h.s.load({ nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } }, '/b.nodeloom');
    expect(h.s.doc.nodes).toEqual([]);
    expect([canUndo(h.s), canRedo(h.s), isDirty(h.s)]).toEqual([false, false, false]);
    expect(h.s.selectedNodeIds).toEqual([]);
    expect(h.s.filePath).toBe('/b.nodeloom');
  });

  it('a new edit clears the redo stack', () => {
    const h = harness();
    h.s.dispatch({ type: 'moveNodes', positions: { n1: { x: 1, y: 1 } } });
    h.s.undo();
    expect(canRedo(h.s)).toBe(true);
    h.s.dispatch({ type: 'moveNodes', positions: { n1: { x: 2, y: 2 } } });
    expect(canRedo(h.s)).toBe(false);
  });

  it('keeps at most 200 steps, dropping the oldest', () => {
    const h = harness();
    for (let i = 1; i <= 205; i++)
      h.s.dispatch({ type: 'moveNodes', positions: { n1: { x: i, y: 0 } } });
    expect(h.s.past).toHaveLength(200);
    while (canUndo(h.s)) h.s.undo();
    expect(h.s.doc.nodes[0]!.position).toEqual({ x: 5, y: 0 });
  });

  it('undo and redo with empty stacks do nothing', () => {
    const h = harness();
    const start = h.s;
    h.s.undo();
    h.s.redo();
    expect(h.s).toBe(start);
  });
});
