import type { ReactFlowInstance } from '@xyflow/react';
import { useCallback, useContext, useEffect } from 'react';
import type { RefObject } from 'react';
import type { NodeId } from '../../shared/graph/ids';
import { useApp } from '../host/appContext';
import { useGraphActions, useGraphStore } from '../store/context';
import { getNode } from '../store/selectors';
import type { FlowEdge, FlowNode } from '../store/selectors';
import { CanvasApiContext } from './canvasApi';
import type { CanvasApi } from './canvasApi';
import { boundsOf, overviewModel } from './overview/layout';
import { NODE_WIDTH } from './placement';

type ClientPoint = { x: number; y: number };

/** The part of the canvas handle the app shell holds (its `studio.canvas`). */
export type CanvasControlHandle = Pick<
  CanvasApi,
  'fitView' | 'focusNode' | 'screenToFlow' | 'pointer' | 'openPalette'
>;

/**
 * Publishes the canvas handle the app shell and the node library use (the
 * CanvasApiContext ref and the `controlRef` prop) while the canvas is mounted. Returns
 * the fit-all action, which the Controls' fit button uses too.
 */
export function useCanvasHandle({
  wrapper,
  flow,
  addNode,
  openPaletteAt,
  lastPointer,
  controlRef,
}: {
  wrapper: RefObject<HTMLDivElement | null>;
  flow: ReactFlowInstance<FlowNode, FlowEdge>;
  addNode: CanvasApi['addNode'];
  openPaletteAt(client: ClientPoint): void;
  /** Where the pointer last was over the canvas (client pixels). */
  lastPointer: RefObject<ClientPoint | null>;
  controlRef?: { current: CanvasControlHandle | null } | undefined;
}): () => void {
  const { registry } = useApp();
  const store = useGraphStore();
  const actions = useGraphActions();
  const apiRef = useContext(CanvasApiContext);

  // Fit from the store's boxes: React Flow holds only the nodes around the view.
  const fitAll = useCallback(() => {
    const s = store.getState();
    const bounds = boundsOf(overviewModel(s.doc, registry, s.measured).boxes);
    if (bounds) void flow.fitBounds(bounds, { padding: 0.1, duration: 200 });
  }, [flow, store, registry]);

  useEffect(() => {
    const centreClient = () => {
      const r = wrapper.current?.getBoundingClientRect();
      return r ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : { x: 0, y: 0 };
    };
    const handle: CanvasApi = {
      fitView: () => fitAll(),
      focusNode(id) {
        actions.setSelection([id as NodeId], []);
        const node = flow.getInternalNode(id);
        if (node?.measured.width) void flow.fitView({ nodes: [{ id }], maxZoom: 1, duration: 250 });
        else {
          // Never drawn yet (off screen with virtualisation, or zoomed out where React
          // Flow has no nodes): centre on its corner as the store has it.
          const at = getNode(store.getState().doc, id)?.position;
          if (at)
            void flow.setCenter(at.x + NODE_WIDTH / 2, at.y + 120, { zoom: 1, duration: 250 });
        }
      },
      centre: () => flow.screenToFlowPosition(centreClient()),
      screenToFlow: (p) => flow.screenToFlowPosition(p),
      pointer: () => (lastPointer.current ? flow.screenToFlowPosition(lastPointer.current) : null),
      addNode: (type, at) => addNode(type, at),
      openPalette: (at) => openPaletteAt(at ?? lastPointer.current ?? centreClient()),
    };
    if (apiRef) apiRef.current = handle;
    if (controlRef) controlRef.current = handle;
    return () => {
      if (apiRef?.current === handle) apiRef.current = null;
      if (controlRef?.current === handle) controlRef.current = null;
    };
  }, [
    wrapper,
    lastPointer,
    flow,
    store,
    actions,
    addNode,
    openPaletteAt,
    apiRef,
    controlRef,
    fitAll,
  ]);

  return fitAll;
}
