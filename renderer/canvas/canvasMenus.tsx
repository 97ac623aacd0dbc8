import { useCallback, useState } from 'react';
import type { ReactNode, MouseEvent as ReactMouseEvent, RefObject } from 'react';
import type { EdgeId } from '../../shared/graph/ids';
import { useGraphActions, useGraphStore, useRunStore } from '../store/context';
import { isGroupFlowNode } from '../store/selectors';
import type { FlowEdge, FlowNode } from '../store/selectors';
import { useCanvasCommands } from './canvasCommands';
import { ContextMenu } from './ContextMenu';
import { canvasMenu, nodeMenu, wireMenu } from './contextMenus';
import type { MenuEntry } from './contextMenus';

interface MenuState {
  label: string;
  at: { x: number; y: number };
  entries: MenuEntry[];
}

/**
 * The canvas's right-click menus (pane, node, wire), built from the command table
 * when they open. A right-click on a node outside the selection selects it first,
 * so the node commands act on what the user pointed at.
 */
export function useCanvasMenus(
  /** Where the pointer last was (client pixels); a pane menu moves it to where it opened. */
  lastPointer: RefObject<{ x: number; y: number } | null>,
  closePalette: () => void,
): {
  onPaneContextMenu(e: ReactMouseEvent | MouseEvent): void;
  onNodeContextMenu(e: ReactMouseEvent, node: FlowNode): void;
  onEdgeContextMenu(e: ReactMouseEvent, edge: FlowEdge): void;
  menu: ReactNode;
} {
  const store = useGraphStore();
  const actions = useGraphActions();
  const runStore = useRunStore();
  const commands = useCanvasCommands();
  const [menu, setMenu] = useState<MenuState | null>(null);
  const closeMenu = useCallback(() => setMenu(null), []);

  // Right-click menus: built from the command table when they open.
  const onPaneContextMenu = useCallback(
    (e: ReactMouseEvent | MouseEvent) => {
      e.preventDefault();
      if (!commands) return;
      const at = { x: e.clientX, y: e.clientY };
      lastPointer.current = at;
      const selectedNodes = store.getState().selectedNodeIds.length;
      closePalette();
      setMenu({ label: 'Canvas', at, entries: canvasMenu(commands, at, { selectedNodes }) });
    },
    [commands, store, lastPointer, closePalette],
  );
  const onNodeContextMenu = useCallback(
    (e: ReactMouseEvent, node: FlowNode) => {
      // A group's frame is part of the canvas: its menu is the canvas's.
      if (isGroupFlowNode(node)) return onPaneContextMenu(e);
      e.preventDefault();
      if (!commands) return;
      const s = store.getState();
      const id = node.data.nodeId;
      // The menu acts on the selection; a node outside it becomes the selection.
      if (!s.selectedNodeIds.includes(id)) actions.setSelection([id], []);
      const graphNode = s.doc.nodes.find((n) => n.id === id);
      const images = runStore.getState().nodes[id]?.images?.length ?? 0;
      const entries = nodeMenu(commands, {
        pinned: !!graphNode?.pinned,
        pinnable: !!graphNode?.type.startsWith('model:') && images > 0,
        model: !!graphNode?.type.startsWith('model:'),
      });
      closePalette();
      setMenu({ label: 'Node', at: { x: e.clientX, y: e.clientY }, entries });
    },
    [commands, store, runStore, actions, closePalette, onPaneContextMenu],
  );
  const onEdgeContextMenu = useCallback(
    (e: ReactMouseEvent, edge: FlowEdge) => {
      e.preventDefault();
      if (!commands) return;
      actions.setSelection([], [edge.id as EdgeId]);
      const at = { x: e.clientX, y: e.clientY };
      closePalette();
      setMenu({ label: 'Wire', at, entries: wireMenu(commands, at) });
    },
    [commands, actions, closePalette],
  );

  return {
    onPaneContextMenu,
    onNodeContextMenu,
    onEdgeContextMenu,
    menu:
      menu && menu.entries.length > 0 ? (
        <ContextMenu at={menu.at} entries={menu.entries} label={menu.label} onClose={closeMenu} />
      ) : null,
  };
}
