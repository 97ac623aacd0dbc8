/**
 * How the canvas asks for a node's "new take": its header button dispatches this DOM
 * CustomEvent, which bubbles to `window`; the active session runs that node and what
 * depends on it again as a new variant (runCommands.newTake), as the resend does.
 */
export const NEW_TAKE_EVENT = 'nodeloom:new-take';

export type NewTakeEvent = CustomEvent<{ nodeId: string }>;

declare global {
  interface WindowEventMap {
    [NEW_TAKE_EVENT]: NewTakeEvent;
  }
  interface HTMLElementEventMap {
    [NEW_TAKE_EVENT]: NewTakeEvent;
  }
}

export function requestNewTake(from: EventTarget, nodeId: string): void {
  from.dispatchEvent(
    new CustomEvent(NEW_TAKE_EVENT, { detail: { nodeId }, bubbles: true, composed: true }),
  );
}
