import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { HostClient } from '../../shared/contract/hostApi';
import { fileName } from './files';
import type { Studio } from './studioContext';

export interface DiskState {
  /** The open file now holds something else than was last opened or saved here. */
  changed: { path: string; sha256: string } | null;
}

export interface DiskWatch {
  state: StoreApi<DiskState>;
  /** Compares the file on disk with what this document last read or wrote. */
  check(): Promise<void>;
  /** Takes the file on disk, dropping the changes here. */
  reload(): Promise<void>;
  /** Keeps this version; the next save asks before overwriting the other one. */
  keepMine(): void;
  stop(): void;
}

/** SHA-256 of text as UTF-8, hex: the same digest workflow.stat computes of the file. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Notices when another program (an editor, a sync client, a second window) changes
 * the open file: on window focus and every few seconds it asks the host for the
 * file's hash and compares it with the text last opened or saved here.
 */
export function installDiskWatch(
  studio: Studio,
  host: HostClient,
  { intervalMs = 5000, win = window }: { intervalMs?: number; win?: Window } = {},
): DiskWatch {
  const { graph, ui, controller } = studio;
  const state = createStore<DiskState>()(() => ({ changed: null }));
  // What this document last read or wrote, and what it is writing (a check racing a
  // save must not mistake our own new text for someone else's).
  let known: { path: string; sha256: Promise<string> } | null = null;
  let writing: Promise<string> | null = null;
  let acknowledged: string | null = null;

  const differs = async (path: string, disk: string): Promise<boolean> => {
    if (!known || known.path !== path) return false;
    if (disk === (await known.sha256) || disk === (await writing)) return false;
    return disk !== acknowledged;
  };

  controller.files.hooks.onDisk = (path, text) => {
    known = { path, sha256: sha256Hex(text) };
    writing = null;
    acknowledged = null;
    state.setState({ changed: null });
  };
  controller.files.hooks.beforeWrite = async (path, text) => {
    writing = sha256Hex(text);
    if (!known || known.path !== path) return true;
    const disk = await host.call('workflow.stat', { path }).catch(() => null);
    const theirs = disk?.exists && disk.sha256 !== (await known.sha256);
    if (!theirs) return true;
    const ok = await ui.getState().confirm({
      title: 'Overwrite the changed file?',
      message: `${fileName(path)} was changed by another program since it was opened or saved here. Replace that version with yours?`,
      confirmLabel: 'Overwrite',
      cancelLabel: 'Cancel',
      danger: true,
    });
    if (!ok) writing = null;
    return ok;
  };

  let running: Promise<void> | null = null;
  let again = false;
  const checkOnce = async (): Promise<void> => {
    const path = graph.getState().filePath;
    if (!path || !known || known.path !== path) return;
    try {
      const disk = await host.call('workflow.stat', { path });
      // A file that is gone is not "changed": saving writes it again.
      if (disk.exists && (await differs(path, disk.sha256))) {
        if (state.getState().changed?.sha256 !== disk.sha256) {
          state.setState({ changed: { path, sha256: disk.sha256 } });
        }
      }
    } catch {
      // The host may be restarting; the next check tries again.
    }
  };
  // One stat at a time; a check asked for meanwhile runs once the current one ends.
  const check = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await checkOnce();
      } while (again);
      running = null;
    })();
    return running;
  };

  const timer = setInterval(() => void check(), intervalMs);
  const onFocus = (): void => void check();
  win.addEventListener('focus', onFocus);

  return {
    state,
    check,
    async reload() {
      state.setState({ changed: null });
      await controller.files.reload();
    },
    keepMine() {
      acknowledged = state.getState().changed?.sha256 ?? null;
      state.setState({ changed: null });
    },
    stop() {
      clearInterval(timer);
      win.removeEventListener('focus', onFocus);
    },
  };
}
