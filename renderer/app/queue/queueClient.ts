import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { HostClient, QueueView } from '../../../shared/contract/hostApi';
import { useApp } from '../../host/appContext';
import type { RunStore } from '../../store/runStore';

export interface QueueClientState {
  /** The host's queue as last heard (null until the first answer). */
  view: QueueView | null;
  /** The queue panel is shown (in every tab: there is one queue). */
  open: boolean;
  /** The panel opened by itself (something was queued): it closes once the queue is empty. */
  openedByQueueing: boolean;
  setOpen(open: boolean): void;
  /** After queue.add: the new queue, with the panel open on it. */
  showQueued(view: QueueView): void;
}

export type QueueClient = StoreApi<QueueClientState>;

/** The window's view of the host's run queue: one per host client, following queue.changed. */
const clients = new WeakMap<HostClient, QueueClient>();

export function queueClientOf(host: HostClient): QueueClient {
  let client = clients.get(host);
  if (client) return client;
  const store = createStore<QueueClientState>()((set, get) => ({
    view: null,
    open: false,
    openedByQueueing: false,
    setOpen: (open) => set({ open, openedByQueueing: false }),
    showQueued: (view) =>
      set({ view, open: true, openedByQueueing: !get().open || get().openedByQueueing }),
  }));
  clients.set(host, (client = store));
  let heard = false;
  host.on('queue.changed', (view) => {
    heard = true;
    const { openedByQueueing } = store.getState();
    if (openedByQueueing && view.items.length === 0)
      store.setState({ view, open: false, openedByQueueing: false });
    else store.setState({ view });
  });
  host.call('queue.list', {}).then(
    // A change heard while the list was on its way is newer.
    (view) => void (heard || store.setState({ view })),
    () => undefined, // an older host without a queue: the panel says nothing is queued
  );
  return client;
}

export function useQueue<T>(selector: (state: QueueClientState) => T): T {
  return useStore(queueClientOf(useApp().host), selector);
}

/** Items that have not started yet, in the order they will. */
export const waitingCount = (view: QueueView | null): number =>
  view?.items.filter((i) => i.state === 'waiting').length ?? 0;

/**
 * The key a run store's queued runs carry (queue.add's `owner`): when the host
 * starts such a run, the tab that queued it shows it.
 */
const owners = new WeakMap<RunStore, string>();

export function ownerKeyOf(run: RunStore): string {
  let key = owners.get(run);
  if (!key) {
    const bytes = crypto.getRandomValues(new Uint8Array(6));
    key = `owner-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    owners.set(run, key);
  }
  return key;
}
