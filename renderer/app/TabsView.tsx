import { Plus, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { SettingsView } from '../../shared/contract/settings';
import { asLive } from '../../shared/nodes/liveRegistry';
import { isDirty } from '../store/selectors';
import { useApp } from '../host/appContext';
import { fileName } from './files';
import { Modal } from './Modal';
import { StudioView } from './Studio';
import { connectActive, guardUnsaved, showCatalogErrors } from './studioSession';
import { isTabCommand } from './tabCommands';
import { TAB_SHORTCUTS, matchesChord } from './shortcuts';
import { createTabs, tabTitle } from './tabs';
import type { Tab, Tabs, TabsOptions } from './tabs';

function TabButton({ tab, tabs, active }: { tab: Tab; tabs: Tabs; active: boolean }) {
  const filePath = useStore(tab.studio.graph, (s) => s.filePath);
  const dirty = useStore(tab.studio.graph, isDirty);
  const title = tabTitle(filePath);
  return (
    <div
      className={`tab${active ? ' active' : ''}`}
      data-testid="tab"
      data-active={active}
      title={filePath ?? title}
      onMouseDown={(e) => {
        // Middle click closes, as in browsers and editors.
        if (e.button === 1) void tabs.close(tab.id);
      }}
      onClick={() => tabs.activate(tab.id)}
    >
      {/* A button to reach it by keyboard (its click activates the tab, above). */}
      <button
        type="button"
        className="tab-select"
        aria-current={active ? 'page' : undefined}
        aria-label={`${title}${dirty ? ', unsaved changes' : ''}`}
      >
        <span className="tab-title" data-testid="tab-title">
          {dirty ? '• ' : ''}
          {title}
        </span>
      </button>
      <button
        type="button"
        className="icon-button tab-close"
        data-testid="tab-close"
        aria-label={`Close ${title}`}
        onClick={(e) => {
          e.stopPropagation();
          void tabs.close(tab.id);
        }}
      >
        <X size={16} aria-hidden="true" />
      </button>
    </div>
  );
}

export function TabBar({ tabs }: { tabs: Tabs }) {
  const list = useStore(tabs.store, (s) => s.tabs);
  const activeId = useStore(tabs.store, (s) => s.activeId);
  const recoveryChecked = useStore(tabs.store, (s) => s.recoveryChecked);
  return (
    <nav
      className="tab-bar"
      aria-label="Open workflows"
      data-testid="tab-bar"
      // For tests and tools: the start-up look for autosaved work has answered.
      data-recovery-checked={recoveryChecked}
    >
      {list.map((t) => (
        <TabButton key={t.id} tab={t} tabs={tabs} active={t.id === activeId} />
      ))}
      <button
        type="button"
        className="icon-button tab-new"
        data-testid="tab-new"
        aria-label="New tab"
        title="New tab"
        onClick={() => tabs.add()}
      >
        <Plus size={16} aria-hidden="true" />
      </button>
    </nav>
  );
}

/** The open file was changed by another program: take theirs or keep ours. */
export function DiskChangedNotice({ tab }: { tab: Tab }) {
  const changed = useStore(tab.disk.state, (s) => s.changed);
  const dirty = useStore(tab.studio.graph, isDirty);
  if (!changed) return null;
  return (
    <div className="notice warning disk-changed" role="alert" data-testid="disk-changed">
      <div className="notice-text">
        <p>
          {fileName(changed.path)} was changed on disk by another program.
          {dirty ? ' Reload drops your unsaved changes here.' : ''}
        </p>
      </div>
      <button type="button" data-testid="disk-reload" onClick={() => void tab.disk.reload()}>
        Reload
      </button>
      <button type="button" data-testid="disk-keep" onClick={() => tab.disk.keepMine()}>
        Keep mine
      </button>
    </div>
  );
}

export function RecoveryDialog({ tabs }: { tabs: Tabs }) {
  const entries = useStore(tabs.store, (s) => s.recovered);
  if (!entries) return null;
  return (
    <Modal
      title="Recover unsaved work?"
      testId="recovery-dialog"
      className="recovery-dialog"
      // Closed without an answer: the copies stay and are offered again next time.
      onClose={() => tabs.store.setState({ recovered: null })}
      initialFocus="[data-testid=recovery-restore]"
      footer={
        <>
          <button
            type="button"
            className="danger"
            data-testid="recovery-discard"
            onClick={() => void tabs.discardRecovered()}
          >
            Discard
          </button>
          <button
            type="button"
            className="primary"
            data-testid="recovery-restore"
            onClick={() => tabs.restoreRecovered()}
          >
            Restore
          </button>
        </>
      }
    >
      <p>Nodeloom closed before these changes were saved. Restore them, each in its own tab?</p>
      <ul className="recovery-list">
        {entries.map((e) => (
          <li key={e.key} data-testid="recovery-entry">
            <strong>{e.filePath ? fileName(e.filePath) : e.name}</strong>
            <span className="recovery-meta">
              {e.graph.nodes.length} node{e.graph.nodes.length === 1 ? '' : 's'}, autosaved{' '}
              {new Date(e.savedAt).toLocaleString()}
            </span>
          </li>
        ))}
      </ul>
    </Modal>
  );
}

/**
 * The tab set's own commands (desktop menu items and keys); true when `command` was
 * one. A modal dialog answers first, as for every other command.
 */
export function runTabCommand(tabs: Tabs, command: string): boolean {
  if (!isTabCommand(command)) return false;
  if (tabs.active().studio.ui.getState().dialogs.length > 0) return true;
  if (command === 'tab.new') tabs.add();
  else if (command === 'tab.close') void tabs.close(tabs.active().id);
  else tabs.cycle(command === 'tab.next' ? 1 : -1);
  return true;
}

/** The tab set's keys from the command table: Ctrl+Tab / Ctrl+Shift+Tab, Ctrl+T, Ctrl+W. */
export function installTabKeys(win: Window, tabs: Tabs): () => void {
  const onKey = (e: KeyboardEvent): void => {
    if (e.defaultPrevented) return;
    if (tabs.active().studio.ui.getState().dialogs.length > 0) return;
    const shortcut = TAB_SHORTCUTS.find((s) => s.keys.some((k) => matchesChord(e, k)));
    if (!shortcut) return;
    runTabCommand(tabs, shortcut.id);
    e.preventDefault();
    e.stopPropagation();
  };
  win.addEventListener('keydown', onKey, true);
  return () => win.removeEventListener('keydown', onKey, true);
}

/** Calls `listener` on any change of the tab list or of any tab's document. */
function onAnyTabChange(tabs: Tabs, listener: () => void): () => void {
  let offs: Array<() => void> = [];
  const resubscribe = (): void => {
    offs.forEach((off) => off());
    offs = tabs.store.getState().tabs.map((t) => t.studio.graph.subscribe(listener));
    listener();
  };
  const offStore = tabs.store.subscribe(resubscribe);
  resubscribe();
  return () => {
    offStore();
    offs.forEach((off) => off());
  };
}

type Timing = Pick<TabsOptions, 'autosave' | 'diskIntervalMs'>;

/** The editor with tabs: one session per open workflow, the active one on screen. */
export function TabbedStudio({
  settings,
  catalogErrors,
  timing,
}: {
  settings: SettingsView;
  catalogErrors: readonly string[];
  timing?: Timing;
}) {
  const { host, registry, info } = useApp();
  const [tabs, setTabs] = useState<Tabs | null>(null);
  // Created in an effect, not during render: tabs hold timers and host listeners.
  useEffect(() => {
    const created = createTabs({ host, registry, info, settings, catalogErrors, ...timing });
    created.add();
    setTabs(created);
    void created.checkRecovery();
    const offs = [
      installTabKeys(window, created),
      host.on('app.command', ({ command }) => void runTabCommand(created, command)),
      // The user's models folder changed: every tab shares the registry.
      host.on('catalog.changed', (catalog) => {
        asLive(registry)?.replace(catalog.models);
        const { tabs: open, activeId } = created.store.getState();
        const active = open.find((t) => t.id === activeId);
        if (active) showCatalogErrors(active.studio.ui, catalog.errors);
      }),
      guardUnsaved(window, created.anyDirty, (l) => onAnyTabChange(created, l)),
    ];
    return () => {
      offs.forEach((off) => off());
      created.dispose();
    };
    // Settings and catalog errors seed the first session only.
  }, [host, registry, info]);
  return tabs ? <TabsShell tabs={tabs} /> : null;
}

function TabsShell({ tabs }: { tabs: Tabs }) {
  const { host } = useApp();
  const activeId = useStore(tabs.store, (s) => s.activeId);
  const active = useStore(tabs.store, (s) => s.tabs.find((t) => t.id === activeId));
  useEffect(() => {
    if (!active) return;
    void active.disk.check();
    return connectActive(active.studio, host);
  }, [active, host]);
  if (!active) return null;
  return (
    <>
      <StudioView
        key={active.id}
        studio={active.studio}
        top={
          <>
            <TabBar tabs={tabs} />
            <DiskChangedNotice tab={active} />
          </>
        }
      />
      <RecoveryDialog tabs={tabs} />
    </>
  );
}
