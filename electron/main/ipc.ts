import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { z } from 'zod';
import type {
  CallName,
  CallOutput,
  EventName,
  EventPayload,
  HostHandlers,
} from '../../shared/contract/hostApi';
import { checkedCall } from '../core/host/checkedCall';
import { CALL_CHANNEL, DIRTY_CHANNEL, EVENT_CHANNEL } from './channels';
import type { CallReply } from './channels';

/**
 * The host contract over Electron IPC: one `invoke` channel for every call, one
 * `send` channel for every event. The sender must be the main frame of our window
 * showing our page (GHSA-mq8j-3h7h-p8g7); then the call runs through the host's
 * checkedCall (input and output parsed with the contract), as on the web host.
 */

/** The frame test every IPC message passes before anything else happens. */
export type SenderCheck = (event: IpcMainInvokeEvent | IpcMainEvent) => boolean;

/**
 * Trusts a message only from the main frame of `contents()` while it shows the
 * app page: not a subframe, not another window, not a page it navigated to.
 */
export function trustedSender(
  contents: () => WebContents | undefined,
  isAppUrl: (url: string) => boolean,
): SenderCheck {
  return (event) => {
    const ours = contents();
    const frame = event.senderFrame;
    if (!ours || ours.isDestroyed() || !frame || frame.detached) return false;
    if (event.sender.id !== ours.id) return false;
    if (frame.parent !== null || frame.frameTreeNodeId !== ours.mainFrame.frameTreeNodeId)
      return false;
    return isAppUrl(frame.url);
  };
}

export interface HostIpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'on' | 'removeHandler' | 'removeListener'>;
  handlers: HostHandlers;
  isTrusted: SenderCheck;
  /** After a call succeeded (the shell keeps Open Recent from workflow calls). */
  onCallDone?: <K extends CallName>(name: K, output: CallOutput<K>) => void;
  onDirty?: (dirty: boolean) => void;
  log?: (message: string) => void;
}

const frameOf = (event: IpcMainInvokeEvent | IpcMainEvent): string => {
  try {
    return event.senderFrame ? new URL(event.senderFrame.url).origin : 'a destroyed frame';
  } catch {
    return 'an unknown frame';
  }
};

/** Registers the call and dirty-state channels; returns the function that removes them. */
export function registerHostIpc(options: HostIpcOptions): () => void {
  const { ipcMain, handlers, isTrusted } = options;
  const log = options.log ?? ((m: string) => console.warn(m));

  const onCall = async (
    event: IpcMainInvokeEvent,
    name: unknown,
    input: unknown,
  ): Promise<CallReply> => {
    if (!isTrusted(event)) {
      log(`refused a host call from ${frameOf(event)}: not the Nodeloom window`);
      return { ok: false, message: 'refused: this call did not come from the Nodeloom window' };
    }
    const outcome = await checkedCall(handlers, name, input);
    if (!outcome.ok) return { ok: false, message: outcome.message };
    options.onCallDone?.(outcome.name, outcome.value);
    return { ok: true, value: outcome.value };
  };

  const onDirty = (event: IpcMainEvent, dirty: unknown): void => {
    if (!isTrusted(event)) {
      log(`refused setDirty from ${frameOf(event)}: not the Nodeloom window`);
      return;
    }
    const parsed = z.boolean().safeParse(dirty);
    if (!parsed.success) {
      log(`setDirty: invalid input: dirty: ${parsed.error.issues[0]?.message ?? 'not a boolean'}`);
      return;
    }
    options.onDirty?.(parsed.data);
  };

  ipcMain.handle(CALL_CHANNEL, onCall);
  ipcMain.on(DIRTY_CHANNEL, onDirty);
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    ipcMain.removeListener(DIRTY_CHANNEL, onDirty);
  };
}

/** Sends a host event to the window's main frame, if it is still there. */
export function sendEvent<K extends EventName>(
  contents: WebContents | undefined,
  name: K,
  payload: EventPayload<K>,
): void {
  if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
}
