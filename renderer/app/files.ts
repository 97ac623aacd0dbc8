import type { StoreApi } from 'zustand/vanilla';
import { fileDocument } from '../store/graphStore';
import type { CallOutput, HostClient } from '../../shared/contract/hostApi';
import { emptyGraph } from '../../shared/graph/document';
import type { WorkflowMeta } from '../../shared/workflow/format';
import {
  WORKFLOW_EXTENSION,
  createWorkflow,
  parseWorkflow,
  serializeWorkflow,
} from '../../shared/workflow/format';
import type { RunStoreState } from '../store/runTypes';
import type { GraphStoreState } from '../store/types';
import { isDirty } from '../store/selectors';
import type { UiStore } from './uiStore';

export const UNTITLED = 'Untitled';
/** The tag of the offer to reopen the file open before a reload. */
export const REOPEN_TAG = 'reopen';
/** The tag of open and save errors: withdrawn once a file opens or saves. */
const FILE_ERROR_TAG = 'file-error';
const LAST_PATH_KEY = 'nodeloom.lastPath';

/** The last part of a path, whatever the separator. */
export const fileName = (path: string): string =>
  path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;

/** "• name.nodeloom — Nodeloom" while there are unsaved changes. */
export function windowTitle(filePath: string | null, dirty: boolean): string {
  const name = filePath ? fileName(filePath) : UNTITLED;
  return `${dirty ? '• ' : ''}${name} — Nodeloom`;
}

/** Joins a folder the host listed and a file name, with the folder's own separator. */
export function joinPath(dir: string, name: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}

export const withExtension = (name: string): string =>
  name.toLowerCase().endsWith(WORKFLOW_EXTENSION) ? name : `${name}${WORKFLOW_EXTENSION}`;

/** A file name the user typed is a name, not a path: no separators, nothing hidden. */
export function checkFileName(name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return 'Type a file name.';
  if (/[\\/]/.test(trimmed)) return 'A file name cannot contain / or \\.';
  if (/[<>:"|?*]/.test(trimmed)) return 'A file name cannot contain < > : " | ? or *.';
  if (trimmed.startsWith('.')) return 'A file name cannot start with a dot.';
  return undefined;
}

/** The last path opened or saved in this tab, so a reload can offer to reopen it. */
export function rememberPath(path: string | null): void {
  try {
    if (path) sessionStorage.setItem(LAST_PATH_KEY, path);
    else sessionStorage.removeItem(LAST_PATH_KEY);
  } catch {
    // Storage may be disabled; reopening after a reload is a convenience.
  }
}

export function rememberedPath(): string | null {
  try {
    return sessionStorage.getItem(LAST_PATH_KEY);
  } catch {
    return null;
  }
}

export interface FileDeps {
  host: HostClient;
  info: CallOutput<'app.info'>;
  graph: StoreApi<GraphStoreState>;
  run: StoreApi<RunStoreState>;
  ui: UiStore;
}

/** Set by the tab around the session: what the file on disk holds, and a last word on saving. */
export interface FileHooks {
  /** `text` is now what `path` holds on disk (it was just opened or saved). */
  onDisk?(path: string, text: string): void;
  /** Asked before `text` replaces `path`; false keeps the file (and the changes unsaved). */
  beforeWrite?(path: string, text: string): Promise<boolean>;
  /** The document is about to be written to `path`: last edits that follow the file (image paths). */
  beforeSerialize?(path: string): Promise<void>;
  /** A workflow was opened into this document (from a file or as text). */
  onOpened?(): void;
}

export interface FileCommands {
  hooks: FileHooks;
  newFile(): Promise<void>;
  /** Opens `path`, or asks which file to open. */
  open(path?: string): Promise<boolean>;
  save(): Promise<boolean>;
  saveAs(): Promise<boolean>;
  /**
   * Opens a workflow handed over as text (a dropped .nodeloom file, the workflow
   * inside a dropped output PNG) as a new, unsaved document: Save asks where.
   */
  openText(name: string, text: string): Promise<boolean>;
  /** Loads the open file again from disk, dropping the changes here (the user chose so). */
  reload(): Promise<boolean>;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function createFileCommands({ host, info, graph, run, ui }: FileDeps): FileCommands {
  /** The open file's metadata, written back on save (createdAt survives). */
  let meta: WorkflowMeta = {};
  const hooks: FileHooks = {};

  /** Asks before unsaved changes are thrown away; true when it is fine to go on. */
  const mayDiscard = async (action: string): Promise<boolean> => {
    if (!isDirty(graph.getState())) return true;
    return ui.getState().confirm({
      title: 'Discard unsaved changes?',
      message: `${fileName(graph.getState().filePath ?? UNTITLED)} has unsaved changes. ${action} anyway and lose them?`,
      confirmLabel: 'Discard changes',
      cancelLabel: 'Keep editing',
      danger: true,
    });
  };

  const loadText = (path: string, text: string, keepPath = true): boolean => {
    const parsed = parseWorkflow(text);
    if (!parsed.ok) {
      const { issues } = parsed.error;
      ui.getState().notify({
        kind: 'error',
        text: `Could not open ${fileName(path)}: ${parsed.error.message}. Nothing was changed.`,
        ...(issues.length > 1
          ? { details: issues.slice(0, 8).map((i) => `${i.path}: ${i.message}`) }
          : {}),
        tag: FILE_ERROR_TAG,
      });
      return false;
    }
    meta = parsed.value.meta;
    graph.getState().load(parsed.value.graph, keepPath ? path : null);
    run.getState().clear();
    ui.getState().clearIssues();
    ui.getState().dismissTag(REOPEN_TAG);
    ui.getState().dismissTag(FILE_ERROR_TAG);
    if (keepPath) {
      rememberPath(path);
      hooks.onDisk?.(path, text);
    }
    hooks.onOpened?.();
    return true;
  };

  const write = async (path: string): Promise<boolean> => {
    try {
      await hooks.beforeSerialize?.(path);
      const state = graph.getState();
      const revision = state.revision;
      const now = new Date().toISOString();
      const next: WorkflowMeta = {
        ...meta,
        createdAt: meta.createdAt ?? now,
        modifiedAt: now,
        generator: `Nodeloom ${info.version}`,
      };
      // The whole file, also while a component is open on the canvas.
      const text = serializeWorkflow(createWorkflow(fileDocument(state), next));
      if (hooks.beforeWrite && !(await hooks.beforeWrite(path, text))) return false;
      const saved = await host.call('workflow.write', { path, text });
      meta = next;
      // Edits made while the file was being written are not in it: they stay unsaved.
      if (graph.getState().revision === revision) graph.getState().markSaved(saved.path);
      ui.getState().dismissTag(FILE_ERROR_TAG);
      rememberPath(saved.path);
      hooks.onDisk?.(saved.path, text);
      return true;
    } catch (e) {
      ui.getState().notify({
        kind: 'error',
        text: `Could not save ${fileName(path)}: ${message(e)}. The file on disk was not changed.`,
        tag: FILE_ERROR_TAG,
      });
      return false;
    }
  };

  const commands: FileCommands = {
    hooks,
    async reload() {
      const path = graph.getState().filePath;
      if (!path) return false;
      try {
        const file = await host.call('workflow.read', { path });
        return loadText(file.path, file.text);
      } catch (e) {
        ui.getState().notify({
          kind: 'error',
          text: `Could not reload ${fileName(path)}: ${message(e)}`,
          tag: FILE_ERROR_TAG,
        });
        return false;
      }
    },
    async newFile() {
      if (!(await mayDiscard('Start a new workflow'))) return;
      meta = {};
      graph.getState().load(emptyGraph(), null);
      run.getState().clear();
      ui.getState().clearIssues();
      ui.getState().dismissTag(REOPEN_TAG);
      rememberPath(null);
    },
    async open(path) {
      if (!(await mayDiscard('Open another workflow'))) return false;
      try {
        if (path) {
          const file = await host.call('workflow.read', { path });
          return loadText(file.path, file.text);
        }
        if (info.nativeDialogs) {
          const file = await host.call('workflow.openDialog', {});
          return file ? loadText(file.path, file.text) : false;
        }
        const chosen = await ui.getState().pickFile('open');
        if (!chosen) return false;
        const file = await host.call('workflow.read', { path: chosen });
        return loadText(file.path, file.text);
      } catch (e) {
        const name = path ? ` ${fileName(path)}` : ' the file';
        ui.getState().notify({
          kind: 'error',
          text: `Could not open${name}: ${message(e)}`,
          tag: FILE_ERROR_TAG,
        });
        return false;
      }
    },
    async openText(name, text) {
      if (!(await mayDiscard(`Open ${name}`))) return false;
      if (!loadText(name, text, false)) return false;
      ui.getState().notify({
        kind: 'info',
        text: `Opened ${name} as a new workflow: use Save As to keep it.`,
        tag: FILE_ERROR_TAG,
      });
      return true;
    },
    async save() {
      const path = graph.getState().filePath;
      return path ? write(path) : commands.saveAs();
    },
    async saveAs() {
      const current = graph.getState().filePath;
      const suggestedName = current ? fileName(current) : `${UNTITLED}${WORKFLOW_EXTENSION}`;
      let path: string | null;
      try {
        path = info.nativeDialogs
          ? ((await host.call('workflow.saveDialog', { suggestedName }))?.path ?? null)
          : await ui.getState().pickFile('save', suggestedName);
      } catch (e) {
        ui.getState().notify({ kind: 'error', text: `Could not save: ${message(e)}` });
        return false;
      }
      return path ? write(path) : false;
    },
  };
  return commands;
}
