import type { ReactFlowInstance } from '@xyflow/react';
import { useCallback } from 'react';
import type { MouseEvent as ReactMouseEvent } from 'react';
import type { EdgeId } from '../../shared/graph/ids';
import { instanceComponent } from '../store/componentFrames';
import { useGraphActions, useGraphStore } from '../store/context';
import type { FlowEdge, FlowNode } from '../store/selectors';

/**
 * The canvas's click gestures: a double-click on the empty pane opens the node search,
 * a double-click on a component instance opens it, an Alt+click on a wire puts a
 * reroute dot there.
 */
export function useCanvasClicks(
  flow: ReactFlowInstance<FlowNode, FlowEdge>,
  openPaletteAt: (client: { x: number; y: number }) => void,
): {
  onDoubleClick(e: ReactMouseEvent): void;
  onNodeDoubleClick(e: ReactMouseEvent, node: FlowNode): void;
  onEdgeClick(e: ReactMouseEvent, edge: FlowEdge): void;
} {
  const store = useGraphStore();
  const actions = useGraphActions();

  const onDoubleClick = useCallback(
    (e: ReactMouseEvent) => {
      if ((e.target as Element).classList.contains('react-flow__pane')) {
        openPaletteAt({ x: e.clientX, y: e.clientY });
      }
    },
    [openPaletteAt],
  );

  // Double-click on an instance opens it (its title keeps double-click for renaming).
  const onNodeDoubleClick = useCallback(
    (e: ReactMouseEvent, node: FlowNode) => {
      const target = e.target as Element;
      if (target.closest('.nl-node__title, input, textarea, select, button')) return;
      if (instanceComponent(store.getState().doc, node.id) === undefined) return;
      actions.openComponent(node.id);
    },
    [actions, store],
  );

  // Alt+click on a wire puts a reroute dot there (ComfyUI's gesture).
  const onEdgeClick = useCallback(
    (e: ReactMouseEvent, edge: FlowEdge) => {
      if (!e.altKey) return;
      e.preventDefault();
      e.stopPropagation();
      const id = actions.insertReroute(
        edge.id as EdgeId,
        flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }),
      );
      if (id) actions.setSelection([id], []);
    },
    [actions, flow],
  );
  return { onDoubleClick, onNodeDoubleClick, onEdgeClick };
}
