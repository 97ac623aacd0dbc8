import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { ViewerEntry } from './imageViewerModel';

/** One problem shown in the issues panel: a graph issue or one the host reported. */
export interface IssueView {
  nodeId: string;
  field?: string;
  severity: 'error' | 'warning';
  message: string;
}

export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
  /** The safe choice's label ("Cancel", "Keep editing"). */
  cancelLabel?: string;
  danger?: boolean;
}

export type Dialog =
  | { kind: 'settings' }
  /** The Keyboard Shortcuts panel (the command table, searchable). */
  | { kind: 'shortcuts' }
  /** The templates browser: the example workflows packaged with the app. */
  | { kind: 'templates' }
  | { kind: 'addModel' }
  | ({ kind: 'confirm'; resolve(ok: boolean): void } & ConfirmRequest)
  | {
      kind: 'file';
      mode: 'open' | 'save';
      suggestedName: string;
      resolve(path: string | null): void;
    }
  /** The image viewer: `entries` are what next/previous walk through. */
  | { kind: 'image'; entries: ViewerEntry[]; index: number };

export interface Notice {
  id: number;
  kind: 'error' | 'warning' | 'info';
  text: string;
  /** Further lines (catalog errors, JSON paths). */
  details?: string[];
  /** One button beside the text ("Reopen"). */
  action?: { label: string; run(): void };
  /** Names a kind of notice so it can be withdrawn when it no longer applies. */
  tag?: string;
}

export interface IssuesState {
  title: string;
  items: IssueView[];
  /**
   * The app's own check before a run (as opposed to the host's refusal): the panel
   * re-checks as the graph is edited. `targets`: the run was to these nodes.
   */
  live?: { targets?: string[] };
}

export interface UiState {
  /** Open modal dialogs, topmost last. */
  dialogs: Dialog[];
  issues: IssuesState | null;
  notices: Notice[];
  /** The side panels (node library, problems) are hidden: all room to the canvas. */
  panelsHidden: boolean;
  open(dialog: Dialog): void;
  /** Closes the topmost dialog, answering "no" to whoever waits on it. */
  closeTop(): void;
  confirm(request: ConfirmRequest): Promise<boolean>;
  pickFile(mode: 'open' | 'save', suggestedName?: string): Promise<string | null>;
  notify(notice: Omit<Notice, 'id'>): number;
  dismiss(id: number): void;
  dismissTag(tag: string): void;
  showIssues(issues: IssuesState): void;
  clearIssues(): void;
  togglePanels(): void;
}

export type UiStore = StoreApi<UiState>;

/** Answers "no" (or "nothing chosen") to a dialog that closes without an answer. */
function settle(dialog: Dialog): void {
  if (dialog.kind === 'confirm') dialog.resolve(false);
  else if (dialog.kind === 'file') dialog.resolve(null);
}

export function createUiStore(): UiStore {
  let nextNotice = 1;
  return createStore<UiState>()((set, get) => {
    /** Removes one dialog (by identity) without answering for it. */
    const remove = (dialog: Dialog): void =>
      set((s) => ({ dialogs: s.dialogs.filter((d) => d !== dialog) }));
    return {
      dialogs: [],
      issues: null,
      notices: [],
      panelsHidden: false,
      open: (dialog) => set((s) => ({ dialogs: [...s.dialogs, dialog] })),
      closeTop() {
        const top = get().dialogs.at(-1);
        if (!top) return;
        remove(top);
        settle(top);
      },
      confirm: (request) =>
        new Promise<boolean>((resolve) => {
          const dialog: Dialog = {
            kind: 'confirm',
            ...request,
            resolve(ok) {
              remove(dialog);
              resolve(ok);
            },
          };
          get().open(dialog);
        }),
      pickFile: (mode, suggestedName = '') =>
        new Promise<string | null>((resolve) => {
          const dialog: Dialog = {
            kind: 'file',
            mode,
            suggestedName,
            resolve(path) {
              remove(dialog);
              resolve(path);
            },
          };
          get().open(dialog);
        }),
      notify(notice) {
        const id = nextNotice++;
        set((s) => ({ notices: [...s.notices, { ...notice, id }] }));
        return id;
      },
      dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
      dismissTag: (tag) => set((s) => ({ notices: s.notices.filter((n) => n.tag !== tag) })),
      showIssues: (issues) => set({ issues }),
      clearIssues: () => set({ issues: null }),
      togglePanels: () => set((s) => ({ panelsHidden: !s.panelsHidden })),
    };
  });
}
