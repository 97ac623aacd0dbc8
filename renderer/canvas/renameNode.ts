/**
 * How a command asks a node to start editing its name in place (the node context
 * menu's Rename, F2): this DOM CustomEvent on `window`; the node's title listens.
 */
export const RENAME_NODE_EVENT = 'nodeloom:rename-node';

export interface RenameNodeDetail {
  nodeId: string;
}

export type RenameNodeEvent = CustomEvent<RenameNodeDetail>;

declare global {
  interface WindowEventMap {
    [RENAME_NODE_EVENT]: RenameNodeEvent;
  }
}

export function requestRename(win: Window, nodeId: string): void {
  win.dispatchEvent(new CustomEvent(RENAME_NODE_EVENT, { detail: { nodeId } }));
}
