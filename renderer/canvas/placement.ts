import { useReactFlow } from '@xyflow/react';
import type { ReactFlowInstance } from '@xyflow/react';
import { useCallback } from 'react';
import type { RefObject } from 'react';
import type { GraphNode, Position } from '../../shared/graph/document';
import { nodeTypeId } from '../../shared/graph/ids';
import type { NodeId } from '../../shared/graph/ids';
import { useApp } from '../host/appContext';
import { useGraphActions, useGraphStore } from '../store/context';
import { newEdgeId, newNodeId, takenIds } from '../store/ids';
import type { FlowEdge, FlowNode } from '../store/selectors';
import { compatiblePort } from './compat';
import type { WireEnd } from './compat';

/** A node's width on the canvas (canvas.css `.nl-node`), for placing new nodes. */
export const NODE_WIDTH = 280;
/** A Preview is wider (canvas.css `.nl-node--preview`): it exists to show images. */
export const PREVIEW_WIDTH = 400;
const TITLE_HEIGHT = 32;
const WIRE_GAP = 40;

/**
 * Where a new node goes for a point: centred under it (library, double-click), to
 * its right for a wire dragged out of an output, to its left for one dragged out of
 * an input, so the new wire does not cross the node.
 */
export function placeNode(at: Position, wire?: WireEnd): Position {
  const y = Math.round(at.y - TITLE_HEIGHT / 2);
  if (!wire) return { x: Math.round(at.x - NODE_WIDTH / 2), y };
  return wire.handleType === 'source'
    ? { x: Math.round(at.x + WIRE_GAP), y }
    : { x: Math.round(at.x - NODE_WIDTH - WIRE_GAP), y };
}

/**
 * Adding nodes from the library, the palette and drops. A node added from a wire
 * is connected to it in the same undo step.
 */
export function usePlacement(wrapper: RefObject<HTMLDivElement | null>): {
  flow: ReactFlowInstance<FlowNode, FlowEdge>;
  addNode(type: string, at?: Position, wire?: WireEnd): NodeId | null;
} {
  const { registry } = useApp();
  const store = useGraphStore();
  const actions = useGraphActions();
  const flow = useReactFlow<FlowNode, FlowEdge>();

  const addNode = useCallback(
    (type: string, at?: Position, wire?: WireEnd): NodeId | null => {
      const spec = registry.get(type);
      if (!spec) return null;
      let point = at;
      if (!point) {
        const r = wrapper.current?.getBoundingClientRect();
        point = flow.screenToFlowPosition(
          r ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : { x: 0, y: 0 },
        );
      }
      const doc = store.getState().doc;
      const taken = takenIds(doc);
      const id = newNodeId(taken);
      const node: GraphNode = {
        id,
        type: nodeTypeId(spec.type),
        params: {},
        position: placeNode(point, wire),
      };
      const mergeKey = `add:${id}`;
      actions.dispatch({ type: 'addNodes', nodes: [node] }, { policy: 'merge', mergeKey });
      const port = wire ? compatiblePort(spec, wire) : undefined;
      if (wire && port) {
        const from = wire.handleType === 'source';
        actions.dispatch(
          {
            type: 'connect',
            edge: {
              id: newEdgeId(taken),
              source: from ? (wire.nodeId as NodeId) : id,
              sourceHandle: from ? wire.handleId : port.id,
              target: from ? id : (wire.nodeId as NodeId),
              targetHandle: from ? port.id : wire.handleId,
            },
          },
          { policy: 'merge', mergeKey, label: 'Add node' },
        );
      }
      actions.setSelection([id], []);
      return id;
    },
    [registry, store, actions, flow, wrapper],
  );

  return { flow, addNode };
}
