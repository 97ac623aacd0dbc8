import type { PreloadBridge } from '../../shared/contract/bridge';
import type {
  CallInput,
  CallName,
  CallOutput,
  EventName,
  EventPayload,
  HostClient,
} from '../../shared/contract/hostApi';
import {
  DEFAULT_THUMB_SIZE,
  THUMB_SIZES,
  hostCalls,
  hostEvents,
  isThumbSize,
} from '../../shared/contract/hostApi';

/**
 * The renderer's side of the host contract. In Electron the preload exposes
 * `window.nodeloom` (named methods, nothing else); in a browser the loopback web
 * host answers calls over HTTP and pushes events over a WebSocket. Either way the
 * answers are parsed with the contract's schemas: the UI trusts nothing unchecked.
 */

declare global {
  interface Window {
    nodeloom?: PreloadBridge;
  }
}

function parseOutput<K extends CallName>(name: K, raw: unknown): CallOutput<K> {
  const parsed = hostCalls[name].output.safeParse(raw);
  if (!parsed.success)
    throw new Error(`the host answered ${name} with an unexpected shape: ${parsed.error.message}`);
  return parsed.data as CallOutput<K>;
}

type Listener = (payload: unknown) => void;

export function createBridgeClient(bridge: PreloadBridge): HostClient {
  return {
    async call(name, input) {
      return parseOutput(name, await bridge.call(name, input));
    },
    on(name, listener) {
      return bridge.on(name, (payload) => {
        const parsed = hostEvents[name].safeParse(payload);
        if (parsed.success) listener(parsed.data as EventPayload<typeof name>);
      });
    },
    imageUrl: (hash) => bridge.imageUrl(hash),
    thumbUrl: (hash, size = DEFAULT_THUMB_SIZE) => bridge.thumbUrl(hash, size),
  };
}

/** What a browser lets keepalive requests carry (64 KB for all of a page's), with room to spare. */
const KEEPALIVE_MAX_BYTES = 60 * 1024;

/** An error the host returned for a call: its message is meant for the user. */
export class HostCallError extends Error {}

export function createWebClient(origin: string = window.location.origin): HostClient {
  const listeners = new Map<EventName, Set<Listener>>();
  let socket: WebSocket | undefined;
  let retry = 0;
  const connect = (): void => {
    socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/events`);
    socket.onopen = () => (retry = 0);
    socket.onmessage = (m) => {
      let msg: { name?: string; payload?: unknown };
      try {
        msg = JSON.parse(String(m.data));
      } catch {
        return;
      }
      const name = msg.name as EventName;
      const schema = hostEvents[name];
      if (!schema) return;
      const parsed = schema.safeParse(msg.payload);
      if (!parsed.success) return;
      for (const l of listeners.get(name) ?? []) l(parsed.data);
    };
    // Reconnect with a growing delay: a restarted host comes back on its own.
    socket.onclose = () => setTimeout(connect, Math.min(5000, 250 * 2 ** retry++));
  };
  connect();
  const post = async <K extends CallName>(
    name: K,
    input: CallInput<K>,
    keepalive: boolean,
  ): Promise<CallOutput<K>> => {
    const body = JSON.stringify(input);
    const res = await fetch(`${origin}/api/call/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body,
      // Browsers refuse keepalive bodies over 64 KB: a larger one goes as usual.
      ...(keepalive && new TextEncoder().encode(body).length <= KEEPALIVE_MAX_BYTES
        ? { keepalive: true }
        : {}),
    });
    const answer: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const message = (answer as { error?: string } | undefined)?.error ?? `HTTP ${res.status}`;
      throw new HostCallError(message);
    }
    return parseOutput(name, answer);
  };
  return {
    call: (name, input) => post(name, input, false),
    callKeepalive: (name, input) => post(name, input, true),
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as Listener);
      return () => void set.delete(listener as Listener);
    },
    imageUrl: (hash) => `${origin}/api/blob/${hash}`,
    thumbUrl: (hash, size = DEFAULT_THUMB_SIZE) => {
      // The same checks as the preload's, so both transports refuse the same URLs.
      if (!/^[a-f0-9]{64}$/.test(hash)) throw new TypeError('thumbUrl: not a sha256 content hash');
      if (!isThumbSize(size))
        throw new TypeError(`thumbUrl: size must be one of ${THUMB_SIZES.join(', ')}`);
      return `${origin}/api/thumb/${hash}?size=${size}`;
    },
  };
}

export function connectHost(): HostClient {
  return window.nodeloom ? createBridgeClient(window.nodeloom) : createWebClient();
}
