import { useCallback, useRef } from 'react';
import { useGraphActions, useGraphStore } from '../store/context';
import type { FlowNode } from '../store/selectors';
import { applySelect, summariseEdgeChanges, summariseNodeChanges } from './changes';
import type { LiveDrag } from './liveDrag';

/**
 * React Flow's node and edge changes (drags, measured sizes, selection, deletes)
 * turned into graph store actions. A node drag's frames move the nodes in React Flow
 * only (`live`, liveDrag.ts); its end writes the document.
 */
export function useFlowChanges(live: LiveDrag<FlowNode>): {
  onNodesChange(changes: Parameters<typeof summariseNodeChanges>[0]): void;
  onEdgesChange(changes: Parameters<typeof summariseEdgeChanges>[0]): void;
} {
  const store = useGraphStore();
  const actions = useGraphActions();

  // React Flow reports a delete as node and edge changes; the store deletes once.
  const deletePending = useRef(false);
  const deleteOnce = useCallback(() => {
    if (deletePending.current) return;
    deletePending.current = true;
    queueMicrotask(() => {
      deletePending.current = false;
      actions.deleteSelection();
    });
  }, [actions]);

  const onNodesChange = useCallback(
    (changes: Parameters<typeof summariseNodeChanges>[0]) => {
      const c = summariseNodeChanges(changes);
      if (c.sizes) actions.setMeasured(c.sizes);
      if (c.dragging && !live.move(c.dragging)) actions.dragNodes(c.dragging);
      if (c.moved) {
        live.end(c.moved);
        actions.dispatch({ type: 'moveNodes', positions: c.moved });
      }
      if (c.select) {
        const s = store.getState();
        actions.setSelection(applySelect(s.selectedNodeIds, c.select), s.selectedEdgeIds);
      }
      if (c.removed) deleteOnce();
    },
    [actions, store, deleteOnce, live],
  );

  const onEdgesChange = useCallback(
    (changes: Parameters<typeof summariseEdgeChanges>[0]) => {
      const c = summariseEdgeChanges(changes);
      if (c.select) {
        const s = store.getState();
        actions.setSelection(s.selectedNodeIds, applySelect(s.selectedEdgeIds, c.select));
      }
      if (c.removed) deleteOnce();
    },
    [actions, store, deleteOnce],
  );
  return { onNodesChange, onEdgesChange };
}
