import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { HostClient } from '../../shared/contract/hostApi';
import type { SettingsView } from '../../shared/contract/settings';

/**
 * The settings as the host last gave them: one store per window, shared by every
 * tab, so a tab opened after a change (a new budget) reads the new value, and a
 * check (the budget before a run) reads it when it runs, never a copy from boot.
 */
export type SettingsStore = StoreApi<SettingsView>;

export const createSettingsStore = (initial: SettingsView): SettingsStore =>
  createStore<SettingsView>()(() => initial);

/** Keeps the store at what the host announces (a change from any window or tab). */
export const followHostSettings = (store: SettingsStore, host: HostClient): (() => void) =>
  host.on('settings.changed', (next) => store.setState(next, true));
