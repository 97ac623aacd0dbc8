import type { IpcRenderer } from 'electron';
import {
  CALL_NAMES,
  DEFAULT_THUMB_SIZE,
  EVENT_NAMES,
  THUMB_SIZES,
  isThumbSize,
} from '../../shared/contract/hostApi';
import type { PreloadBridge } from '../../shared/contract/bridge';
import type { EventName } from '../../shared/contract/hostApi';
import {
  BLOB_HASH,
  BLOB_SCHEME,
  CALL_CHANNEL,
  DIRTY_CHANNEL,
  EVENT_CHANNEL,
} from '../main/channels';
import type { CallReply } from '../main/channels';

/**
 * Makes `window.nodeloom` (the contract's PreloadBridge) over Electron IPC. Names
 * are checked here too, so a compromised page cannot even put an unknown channel
 * message on the wire.
 */

type Listener = (payload: unknown) => void;

const isCall = (name: unknown): name is string =>
  typeof name === 'string' && (CALL_NAMES as readonly string[]).includes(name);
const isEvent = (name: unknown): name is EventName =>
  typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);

/** app.command events that arrive before the UI subscribed (a file opened at launch). */
const MAX_EARLY_COMMANDS = 16;

export function createBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'send'>): PreloadBridge {
  const listeners = new Map<EventName, Set<Listener>>();
  const early: unknown[] = [];

  ipc.on(EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
    if (!isEvent(name)) return;
    const set = listeners.get(name);
    if (set && set.size > 0) {
      for (const listener of [...set]) listener(payload);
    } else if (name === 'app.command' && early.length < MAX_EARLY_COMMANDS) {
      early.push(payload);
    }
  });

  return {
    async call(name, input) {
      if (!isCall(name)) throw new Error(`unknown host call: ${String(name).slice(0, 80)}`);
      const reply = (await ipc.invoke(CALL_CHANNEL, name, input)) as CallReply;
      if (!reply.ok) throw new Error(reply.message);
      return reply.value;
    },
    on(name, listener) {
      if (!isEvent(name)) throw new Error(`unknown host event: ${String(name).slice(0, 80)}`);
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      if (name === 'app.command') {
        for (const payload of early.splice(0)) listener(payload);
      }
      return () => void set.delete(listener);
    },
    imageUrl(hash) {
      if (typeof hash !== 'string' || !BLOB_HASH.test(hash))
        throw new TypeError('imageUrl: not a sha256 content hash');
      return `${BLOB_SCHEME}://${hash}`;
    },
    thumbUrl(hash, size = DEFAULT_THUMB_SIZE) {
      if (typeof hash !== 'string' || !BLOB_HASH.test(hash))
        throw new TypeError('thumbUrl: not a sha256 content hash');
      if (!isThumbSize(size))
        throw new TypeError(`thumbUrl: size must be one of ${THUMB_SIZES.join(', ')}`);
      return `${BLOB_SCHEME}://${hash}?thumb=${size}`;
    },
    setDirty(dirty) {
      if (typeof dirty !== 'boolean') throw new TypeError('setDirty: dirty must be a boolean');
      ipc.send(DIRTY_CHANNEL, dirty);
    },
  };
}
