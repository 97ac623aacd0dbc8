import { useCallback, useState } from 'react';
import type { RefObject } from 'react';
import type { ReactFlowInstance } from '@xyflow/react';
import type { Position } from '../../shared/graph/document';
import type { FlowEdge, FlowNode } from '../store/selectors';
import type { WireEnd } from './compat';

const PALETTE_SIZE = { width: 340, height: 380 };

export interface PaletteState {
  /** Where it opened, relative to the canvas element. */
  at: { x: number; y: number };
  /** The same point in flow coordinates: where the node goes. */
  flow: Position;
  wire?: WireEnd;
}

/**
 * The node search palette's place: opened at a client point (kept inside the canvas
 * element), with the flow point where the picked node goes and the wire it ends, if any.
 */
export function useCanvasPalette(
  wrapper: RefObject<HTMLDivElement | null>,
  flow: ReactFlowInstance<FlowNode, FlowEdge>,
): {
  palette: PaletteState | null;
  openPaletteAt(client: { x: number; y: number }, wire?: WireEnd): void;
  closePalette(): void;
} {
  const [palette, setPalette] = useState<PaletteState | null>(null);
  const openPaletteAt = useCallback(
    (client: { x: number; y: number }, wire?: WireEnd) => {
      const rect = wrapper.current?.getBoundingClientRect();
      if (!rect) return;
      const x = Math.max(0, Math.min(client.x - rect.left, rect.width - PALETTE_SIZE.width));
      const y = Math.max(0, Math.min(client.y - rect.top, rect.height - PALETTE_SIZE.height));
      const at = flow.screenToFlowPosition(client);
      setPalette({ at: { x, y }, flow: at, ...(wire ? { wire } : {}) });
    },
    [wrapper, flow],
  );
  const closePalette = useCallback(() => setPalette(null), []);
  return { palette, openPaletteAt, closePalette };
}
