import { useConnection } from '@xyflow/react';
import type { Connection, Edge, OnConnectEnd } from '@xyflow/react';
import { useCallback } from 'react';
import type { NodeRegistry } from '../../shared/nodes/registry';
import { useApp } from '../host/appContext';
import type { GraphStore } from '../store/graphStore';
import type { GraphActions } from '../store/types';
import { useGraphActions, useGraphStore } from '../store/context';
import { checkConnection } from '../store/graphCommands';
import { newEdgeId, takenIds } from '../store/ids';
import type { FlowNodeData } from '../store/selectors';
import { resolvedOutputType } from '../../shared/nodes/reroute';
import type { PortType } from '../../shared/nodes/spec';
import { portClass } from './compat';
import type { WireEnd } from './compat';

type NodeId = FlowNodeData['nodeId'];

/**
 * Adds the wire `c` when it fits (the store's checkConnection); whether it did. The one
 * place a new wire is made, for React Flow's handles and the overview's ports alike.
 */
export function connectIfValid(
  store: GraphStore,
  registry: NodeRegistry,
  actions: Pick<GraphActions, 'dispatch'>,
  c: Connection,
): boolean {
  const doc = store.getState().doc;
  if (!checkConnection(doc, registry, c).ok || !c.sourceHandle || !c.targetHandle) return false;
  actions.dispatch({
    type: 'connect',
    edge: {
      id: newEdgeId(takenIds(doc)),
      source: c.source as NodeId,
      sourceHandle: c.sourceHandle,
      target: c.target as NodeId,
      targetHandle: c.targetHandle,
    },
  });
  return true;
}

/**
 * Wiring: connections are type-checked while dragging (the store's checkConnection:
 * canConnect on the port specs, no self-loops, no cycles) and refused when they do
 * not fit; a wire dropped on empty canvas opens the palette for it.
 */
export function useWires(
  openPaletteAt: (client: { x: number; y: number }, wire?: WireEnd) => void,
) {
  const { registry } = useApp();
  const store = useGraphStore();
  const actions = useGraphActions();
  // What a wire from an output carries: through a reroute, what feeds the reroute.
  const carried = useCallback(
    (side: 'source' | 'target', nodeId: string, handle: string, type: PortType): PortType =>
      side === 'source' && type === 'any'
        ? (resolvedOutputType(store.getState().doc, registry, nodeId, handle) ?? type)
        : type,
    [store, registry],
  );

  // During a wire drag, the wrapper names the dragged type; canvas.css dims the rest.
  const connecting = useConnection((c) => {
    if (!c.inProgress) return '';
    const spec = registry.get((c.fromNode.data as FlowNodeData).nodeType);
    const from = c.fromHandle.type === 'source' ? spec?.outputs : spec?.inputs;
    const port = from?.find((p) => p.id === c.fromHandle.id);
    const side = c.fromHandle.type === 'source' ? 'src' : 'tgt';
    const type = port && carried(c.fromHandle.type, c.fromNode.id, port.id, port.type);
    return type ? ` nl-connecting nl-drag-${side}-${portClass(type)}` : ' nl-connecting';
  });

  const isValidConnection = useCallback(
    (c: Connection | Edge) =>
      checkConnection(store.getState().doc, registry, {
        source: c.source,
        sourceHandle: c.sourceHandle ?? null,
        target: c.target,
        targetHandle: c.targetHandle ?? null,
      }).ok,
    [store, registry],
  );

  const onConnect = useCallback(
    (c: Connection) => void connectIfValid(store, registry, actions, c),
    [store, registry, actions],
  );

  // A wire dropped on empty canvas: the palette, filtered to nodes that can take it.
  const onConnectEnd: OnConnectEnd = useCallback(
    (event, state) => {
      if (state.isValid || state.toHandle || !state.fromHandle || !state.fromNode) return;
      const target = event.target as Element | null;
      if (!target?.closest('.react-flow__pane') || target.closest('.react-flow__node')) return;
      const from = state.fromHandle;
      const spec = registry.get((state.fromNode.data as FlowNodeData).nodeType);
      const port = (from.type === 'source' ? spec?.outputs : spec?.inputs)?.find(
        (p) => p.id === from.id,
      );
      if (!port) return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      if (!point) return;
      openPaletteAt(
        { x: point.clientX, y: point.clientY },
        {
          nodeId: from.nodeId,
          handleId: port.id,
          handleType: from.type,
          portType: carried(from.type, from.nodeId, port.id, port.type),
        },
      );
    },
    [registry, openPaletteAt, carried],
  );

  return { connecting, isValidConnection, onConnect, onConnectEnd };
}
