import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { RunStoreState } from '../store/runTypes';
import type { GraphStoreState } from '../store/types';
import type { AppController, CanvasControl, ViewControl } from './appController';
import type { SettingsStore } from './settingsStore';
import type { UiState, UiStore } from './uiStore';
import type { SettingsView } from '../../shared/contract/settings';

/** The editor session around the stores: UI state, commands and the canvas handle. */
export interface Studio {
  graph: StoreApi<GraphStoreState>;
  run: StoreApi<RunStoreState>;
  ui: UiStore;
  /** The window's settings: the same store in every tab. */
  settings: SettingsStore;
  controller: AppController;
  /** Set by the canvas when it mounts. */
  canvas: { current: CanvasControl | null };
  /** Set by a helper inside React Flow's provider. */
  view: { current: ViewControl | null };
}

export const StudioContext = createContext<Studio | null>(null);

export function useStudio(): Studio {
  const studio = useContext(StudioContext);
  if (!studio) throw new Error('useStudio outside <StudioContext.Provider>');
  return studio;
}

export function useUi<T>(selector: (state: UiState) => T): T {
  return useStore(useStudio().ui, selector);
}

export function useSettings<T>(selector: (state: SettingsView) => T): T {
  return useStore(useStudio().settings, selector);
}
