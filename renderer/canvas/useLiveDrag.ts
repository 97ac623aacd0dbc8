import { useStoreApi } from '@xyflow/react';
import { useState } from 'react';
import type { FlowEdge, FlowNode } from '../store/selectors';
import { drawDragFrame } from './dragDraw';
import { createLiveDrag } from './liveDrag';
import type { LiveDrag } from './liveDrag';

/** The canvas's live drag (liveDrag.ts) over this React Flow's store and DOM. */
export function useLiveDrag(): LiveDrag<FlowNode> {
  const flow = useStoreApi<FlowNode, FlowEdge>();
  const [live] = useState(() =>
    createLiveDrag<FlowNode>({
      getNodes: () => flow.getState().nodes,
      setNodes: (nodes) => flow.getState().setNodes(nodes),
      draw: (positions) => drawDragFrame(flow.getState(), positions),
      view: () => flow.getState().transform,
    }),
  );
  return live;
}
