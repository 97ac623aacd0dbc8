import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { z } from 'zod';
import { CALL_NAMES, hostCalls } from '../../shared/contract/hostApi';
import type {
  CallName,
  CallOutput,
  EventName,
  EventPayload,
  HostHandlers,
} from '../../shared/contract/hostApi';
import { CALL_CHANNEL, DIRTY_CHANNEL, EVENT_CHANNEL } from './channels';
import type { CallReply } from './channels';

/**
 * The host contract over Electron IPC: one `invoke` channel for every call, one
 * `send` channel for every event. Each call is checked twice before a handler
 * sees it: the sender must be the main frame of our window showing our page
 * (GHSA-mq8j-3h7h-p8g7), and the input must parse with the contract's schema.
 * Answers are parsed with the output schema, like the web host's.
 */

/** A malformed input: the message names the call and the bad field, never its value. */
export class InputError extends Error {
  override name = 'InputError';
}

export function describeIssues(call: string, error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const field = issue.path.length ? issue.path.map(String).join('.') : '(input)';
    return `${field}: ${issue.message}`;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return `${call}: invalid input: ${parts.join('; ')}${more}`;
}

/** Every contract call as the IPC transport runs it: raw input in, parsed, handled. */
export type IpcCallTable = { [K in CallName]: (rawInput: unknown) => Promise<CallOutput<K>> };

export function ipcCallTable(handlers: HostHandlers): IpcCallTable {
  const table = {} as Record<CallName, (rawInput: unknown) => Promise<unknown>>;
  for (const name of CALL_NAMES) {
    const input: z.ZodType = hostCalls[name].input;
    const output: z.ZodType = hostCalls[name].output;
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    table[name] = async (rawInput) => {
      const parsed = input.safeParse(rawInput);
      if (!parsed.success) throw new InputError(describeIssues(name, parsed.error));
      // Checked on the way out too, as the web host does: only the contract's fields leave.
      const checked = output.safeParse(await handler(parsed.data));
      if (!checked.success)
        throw new Error(`${name}: the host produced an answer outside the contract`);
      return checked.data;
    };
  }
  return table as IpcCallTable;
}

const isCallName = (name: unknown): name is CallName =>
  typeof name === 'string' && (CALL_NAMES as readonly string[]).includes(name);

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
  table: IpcCallTable;
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
  const { ipcMain, table, isTrusted } = options;
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
    if (!isCallName(name)) {
      return { ok: false, message: `unknown host call: ${String(name).slice(0, 80)}` };
    }
    try {
      const value = await table[name](input);
      options.onCallDone?.(name, value);
      return { ok: true, value };
    } catch (e) {
      // The message goes to the UI; handlers already keep keys out of it.
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
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
