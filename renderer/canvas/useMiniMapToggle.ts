import { useCallback, useState } from 'react';
import { useGraph } from '../store/context';

/**
 * Above this many nodes the MiniMap starts hidden (a Controls button shows it): its
 * SVG holds a rect per node and, as the view rectangle moves on every pan frame, a
 * software rasteriser repaints all of them (CANVAS-BENCH).
 */
export const MINIMAP_AUTO_MAX_NODES = 600;

/**
 * Whether the MiniMap shows: automatic (for graphs up to MINIMAP_AUTO_MAX_NODES) until
 * the user toggles it; never when the canvas is mounted without one (`allowed` false).
 */
export function useMiniMapToggle(allowed: boolean): { on: boolean; toggle(): void } {
  const nodeCount = useGraph((s) => s.doc.nodes.length);
  // null: automatic; else the user's choice.
  const [choice, setChoice] = useState<boolean | null>(null);
  const on = allowed && (choice ?? nodeCount <= MINIMAP_AUTO_MAX_NODES);
  const toggle = useCallback(() => setChoice(!on), [on]);
  return { on, toggle };
}
