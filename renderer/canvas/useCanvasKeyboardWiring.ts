import type { ReactFlowInstance } from '@xyflow/react';
import { useCallback, useMemo } from 'react';
import type { RefObject } from 'react';
import { useApp } from '../host/appContext';
import { useGraphStore } from '../store/context';
import type { FlowEdge, FlowNode } from '../store/selectors';
import { useKeyboardWireApi } from './keyboardWireContext';
import type { PortRef, WiringDeps } from './keyboardWiring';
import { NODE_WIDTH } from './placement';

/**
 * The canvas's side of keyboard wiring (keyboardWiring.ts): the document, the one
 * connect, and focus that follows the wire, bringing a port off screen into view first.
 */
export function useCanvasKeyboardWiring(
  wrapper: RefObject<HTMLDivElement | null>,
  flow: ReactFlowInstance<FlowNode, FlowEdge>,
  connect: WiringDeps['connect'],
): ReturnType<typeof useKeyboardWireApi> {
  const { registry } = useApp();
  const store = useGraphStore();
  const focusHandle = useCallback(
    (ref: PortRef) => {
      const selector = `[data-testid="handle-${CSS.escape(ref.nodeId)}-${CSS.escape(ref.portId)}"]`;
      const find = () => wrapper.current?.querySelector<HTMLElement>(selector);
      const found = find();
      if (found) return found.focus();
      const node = flow.getInternalNode(ref.nodeId);
      if (!node) return;
      const { x, y } = node.internals.positionAbsolute;
      void flow
        .setCenter(x + (node.measured.width ?? NODE_WIDTH) / 2, y + 80, {
          zoom: Math.max(flow.getZoom(), 0.6),
        })
        .then(() => requestAnimationFrame(() => find()?.focus()));
    },
    [wrapper, flow],
  );
  const wiringDeps = useMemo(
    () => ({
      doc: () => store.getState().doc,
      registry,
      connect,
      focus: focusHandle,
    }),
    [store, registry, connect, focusHandle],
  );
  return useKeyboardWireApi(wiringDeps);
}
