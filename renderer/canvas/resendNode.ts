/**
 * How the canvas asks for a held node to be sent again: its Resend button
 * dispatches this DOM CustomEvent, which bubbles to `window`; the active session
 * asks the user to confirm and starts a run that resends that node. A held node's
 * last request may have reached the provider, so this is only ever the user's act.
 */
export const RESEND_NODE_EVENT = 'nodeloom:resend-node';

export interface ResendNodeDetail {
  nodeId: string;
}

export type ResendNodeEvent = CustomEvent<ResendNodeDetail>;

declare global {
  interface WindowEventMap {
    [RESEND_NODE_EVENT]: ResendNodeEvent;
  }
  interface HTMLElementEventMap {
    [RESEND_NODE_EVENT]: ResendNodeEvent;
  }
}

export function requestResend(from: EventTarget, nodeId: string): void {
  from.dispatchEvent(
    new CustomEvent(RESEND_NODE_EVENT, { detail: { nodeId }, bubbles: true, composed: true }),
  );
}
