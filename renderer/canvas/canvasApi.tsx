import { ReactFlowProvider } from '@xyflow/react';
import { createContext, useContext, useMemo, useRef } from 'react';
import type { ReactNode, RefObject } from 'react';
import type { Position } from '../../shared/graph/document';
import type { NodeId } from '../../shared/graph/ids';

/** What the app shell (and the node library) may ask of the mounted canvas. */
export interface CanvasApi {
  /** Zooms and pans to show every node. */
  fitView(): void;
  /** Selects the node, and pans and zooms so it is in view. */
  focusNode(nodeId: string): void;
  /** The centre of the visible canvas, in flow coordinates. */
  centre(): Position;
  /** A point in client (screen) pixels, in flow coordinates. */
  screenToFlow(point: { x: number; y: number }): Position;
  /** Where the pointer last was over the canvas, in flow coordinates (null: not yet). */
  pointer(): Position | null;
  /** Adds a node of `type` at `at` (flow coordinates; default the centre) and selects it. */
  addNode(type: string, at?: Position): NodeId | null;
  /** Opens the node search palette at a client point (default the pointer, else the centre). */
  openPalette(at?: { x: number; y: number }): void;
}

type ApiRef = RefObject<CanvasApi | null>;

export const CanvasApiContext = createContext<ApiRef | null>(null);

/**
 * Wrap the canvas and whatever talks to it (NodeLibrary, toolbar) in this: it holds
 * React Flow's store and the canvas handle. A Canvas outside a provider makes its own.
 */
export function CanvasProvider({ children }: { children: ReactNode }) {
  const api = useRef<CanvasApi | null>(null);
  return (
    <ReactFlowProvider>
      <CanvasApiContext.Provider value={api}>{children}</CanvasApiContext.Provider>
    </ReactFlowProvider>
  );
}

const ORIGIN: Position = { x: 0, y: 0 };

/**
 * A stable handle on the canvas under the nearest CanvasProvider. Calls before the
 * canvas mounts do nothing (and answer the origin / null).
 */
export function useCanvasApi(): CanvasApi {
  const ref = useContext(CanvasApiContext);
  return useMemo<CanvasApi>(
    () => ({
      fitView: () => ref?.current?.fitView(),
      focusNode: (id) => ref?.current?.focusNode(id),
      centre: () => ref?.current?.centre() ?? ORIGIN,
      screenToFlow: (p) => ref?.current?.screenToFlow(p) ?? p,
      pointer: () => ref?.current?.pointer() ?? null,
      addNode: (type, at) => ref?.current?.addNode(type, at) ?? null,
      openPalette: (at) => ref?.current?.openPalette(at),
    }),
    [ref],
  );
}

/** The MIME type NodeLibrary puts on drags; the canvas adds the node where it is dropped. */
export const NODE_TYPE_MIME = 'application/x-nodeloom-node-type';
