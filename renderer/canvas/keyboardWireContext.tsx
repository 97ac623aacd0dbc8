import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import {
  createKeyboardWireStore,
  currentCandidate,
  handleWireKey,
  sameRef,
} from './keyboardWiring';
import type { KeyboardWireStore, PortRef, WiringDeps } from './keyboardWiring';

interface KeyboardWireApi {
  store: KeyboardWireStore;
  onKey(event: KeyboardEvent, at: PortRef): void;
}

const KeyboardWireContext = createContext<KeyboardWireApi | null>(null);
export const KeyboardWireProvider = KeyboardWireContext.Provider;

/** The canvas's keyboard wiring: one store, keys read against the canvas's deps. */
export function useKeyboardWireApi(deps: WiringDeps): KeyboardWireApi {
  const [store] = useState(createKeyboardWireStore);
  const onKey = useCallback(
    (event: KeyboardEvent, at: PortRef) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (handleWireKey(store, deps, event.key, at)) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    [store, deps],
  );
  return useMemo(() => ({ store, onKey }), [store, onKey]);
}

const NO_STORE = createKeyboardWireStore();

/**
 * A handle's keyboard props: focusable, named, its keys, and whether it is the
 * wire's start or the port the wire points at (classes for canvas.css).
 */
export function useHandleKeys(ref: PortRef, name: string) {
  const api = useContext(KeyboardWireContext);
  const role = useStore(api?.store ?? NO_STORE, (s) =>
    sameRef(s.from, ref) ? ' is-wire-from' : sameRef(currentCandidate(s), ref) ? ' is-wire-to' : '',
  );
  return {
    tabIndex: 0,
    role: 'button',
    'aria-label': name,
    onKeyDown: api ? (e: KeyboardEvent) => api.onKey(e, ref) : undefined,
    wireClass: role,
  };
}

/** The polite live region that says what a keyboard wire is doing. */
export function KeyboardWireAnnouncer() {
  const api = useContext(KeyboardWireContext);
  const message = useStore(api?.store ?? NO_STORE, (s) => s.message);
  return (
    <div className="nl-sr-only" aria-live="polite" data-testid="wire-announcer">
      {message}
    </div>
  );
}
