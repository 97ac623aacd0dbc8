import { useCallback, useRef } from 'react';
import type { PointerEvent as ReactPointerEvent } from 'react';

/**
 * A drag that starts on the empty pane (a pan, or a selection box) captures the
 * pointer: the browser then sends its moves straight to the pane instead of hit
 * testing thousands of nodes and wires under the pointer for each one.
 */
export function usePointerCapture(): {
  onPointerDown(e: ReactPointerEvent): void;
  onNodeDragStart(e: globalThis.MouseEvent | TouchEvent): void;
} {
  const pressed = useRef<number | null>(null);
  const onPointerDown = useCallback((e: ReactPointerEvent) => {
    const target = e.target as Element;
    pressed.current = e.button === 0 ? e.pointerId : null;
    if (e.button === 0 && target.classList.contains('react-flow__pane')) {
      target.setPointerCapture(e.pointerId);
    }
  }, []);
  // A node drag (past the drag threshold: no click or double-click to keep) captures the
  // pointer on the node the same way.
  const onNodeDragStart = useCallback((e: globalThis.MouseEvent | TouchEvent) => {
    const node = (e.target as Element | null)?.closest?.('.react-flow__node');
    const id = pressed.current;
    if (node && id !== null && !node.hasPointerCapture(id)) {
      try {
        node.setPointerCapture(id);
      } catch {
        // The pointer is already up (a drag that ended at once): nothing to capture.
      }
    }
  }, []);
  return { onPointerDown, onNodeDragStart };
}
