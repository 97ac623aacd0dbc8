import { describe, it, expect } from 'vitest';
import { edgeId, nodeId } from '../../shared/graph/ids';
import { MODELS } from '../../shared/testing/testGraph';
import { checkConnection } from './graphCommands';
import {
  FLOW_EDGE_TYPE,
  FLOW_MISSING_NODE_TYPE,
  FLOW_NODE_TYPE,
  edgesInto,
  getNode,
  toFlowEdges,
  toFlowNodes,
} from './selectors';
import { harness, registry } from './storeTestKit';

const n = nodeId;

describe('toFlowNodes', () => {
  it('projects each node with its id, position, selection, name for screen readers and serialisable data only', () => {
    const h = harness();
    h.s.setSelection([n('n2')], []);
    const nodes = toFlowNodes(h.s.doc, h.s.selectedNodeIds, registry);
    expect(nodes).toHaveLength(5);
    expect(nodes[1]).toEqual({
      id: 'n2',
      type: FLOW_NODE_TYPE,
      position: { x: 320, y: 0 },
      data: { nodeId: 'n2', nodeType: 'load-image' },
      ariaLabel: 'Load Image',
      selected: true,
    });
    expect(nodes[0]!.selected).toBe(false);
    // Nothing a structured clone (or JSON) would lose: no callbacks in data.
    expect(JSON.parse(JSON.stringify(nodes))).toEqual(nodes);
  });

  it('keeps the object of every unchanged node after an unrelated edit of a 2,000-node graph', () => {
    const h = harness((g) => {
      for (let i = 0; i < 2000; i++) g.prompt(`prompt ${i}`);
    });
    const before = toFlowNodes(h.s.doc, h.s.selectedNodeIds, registry);
    h.s.dispatch({ type: 'setParam', nodeId: n('n1000'), key: 'text', value: 'edited' });
    const after = toFlowNodes(h.s.doc, h.s.selectedNodeIds, registry);
    expect(after).not.toBe(before);
    const changed = after.filter((node, i) => node !== before[i]).map((node) => node.id);
    expect(changed).toEqual(['n1000']);
  });

  it('renews only the nodes whose selection changed', () => {
    const h = harness();
    const before = toFlowNodes(h.s.doc, h.s.selectedNodeIds, registry);
    h.s.setSelection([n('n3')], []);
    const after = toFlowNodes(h.s.doc, h.s.selectedNodeIds, registry);
    expect(after.filter((node, i) => node !== before[i]).map((node) => node.id)).toEqual(['n3']);
    expect(after[2]!.selected).toBe(true);
  });

  it('returns the same array when only the viewport changed (a pan)', () => {
    const h = harness();
    const before = toFlowNodes(h.s.doc, h.s.selectedNodeIds, registry, h.s.measured);
    h.s.setViewport({ x: 100, y: 100, zoom: 2 });
    expect(toFlowNodes(h.s.doc, h.s.selectedNodeIds, registry, h.s.measured)).toBe(before);
  });

  it('carries measured sizes, so React Flow does not hide and re-measure changed nodes', () => {
    const h = harness();
    h.s.setMeasured({ n1: { width: 240, height: 180 } });
    const nodes = toFlowNodes(h.s.doc, h.s.selectedNodeIds, registry, h.s.measured);
    expect(nodes[0]!.measured).toEqual({ width: 240, height: 180 });
    expect(nodes[1]!.measured).toBeUndefined();
  });

  it('marks a node whose type the registry does not know', () => {
    const h = harness((g) => void g.node('model:gone/away'));
    expect(toFlowNodes(h.s.doc, [], registry)[0]!.type).toBe(FLOW_MISSING_NODE_TYPE);
  });
});

describe('toFlowEdges', () => {
  it('numbers the edges into a list input from 1 and colours edges by port type', () => {
    const h = harness();
    const edges = toFlowEdges(h.s.doc, [], registry);
    expect(edges.map((e) => [e.id, e.data?.order, e.data?.portType])).toEqual([
      ['e1', undefined, 'text'],
      ['e2', 1, 'image'],
      ['e3', 2, 'image'],
      ['e4', 1, 'image[]'],
    ]);
    expect(edges[0]).toEqual({
      id: 'e1',
      type: FLOW_EDGE_TYPE,
      source: 'n1',
      sourceHandle: 'text',
      target: 'n4',
      targetHandle: 'prompt',
      selected: false,
      data: { portType: 'text' },
    });
  });

  it('follows a reorder, renewing only the edges whose order changed', () => {
    const h = harness();
    const before = toFlowEdges(h.s.doc, [], registry);
    h.s.dispatch({
      type: 'reorderInputs',
      nodeId: n('n4'),
      handle: 'image_urls',
      edgeIds: [edgeId('e3'), edgeId('e2')],
    });
    const after = toFlowEdges(h.s.doc, [], registry);
    expect(after.map((e) => [e.id, e.data?.order])).toEqual([
      ['e1', undefined],
      ['e3', 1],
      ['e2', 2],
      ['e4', 1],
    ]);
    expect(after[0]).toBe(before[0]);
    expect(after[3]).toBe(before[3]);
  });

  it('returns the same array after an edit that touches no edge', () => {
    const h = harness();
    const before = toFlowEdges(h.s.doc, h.s.selectedEdgeIds, registry);
    h.s.dispatch({ type: 'setParam', nodeId: n('n1'), key: 'text', value: 'x' });
    expect(toFlowEdges(h.s.doc, h.s.selectedEdgeIds, registry)).toBe(before);
  });

  it('marks selected edges', () => {
    const h = harness();
    h.s.setSelection([], [edgeId('e4')]);
    const edges = toFlowEdges(h.s.doc, h.s.selectedEdgeIds, registry);
    expect(edges.map((e) => e.selected)).toEqual([false, false, false, true]);
  });
});

describe('lookups', () => {
  it('finds a node by id and the edges into it in list order', () => {
    const h = harness();
    expect(getNode(h.s.doc, 'n4')?.type).toBe(`model:${MODELS.proEdit}`);
    expect(getNode(h.s.doc, 'ghost')).toBeUndefined();
    expect(edgesInto(h.s.doc, 'n4').map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(edgesInto(h.s.doc, 'n1')).toEqual([]);
  });

  it('says why a connection may not be made, for the canvas to refuse it while dragging', () => {
    const h = harness();
    const c = (source: string, sh: string, target: string, th: string) =>
      checkConnection(h.s.doc, registry, {
        source,
        sourceHandle: sh,
        target,
        targetHandle: th,
      });
    expect(c('n2', 'image', 'n4', 'image_urls').ok).toBe(true);
    expect(c('n1', 'text', 'n4', 'image_urls')).toEqual({
      ok: false,
      reason: 'Images takes image[], not text',
    });
    expect(c('n4', 'images', 'n4', 'image_urls')).toMatchObject({ ok: false });
  });
});
