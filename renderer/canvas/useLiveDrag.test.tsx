import { act, cleanup, render } from '@testing-library/react';
import { useStoreApi } from '@xyflow/react';
import type { InternalNode } from '@xyflow/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Position } from '../../shared/graph/document';
import { testGraph } from '../../shared/testing/testGraph';
import { groupFlowId } from '../store/organise';
import { Canvas } from './Canvas';
import { CanvasProvider } from './canvasApi';
import { createHarness, Providers } from './testing/harness';
import type { Harness } from './testing/harness';

afterEach(cleanup);

type FlowStore = ReturnType<typeof useStoreApi>;

/** The mounted canvas and React Flow's store, to drive drags the way its drag code does. */
function mount(h: Harness, { miniMap = false } = {}): FlowStore {
  const found: { store: FlowStore | null } = { store: null };
  function Grab() {
    found.store = useStoreApi();
    return null;
  }
  render(
    <Providers harness={h}>
      <CanvasProvider>
        <Canvas onlyRenderVisibleElements={false} showMiniMap={miniMap} />
        <Grab />
      </CanvasProvider>
    </Providers>,
  );
  return found.store!;
}

/** One drag frame (or its end) as React Flow's XYDrag reports it: updateNodePositions. */
function dragFrame(flow: FlowStore, positions: Record<string, Position>, dragging = true) {
  const items = new Map(
    Object.entries(positions).map(([id, position]) => [id, { id, position } as InternalNode]),
  );
  act(() => flow.getState().updateNodePositions(items, dragging));
}

const flowAt = (flow: FlowStore, id: string) => flow.getState().nodeLookup.get(id)?.position;
/** Where the node is drawn: React Flow's wrapper element's transform. */
const drawnAt = (id: string) =>
  document.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"]`)?.style.transform;
const badgeAt = (id: string) =>
  document
    .querySelector(`.react-flow__edge[data-id="${id}"] .nl-edge-order`)
    ?.getAttribute('transform');
const wirePath = (id: string) =>
  document
    .querySelector(`.react-flow__edge[data-id="${id}"] .react-flow__edge-path`)
    ?.getAttribute('d');

function twoNodes() {
  const g = testGraph();
  g.loadImage('ref.png', { id: 'p', position: { x: 0, y: 0 } });
  g.preview({}, { id: 'v', position: { x: 400, y: 0 } });
  g.connect('p', 'image', 'v', 'images', { id: 'w' });
  return createHarness(g.doc());
}

describe('dragging a node on the canvas', () => {
  it('draws it and its wire where the pointer is each frame and writes the document once, at the end, as one undo step', () => {
    const h = twoNodes();
    const flow = mount(h);
    const before = h.graph.getState().doc;
    const wireBefore = wirePath('w');
    const badgeBefore = badgeAt('w');
    expect(wireBefore).toBeTruthy();
    expect(badgeBefore).toBeTruthy();
    dragFrame(flow, { p: { x: 10, y: 5 } });
    dragFrame(flow, { p: { x: 30, y: 15 } });
    expect(drawnAt('p')).toBe('translate(30px,15px)');
    expect(wirePath('w')).not.toBe(wireBefore);
    expect(badgeAt('w')).not.toBe(badgeBefore);
    // The frames reach neither the graph store nor React Flow's.
    expect(h.graph.getState().doc).toBe(before);
    expect(flowAt(flow, 'p')).toEqual({ x: 0, y: 0 });
    dragFrame(flow, { p: { x: 40, y: 20 } }, false);
    const s = h.graph.getState();
    expect(s.doc.nodes.find((n) => n.id === 'p')!.position).toEqual({ x: 40, y: 20 });
    expect(s.past).toHaveLength(1);
    expect(s.past[0]!.label).toBe('Move');
    expect(flowAt(flow, 'p')).toEqual({ x: 40, y: 20 });
    expect(drawnAt('p')).toBe('translate(40px,20px)');
    act(() => h.graph.getState().undo());
    expect(flowAt(flow, 'p')).toEqual({ x: 0, y: 0 });
    expect(drawnAt('p')).toBe('translate(0px,0px)');
    expect(wirePath('w')).toBe(wireBefore);
    expect(badgeAt('w')).toBe(badgeBefore);
  });

  it('moves a multi-selection together and records it as one step', () => {
    const h = twoNodes();
    const flow = mount(h);
    dragFrame(flow, { p: { x: 10, y: 10 }, v: { x: 410, y: 10 } });
    dragFrame(flow, { p: { x: 20, y: 20 }, v: { x: 420, y: 20 } }, false);
    const s = h.graph.getState();
    expect(s.doc.nodes.map((n) => n.position)).toEqual([
      { x: 20, y: 20 },
      { x: 420, y: 20 },
    ]);
    expect(s.past).toHaveLength(1);
  });

  it('moves the nodes in the React Flow store on each frame while it shows the box around a selection (the box follows that store)', () => {
    const h = twoNodes();
    const flow = mount(h);
    act(() => flow.setState({ nodesSelectionActive: true }));
    dragFrame(flow, { p: { x: 10, y: 5 }, v: { x: 410, y: 5 } });
    expect(flowAt(flow, 'p')).toEqual({ x: 10, y: 5 });
    expect(flowAt(flow, 'v')).toEqual({ x: 410, y: 5 });
    expect(h.graph.getState().past).toHaveLength(0);
  });

  it('moves the nodes in the React Flow store on each frame while the MiniMap shows (its node follows)', () => {
    const h = twoNodes();
    const flow = mount(h, { miniMap: true });
    expect(document.querySelector('.react-flow__minimap')).not.toBeNull();
    dragFrame(flow, { p: { x: 12, y: 7 } });
    expect(flowAt(flow, 'p')).toEqual({ x: 12, y: 7 });
    expect(h.graph.getState().past).toHaveLength(0);
  });

  it('keeps the dragged position when the canvas re-renders mid-drag (another edit to the document)', () => {
    const h = twoNodes();
    const flow = mount(h);
    dragFrame(flow, { p: { x: 50, y: 60 } });
    act(() => h.graph.getState().setSelection([], []));
    act(() =>
      h.graph.getState().dispatch({ type: 'setTitle', nodeId: 'v' as never, title: 'Out' }),
    );
    expect(flowAt(flow, 'p')).toEqual({ x: 50, y: 60 });
    expect(drawnAt('p')).toBe('translate(50px,60px)');
    dragFrame(flow, { p: { x: 55, y: 65 } }, false);
    expect(h.graph.getState().doc.nodes[0]!.position).toEqual({ x: 55, y: 65 });
  });

  it('a group frame drag moves its members in the document every frame', () => {
    const h = twoNodes();
    act(() => {
      h.graph.getState().setMeasured({ p: { width: 280, height: 200 } });
      h.graph.getState().setSelection(['p' as never], []);
    });
    const id = h.graph.getState().groupSelection()!;
    const flow = mount(h);
    const rect = h.graph.getState().doc.groups![0]!.rect;
    dragFrame(flow, { [groupFlowId(id)]: { x: rect.x + 25, y: rect.y + 10 } });
    expect(h.graph.getState().doc.nodes[0]!.position).toEqual({ x: 25, y: 10 });
    expect(flowAt(flow, 'p')).toEqual({ x: 25, y: 10 });
    dragFrame(flow, { [groupFlowId(id)]: { x: rect.x + 30, y: rect.y + 10 } }, false);
    expect(h.graph.getState().doc.nodes[0]!.position).toEqual({ x: 30, y: 10 });
    expect(h.graph.getState().past.at(-1)!.label).toBe('Move');
  });
});
