import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { HistoryQuery } from '../../../shared/contract/hostApi';
import type { OutputImage } from '../../../shared/run/events';
import type { Studio } from '../studioContext';
import { useStudio } from '../studioContext';

/** An image chosen for comparison, from any run. */
export interface ComparePick {
  image: OutputImage;
  /** "n3 · run 12:04" */
  label: string;
}

export type CompareMode = 'slider' | 'split';

/** The history's filters (the page is the panel's own). */
export type HistoryFilter = Omit<HistoryQuery, 'limit' | 'offset'>;
export type HistoryView = 'runs' | 'images';

export interface HistoryUiState {
  open: boolean;
  selectedRunId: string | null;
  /** At most two: a third pick replaces the older one. */
  picks: ComparePick[];
  comparing: boolean;
  mode: CompareMode;
  filter: HistoryFilter;
  view: HistoryView;
  toggle(): void;
  setFilter(patch: Partial<HistoryFilter>): void;
  setView(view: HistoryView): void;
  select(runId: string | null): void;
  togglePick(pick: ComparePick): void;
  setComparing(comparing: boolean): void;
  setMode(mode: CompareMode): void;
}

export type HistoryUi = StoreApi<HistoryUiState>;

export function createHistoryUi(): HistoryUi {
  return createStore<HistoryUiState>()((set) => ({
    open: false,
    selectedRunId: null,
    picks: [],
    comparing: false,
    mode: 'slider',
    filter: {},
    view: 'runs',
    setFilter: (patch) =>
      set((s) => {
        const filter: HistoryFilter = { ...s.filter, ...patch };
        // An empty field is no filter at all.
        for (const [k, v] of Object.entries(filter))
          if (v === undefined || v === '' || v === false) delete filter[k as keyof HistoryFilter];
        return { filter };
      }),
    setView: (view) => set({ view }),
    toggle: () => set((s) => ({ open: !s.open, comparing: false })),
    select: (selectedRunId) => set({ selectedRunId }),
    togglePick: (pick) =>
      set((s) => {
        const has = s.picks.some((p) => p.image.hash === pick.image.hash);
        if (has) return { picks: s.picks.filter((p) => p.image.hash !== pick.image.hash) };
        return { picks: [...s.picks, pick].slice(-2) };
      }),
    setComparing: (comparing) => set({ comparing }),
    setMode: (mode) => set({ mode }),
  }));
}

/** The history panel's state lives beside the studio it belongs to, not in the app's UI store. */
const stores = new WeakMap<Studio, HistoryUi>();

export function historyUiOf(studio: Studio): HistoryUi {
  let store = stores.get(studio);
  if (!store) stores.set(studio, (store = createHistoryUi()));
  return store;
}

export function useHistoryUi<T>(selector: (state: HistoryUiState) => T): T {
  return useStore(historyUiOf(useStudio()), selector);
}
