import type { ReactFlowInstance } from '@xyflow/react';
import { useCallback } from 'react';
import type { DragEvent } from 'react';
import type { FlowEdge, FlowNode } from '../store/selectors';
import { NODE_TYPE_MIME } from './canvasApi';
import type { CanvasApi } from './canvasApi';

/** A node type dragged from the library and dropped on the canvas adds a node there. */
export function useNodeDrop(
  flow: ReactFlowInstance<FlowNode, FlowEdge>,
  addNode: CanvasApi['addNode'],
): { onDragOver(e: DragEvent): void; onDrop(e: DragEvent): void } {
  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(NODE_TYPE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(NODE_TYPE_MIME);
      if (!type) return;
      e.preventDefault();
      addNode(type, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
    },
    [addNode, flow],
  );
  return { onDragOver, onDrop };
}
