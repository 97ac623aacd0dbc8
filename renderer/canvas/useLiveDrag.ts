import { useStoreApi } from '@xyflow/react';
import { useState } from 'react';
import type { FlowEdge, FlowNode } from '../store/selectors';
import { createLiveDrag } from './liveDrag';
import type { LiveDrag } from './liveDrag';

/** The canvas's live drag (liveDrag.ts), moving nodes in this React Flow's store. */
export function useLiveDrag(): LiveDrag<FlowNode> {
  const flow = useStoreApi<FlowNode, FlowEdge>();
  const [live] = useState(() =>
    createLiveDrag<FlowNode>({
      getNodes: () => flow.getState().nodes,
      setNodes: (nodes) => flow.getState().setNodes(nodes),
    }),
  );
  return live;
}
