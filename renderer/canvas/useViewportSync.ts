import type { ReactFlowInstance } from '@xyflow/react';
import { useCallback, useEffect } from 'react';
import type { RefObject } from 'react';
import type { Viewport } from '../../shared/graph/document';
import { useGraphActions, useGraphStore } from '../store/context';
import type { FlowEdge, FlowNode } from '../store/selectors';

/**
 * Keeps React Flow's view and the document's viewport in step both ways: a loaded
 * document moves the view, a finished pan or zoom is saved in the document, and
 * opening a component fits its inside. Returns React Flow's move handlers.
 */
export function useViewportSync(
  wrapper: RefObject<HTMLDivElement | null>,
  flow: ReactFlowInstance<FlowNode, FlowEdge>,
): {
  onMoveStart(): void;
  onMoveEnd(event: unknown, viewport: Viewport): void;
} {
  const store = useGraphStore();
  const actions = useGraphActions();

  // Opening a component shows all of its inside (the way back restores the view).
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.frames.length <= prev.frames.length) return;
        requestAnimationFrame(() => void flow.fitView({ padding: 0.15, maxZoom: 1 }));
      }),
    [store, flow],
  );

  // A document loaded (New, Open) brings its own viewport.
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        const v = s.doc.viewport;
        if (v === prev.doc.viewport) return;
        const cur = flow.getViewport();
        if (cur.x !== v.x || cur.y !== v.y || cur.zoom !== v.zoom) void flow.setViewport(v);
      }),
    [store, flow],
  );

  // A class on the container while the view moves (no re-render): canvas.css turns
  // hit testing off for nodes, edges and handles until the move ends.
  const onMoveStart = useCallback(() => wrapper.current?.classList.add('nl-moving'), [wrapper]);
  const onMoveEnd = useCallback(
    (_e: unknown, viewport: Viewport) => {
      wrapper.current?.classList.remove('nl-moving');
      actions.setViewport(viewport);
    },
    [wrapper, actions],
  );
  return { onMoveStart, onMoveEnd };
}
