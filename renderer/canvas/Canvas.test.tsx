import { act, cleanup, createEvent, fireEvent, render, screen } from '@testing-library/react';
import type { EdgeProps } from '@xyflow/react';
import { Position } from '@xyflow/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import type { FlowEdge } from '../store/selectors';
import { Canvas } from './Canvas';
import { CanvasProvider, NODE_TYPE_MIME, useCanvasApi } from './canvasApi';
import type { CanvasApi } from './canvasApi';
import { alongWire, GraphEdge } from './GraphEdge';
import { NodeLibrary } from './NodeLibrary';
import { requestOpenImage } from './openImage';
import { createHarness, renderWith } from './testing/harness';
import type { Harness } from './testing/harness';

afterEach(cleanup);

const HASH = 'b'.repeat(64);

function mount(harness: Harness, extra?: ReactNode, props = {}) {
  return renderWith(
    harness,
    <CanvasProvider>
      <NodeLibrary />
      <Canvas onlyRenderVisibleElements={false} showMiniMap={false} {...props} />
      {extra}
    </CanvasProvider>,
  );
}

describe('Canvas', () => {
  it('renders the document nodes from the store', () => {
    const g = testGraph();
    g.prompt('a', { id: 'p' });
    g.preview({}, { id: 'v' });
    mount(createHarness(g.doc()));
    expect(screen.getByTestId('node-p')).toBeTruthy();
    expect(screen.getByTestId('node-v')).toBeTruthy();
  });

  it('adds a node from the library at the view centre and selects it', () => {
    const h = createHarness();
    mount(h);
    fireEvent.click(screen.getByTestId('library-item-prompt'));
    const { doc, selectedNodeIds } = h.graph.getState();
    expect(doc.nodes).toHaveLength(1);
    expect(doc.nodes[0]!.type).toBe('prompt');
    expect(selectedNodeIds).toEqual([doc.nodes[0]!.id]);
    expect(screen.getByTestId(`node-${doc.nodes[0]!.id}`)).toBeTruthy();
  });

  it('adds a node dropped from the library where it lands', () => {
    const h = createHarness();
    mount(h);
    const types = [NODE_TYPE_MIME];
    const dataTransfer = { types, getData: (t: string) => (t === NODE_TYPE_MIME ? 'preview' : '') };
    fireEvent.dragOver(screen.getByTestId('canvas'), { dataTransfer });
    const drop = createEvent.drop(screen.getByTestId('canvas'), { dataTransfer });
    // happy-dom's DragEvent ignores the pointer fields of its init.
    Object.defineProperties(drop, { clientX: { value: 400 }, clientY: { value: 300 } });
    fireEvent(screen.getByTestId('canvas'), drop);
    const node = h.graph.getState().doc.nodes[0]!;
    expect(node.type).toBe('preview');
    expect(node.position.y).toBe(300 - 16);
  });

  it('opens the palette on a double-click on empty canvas and adds the chosen node', () => {
    const h = createHarness();
    mount(h);
    fireEvent.doubleClick(document.querySelector('.react-flow__pane')!, {
      clientX: 200,
      clientY: 100,
    });
    const input = screen.getByTestId('palette-input');
    fireEvent.change(input, { target: { value: 'load image' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(h.graph.getState().doc.nodes[0]!.type).toBe('load-image');
    expect(screen.queryByTestId('palette')).toBeNull();
  });

  it('gives the app a handle (fitView, focusNode, addNode with a wire)', () => {
    const g = testGraph();
    g.loadImage('a.png', { id: 'a' });
    const h = createHarness(g.doc());
    const controlRef: { current: Pick<CanvasApi, 'fitView' | 'focusNode'> | null } = {
      current: null,
    };
    let api: CanvasApi | undefined;
    function Grab() {
      api = useCanvasApi();
      return null;
    }
    const view = mount(h, <Grab />, { controlRef });
    expect(controlRef.current).not.toBeNull();
    act(() => controlRef.current!.focusNode('a'));
    expect(h.graph.getState().selectedNodeIds).toEqual(['a']);
    let id: string | null = null;
    act(() => void (id = api!.addNode('preview', { x: 500, y: 0 })));
    expect(h.graph.getState().doc.nodes.find((n) => n.id === id)?.position).toEqual({
      x: 360,
      y: -16,
    });
    view.unmount();
    expect(controlRef.current).toBeNull();
  });

  it('takes a new document’s viewport', () => {
    const h = createHarness();
    mount(h);
    const doc = { ...testGraph().doc(), viewport: { x: 50, y: 20, zoom: 0.5 } };
    act(() => h.graph.getState().load(doc, null));
    const vp = document.querySelector<HTMLElement>('.react-flow__viewport')!;
    expect(vp.style.transform.replace(/\s/g, '')).toBe('translate(50px,20px)scale(0.5)');
  });

  it('passes thumbnail clicks to onOpenImage', () => {
    const onOpenImage = vi.fn();
    const g = testGraph();
    g.model(MODELS.runflowProEdit, {}, { id: 'm' });
    mount(createHarness(g.doc()), null, { onOpenImage });
    const image = { hash: HASH, mimeType: 'image/png', width: 8, height: 8, bytes: 1 };
    act(() =>
      requestOpenImage(screen.getByTestId('node-m'), {
        hash: HASH,
        image,
        nodeId: 'm',
        index: 0,
        images: [image],
      }),
    );
    expect(onOpenImage).toHaveBeenCalledWith(expect.objectContaining({ hash: HASH, nodeId: 'm' }));
  });
});

describe('NodeLibrary', () => {
  it('lists node types by category and filters them', () => {
    mount(createHarness());
    const headings = [...document.querySelectorAll('.nl-library__heading')].map(
      (h) => h.textContent,
    );
    expect(headings).toEqual(['Inputs', 'Models', 'Outputs', 'Layout']);
    fireEvent.change(screen.getByLabelText('Filter nodes'), { target: { value: 'preview' } });
    expect(document.querySelectorAll('.nl-library__item')).toHaveLength(1);
  });
});

describe('GraphEdge', () => {
  const props = {
    id: 'e1',
    source: 'a',
    target: 'b',
    sourceX: 0,
    sourceY: 0,
    targetX: 100,
    targetY: 50,
    sourcePosition: Position.Right,
    targetPosition: Position.Left,
  } as EdgeProps<FlowEdge>;

  it('colours the wire by type and numbers wires into a list input', () => {
    render(
      <svg>
        <GraphEdge {...props} data={{ order: 2, portType: 'image' }} />
      </svg>,
    );
    expect(document.querySelector('.react-flow__edge-path')!.getAttribute('class')).toContain(
      'nl-edge--image',
    );
    expect(screen.getByTestId('edge-order-e1').textContent).toBe('2');
  });

  it('puts badges of wires from different sources apart, near the input', () => {
    const near = alongWire(0, 0, 100, 50, 0.8);
    const far = alongWire(0, 300, 100, 50, 0.8);
    expect(near.x).toBeGreaterThan(50);
    expect(Math.hypot(near.x - far.x, near.y - far.y)).toBeGreaterThan(20);
    expect(alongWire(0, 0, 100, 50, 1)).toEqual({ x: 100, y: 50 });
  });

  it('draws no badge on single inputs', () => {
    render(
      <svg>
        <GraphEdge {...props} data={{ portType: 'text' }} />
      </svg>,
    );
    expect(screen.queryByTestId('edge-order-e1')).toBeNull();
  });
});
