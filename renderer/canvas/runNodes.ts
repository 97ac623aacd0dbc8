/**
 * How the canvas asks to run some nodes and what they need (a group's Run button):
 * it dispatches this DOM CustomEvent, which bubbles to `window`; the active session
 * runs them as "run selected" does (the same preflight, budget question and host call).
 */
export const RUN_NODES_EVENT = 'nodeloom:run-nodes';

export interface RunNodesDetail {
  nodeIds: string[];
}

export type RunNodesEvent = CustomEvent<RunNodesDetail>;

declare global {
  interface WindowEventMap {
    [RUN_NODES_EVENT]: RunNodesEvent;
  }
  interface HTMLElementEventMap {
    [RUN_NODES_EVENT]: RunNodesEvent;
  }
}

export function requestRunNodes(from: EventTarget, nodeIds: readonly string[]): void {
  from.dispatchEvent(
    new CustomEvent(RUN_NODES_EVENT, {
      detail: { nodeIds: [...nodeIds] },
      bubbles: true,
      composed: true,
    }),
  );
}
