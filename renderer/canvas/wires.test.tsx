import { ReactFlowProvider } from '@xyflow/react';
import type { FinalConnectionState } from '@xyflow/react';
import { act, cleanup } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import type { WireEnd } from './compat';
import { usePlacement } from './placement';
import { createHarness, renderWith } from './testing/harness';
import type { Harness } from './testing/harness';
import { useWires } from './wires';

afterEach(cleanup);

type Api = ReturnType<typeof useWires> & ReturnType<typeof usePlacement>;

function setup() {
  const g = testGraph();
  g.prompt('a fox', { id: 'p' });
  g.loadImage('a.png', { id: 'a' });
  g.model(MODELS.runflowProEdit, {}, { id: 'm' });
  const harness = createHarness(g.doc());
  const opened = vi.fn<(client: { x: number; y: number }, wire?: WireEnd) => void>();
  let api: Api | undefined;
  function Probe() {
    const wrapper = useRef<HTMLDivElement>(null);
    api = { ...useWires(opened), ...usePlacement(wrapper) };
    return <div ref={wrapper} />;
  }
  renderWith(
    harness,
    <ReactFlowProvider>
      <Probe />
    </ReactFlowProvider>,
  );
  return { harness, opened, api: api! };
}

const edgeCount = (h: Harness) => h.graph.getState().doc.edges.length;

describe('wiring', () => {
  it('accepts compatible ports and refuses the rest (type, self, cycle)', () => {
    const { api } = setup();
    const c = (source: string, sourceHandle: string, target: string, targetHandle: string) =>
      api.isValidConnection({ source, sourceHandle, target, targetHandle });
    expect(c('p', 'text', 'm', 'prompt')).toBe(true);
    expect(c('a', 'image', 'm', 'image_urls')).toBe(true);
    expect(c('p', 'text', 'm', 'image_urls')).toBe(false);
    expect(c('a', 'image', 'm', 'prompt')).toBe(false);
    expect(c('m', 'images', 'm', 'image_urls')).toBe(false);
  });

  it('connects with a fresh edge id, and not when refused', () => {
    const { api, harness } = setup();
    act(() =>
      api.onConnect({ source: 'p', sourceHandle: 'text', target: 'm', targetHandle: 'prompt' }),
    );
    const [edge] = harness.graph.getState().doc.edges;
    expect(edge).toMatchObject({ source: 'p', target: 'm', targetHandle: 'prompt' });
    expect(edge!.id).toBeTruthy();
    act(() =>
      api.onConnect({ source: 'p', sourceHandle: 'text', target: 'm', targetHandle: 'image_urls' }),
    );
    expect(edgeCount(harness)).toBe(1);
  });

  it('a wire dropped on empty canvas opens the palette for its type', () => {
    const { api, opened } = setup();
    const pane = document.createElement('div');
    pane.className = 'react-flow__pane';
    document.body.append(pane);
    const state = {
      isValid: null,
      toHandle: null,
      fromHandle: { nodeId: 'a', id: 'image', type: 'source' },
      fromNode: { id: 'a', data: { nodeId: 'a', nodeType: 'load-image' } },
    } as unknown as FinalConnectionState;
    const event = { target: pane, clientX: 300, clientY: 120 } as unknown as MouseEvent;
    api.onConnectEnd(event, state);
    expect(opened).toHaveBeenCalledWith(
      { x: 300, y: 120 },
      { nodeId: 'a', handleId: 'image', handleType: 'source', portType: 'image' },
    );
    // Dropped on a node, or on a handle: no palette.
    opened.mockClear();
    api.onConnectEnd({ ...event, target: document.body } as unknown as MouseEvent, state);
    expect(opened).not.toHaveBeenCalled();
    pane.remove();
  });

  it('the node chosen for a dropped wire is added and connected in one undo step', () => {
    const { api, harness } = setup();
    const wire: WireEnd = {
      nodeId: 'a',
      handleId: 'image',
      handleType: 'source',
      portType: 'image',
    };
    let id: string | null = null;
    act(() => void (id = api.addNode('preview', { x: 100, y: 100 }, wire)));
    const state = harness.graph.getState();
    expect(state.doc.edges).toEqual([
      expect.objectContaining({
        source: 'a',
        sourceHandle: 'image',
        target: id,
        targetHandle: 'images',
      }),
    ]);
    expect(state.selectedNodeIds).toEqual([id]);
    act(() => state.undo());
    expect(harness.graph.getState().doc.nodes.map((n) => n.id)).toEqual(['p', 'a', 'm']);
    expect(edgeCount(harness)).toBe(0);
  });

  it('a wire dragged out of an input connects the new node’s output', () => {
    const { api, harness } = setup();
    const wire: WireEnd = {
      nodeId: 'm',
      handleId: 'prompt',
      handleType: 'target',
      portType: 'text',
    };
    let id: string | null = null;
    act(() => void (id = api.addNode('prompt', { x: 0, y: 0 }, wire)));
    expect(harness.graph.getState().doc.edges).toEqual([
      expect.objectContaining({
        source: id,
        sourceHandle: 'text',
        target: 'm',
        targetHandle: 'prompt',
      }),
    ]);
  });
});
