import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { CallOutput, HostClient } from '../../shared/contract/hostApi';
import type { SettingsView } from '../../shared/contract/settings';
import type { NodeRegistry } from '../../shared/nodes/registry';
import { isDirty } from '../store/selectors';
import { installDiskWatch } from './diskChanges';
import type { DiskWatch } from './diskChanges';
import { UNTITLED, fileName } from './files';
import type { FileCommands } from './files';
import { showLastOutputs } from './lastOutputs';
import { installAutosave, restoreInto } from './recovery';
import type { Autosave, RecoveryEntry } from './recovery';
import { createStudio } from './studioSession';
import type { Studio } from './studioContext';
import { createSettingsStore, followHostSettings } from './settingsStore';
import { applyTheme } from './theme';
import { createRunRouter } from './tabsRunRouter';

/** One open document: its own session (graph with undo and selection, runs, UI). */
export interface Tab {
  /** Also the key of its recovery entry. */
  id: string;
  studio: Studio;
  autosave: Autosave;
  disk: DiskWatch;
  /** The session's own file commands, before New/Open were routed to the tabs. */
  files: Pick<FileCommands, 'newFile' | 'open' | 'openText'>;
  dispose(): void;
}

export interface TabsState {
  tabs: Tab[];
  activeId: string;
  /** Unsaved work found at start-up, until restored or discarded. */
  recovered: RecoveryEntry[] | null;
  /** The start-up look for autosaved work has ended (found something or not). */
  recoveryChecked: boolean;
}

export interface TabsOptions {
  host: HostClient;
  registry: NodeRegistry;
  info: CallOutput<'app.info'>;
  settings: SettingsView;
  catalogErrors: readonly string[];
  win?: Window;
  /** Timing overrides for tests. */
  autosave?: { idleMs?: number; maxWaitMs?: number };
  diskIntervalMs?: number;
}

export interface Tabs {
  store: StoreApi<TabsState>;
  active(): Tab;
  add(entry?: RecoveryEntry): Tab;
  activate(id: string): void;
  /** Moves to the next (1) or previous (-1) tab, wrapping around. */
  cycle(step: 1 | -1): void;
  /** Closes a tab, asking first when it has unsaved changes; false when kept. */
  close(id: string): Promise<boolean>;
  /** Looks for autosaved work; offers it through `recovered`. */
  checkRecovery(): Promise<void>;
  restoreRecovered(): void;
  discardRecovered(): Promise<void>;
  anyDirty(): boolean;
  dispose(): void;
}

const newTabId = (): string =>
  `tab-${Date.now().toString(36)}-${[...crypto.getRandomValues(new Uint8Array(4))].map((b) => b.toString(16).padStart(2, '0')).join('')}`;

/** Nothing in it and nothing to lose: New and Open reuse such a tab. */
export function isBlank(tab: Tab): boolean {
  const g = tab.studio.graph.getState();
  return !isDirty(g) && g.filePath === null && g.doc.nodes.length === 0;
}

export const tabTitle = (filePath: string | null): string =>
  filePath ? fileName(filePath) : UNTITLED;

export function createTabs(options: TabsOptions): Tabs {
  const { host, registry, info, catalogErrors } = options;
  const win = options.win ?? window;
  const router = createRunRouter(host);
  // One for all tabs: a tab opened later reads the settings of now, not of start-up.
  const settings = createSettingsStore(options.settings);
  const stopSettings = followHostSettings(settings, host);
  const stopTheme = applyTheme(settings, win);
  let first = true;

  const store = createStore<TabsState>()(() => ({
    tabs: [],
    activeId: '',
    recovered: null,
    recoveryChecked: false,
  }));
  const find = (id: string): Tab | undefined => store.getState().tabs.find((t) => t.id === id);

  /** Runs `load` in a new tab unless `from` is blank; a tab that loaded nothing goes again. */
  const elsewhere = async (
    from: Tab,
    load: (files: Tab['files']) => Promise<boolean>,
  ): Promise<boolean> => {
    if (isBlank(from)) return load(from.files);
    const tab = tabs.add();
    const ok = await load(tab.files);
    if (!ok && isBlank(tab)) {
      remove(tab);
      if (find(from.id)) tabs.activate(from.id);
    }
    return ok;
  };

  const remove = (tab: Tab): void => {
    const list = store.getState().tabs;
    const at = list.indexOf(tab);
    const rest = list.filter((t) => t !== tab);
    tab.dispose();
    const activeId =
      store.getState().activeId === tab.id
        ? (rest[Math.min(at, rest.length - 1)]?.id ?? '')
        : store.getState().activeId;
    store.setState({ tabs: rest, activeId });
    if (rest.length === 0) tabs.add();
  };

  const tabs: Tabs = {
    store,
    active: () => find(store.getState().activeId) ?? store.getState().tabs[0]!,

    add(entry) {
      const studio = createStudio({
        host,
        registry,
        info,
        settings,
        catalogErrors: first ? catalogErrors : [],
        offerReopen: first,
      });
      first = false;
      const id = entry?.key ?? newTabId();
      if (entry) restoreInto(studio.graph, entry);
      const { files, commands } = studio.controller;
      const own = { newFile: files.newFile, open: files.open, openText: files.openText };
      const autosave = installAutosave(id, studio.graph, host, {
        ...options.autosave,
        stored: entry !== undefined,
        onError: (m) =>
          studio.ui.getState().notify({
            kind: 'warning',
            text: `Autosave failed (${m}); your changes are still here, save them to be sure.`,
            tag: 'autosave',
          }),
      });
      const disk = installDiskWatch(studio, host, {
        win,
        ...(options.diskIntervalMs ? { intervalMs: options.diskIntervalMs } : {}),
      });
      const offs = [router.attach(studio.run)];
      const tab: Tab = {
        id,
        studio,
        autosave,
        disk,
        files: own,
        dispose() {
          autosave.stop();
          disk.stop();
          offs.forEach((off) => off());
        },
      };
      // New and Open (toolbar, shortcuts, menu) open beside this document, not over it.
      commands['file.new'] = async () =>
        void (await elsewhere(tab, async (f) => (await f.newFile(), true)));
      commands['file.open'] = async (arg) => void (await elsewhere(tab, (f) => f.open(arg?.path)));
      commands['file.openPath'] = async (arg) =>
        void (arg?.path && (await elsewhere(tab, (f) => f.open(arg.path))));
      files.openText = (name, text) => elsewhere(tab, (f) => f.openText(name, text));
      store.setState((s) => ({ tabs: [...s.tabs, tab], activeId: id }));
      // A restored document of a file shows that file's last outputs, as an opened one does.
      if (entry?.filePath) {
        void showLastOutputs({ host, graph: studio.graph, run: studio.run }).catch((e: unknown) =>
          console.warn('history.latest failed', e),
        );
      }
      return tab;
    },

    activate(id) {
      if (find(id)) store.setState({ activeId: id });
    },

    cycle(step) {
      const { tabs: list, activeId } = store.getState();
      const at = list.findIndex((t) => t.id === activeId);
      const next = list[(at + step + list.length) % list.length];
      if (next) store.setState({ activeId: next.id });
    },

    async close(id) {
      const tab = find(id);
      if (!tab) return false;
      if (isDirty(tab.studio.graph.getState())) {
        tabs.activate(id); // the question shows in the tab it is about
        const name = tabTitle(tab.studio.graph.getState().filePath);
        const ok = await tab.studio.ui.getState().confirm({
          title: 'Close without saving?',
          message: `${name} has unsaved changes. Close it and lose them?`,
          confirmLabel: 'Discard changes',
          cancelLabel: 'Keep editing',
          danger: true,
        });
        if (!ok) return false;
      }
      await tab.autosave.discard();
      if (find(id)) remove(tab);
      return true;
    },

    async checkRecovery() {
      try {
        const { entries } = await host.call('recovery.list', {});
        const open = new Set(store.getState().tabs.map((t) => t.id));
        const found = entries.filter((e) => !open.has(e.key));
        if (found.length > 0) store.setState({ recovered: found });
      } catch (e) {
        console.warn('recovery.list failed', e);
      } finally {
        store.setState({ recoveryChecked: true });
      }
    },

    restoreRecovered() {
      const entries = store.getState().recovered ?? [];
      store.setState({ recovered: null });
      const blank = store.getState().tabs.filter(isBlank);
      const restored = entries.map((e) => tabs.add(e));
      for (const t of blank) remove(t);
      if (restored[0]) tabs.activate(restored[0].id);
    },

    async discardRecovered() {
      const entries = store.getState().recovered ?? [];
      store.setState({ recovered: null });
      await Promise.all(
        entries.map((e) => host.call('recovery.discard', { key: e.key }).catch(() => undefined)),
      );
    },

    anyDirty: () => store.getState().tabs.some((t) => isDirty(t.studio.graph.getState())),

    dispose() {
      for (const t of store.getState().tabs) t.dispose();
      router.stop();
      stopSettings();
      stopTheme();
    },
  };
  return tabs;
}
