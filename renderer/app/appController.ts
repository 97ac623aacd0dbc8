import type { StoreApi } from 'zustand/vanilla';
import type { CallOutput, HostClient } from '../../shared/contract/hostApi';
import type { NodeRegistry } from '../../shared/nodes/registry';
import type { RunStoreState } from '../store/runTypes';
import type { GraphStoreState } from '../store/types';
import type { NodeClipboard } from './clipboard';
import { showLastOutputs } from './lastOutputs';
import { createNodeClipboard } from './clipboard';
import { serializeClipboard } from '../store/clipboard';
import type { FileCommands } from './files';
import { createFileCommands } from './files';
import { createComponentCommands } from './componentCommands';
import { exportLatestRun } from './history/historyActions';
import { confirmOutsideImages, embedImages, rebaseImagePaths } from './imageSources';
import type { RunCommands } from './runCommands';
import { createRunCommands } from './runCommands';
import type { ClientPoint, CommandArg, CommandId, Commands } from './shortcuts';
import type { Position } from '../../shared/graph/document';
import { createNodeCommands } from './nodeCommands';
import { saveSelectionAsSnippet } from './snippets';
import { isTabCommand } from './tabCommands';
import type { SettingsStore } from './settingsStore';
import type { UiStore } from './uiStore';

/** What the app asks of the canvas that it cannot do through the graph store. */
export interface CanvasControl {
  fitView(): void;
  /** Selects the node, and pans and zooms so it is in view. */
  focusNode(nodeId: string): void;
  /** A point on screen (client pixels) in canvas coordinates. */
  screenToFlow(point: { x: number; y: number }): { x: number; y: number };
  /** Where the pointer last was over the canvas, in canvas coordinates (null: not yet). */
  pointer(): Position | null;
  /** Opens the node search at a client point (default: the pointer, else the centre). */
  openPalette(at?: ClientPoint): void;
}

/** Zoom steps, from React Flow's own instance (the canvas handle has no zoom). */
export interface ViewControl {
  zoomIn(): void;
  zoomOut(): void;
  zoomReset(): void;
}

export interface AppDeps {
  host: HostClient;
  registry: NodeRegistry;
  info: CallOutput<'app.info'>;
  graph: StoreApi<GraphStoreState>;
  run: StoreApi<RunStoreState>;
  ui: UiStore;
  /** The window's settings, shared by every tab and read when they are needed. */
  settings: SettingsStore;
  /** The canvas, once it is mounted. */
  canvas: () => CanvasControl | null;
  view?: () => ViewControl | null;
  clipboard?: NodeClipboard;
}

export interface AppController {
  commands: Commands;
  files: FileCommands;
  runs: RunCommands;
  /**
   * Pastes copied nodes, keeping their layout, with their top-left corner at `at`
   * (client pixels; default where the pointer last was over the canvas). `text` is
   * what a paste event found on the clipboard.
   */
  paste(text?: string, at?: ClientPoint): Promise<void>;
  /** For a copy or cut event: the selection as clipboard text (null: nothing selected). */
  copyText(cut: boolean): string | null;
  /** Runs a command by name (a menu item of the desktop shell); unknown names are ignored. */
  execute(command: string, arg?: CommandArg): void;
}

export function createAppController(deps: AppDeps): AppController {
  const { graph, ui, canvas, view = () => null } = deps;
  const files = createFileCommands(deps);
  const runs = createRunCommands(deps);
  const clipboard = deps.clipboard ?? createNodeClipboard();
  const edit = (): GraphStoreState => graph.getState();
  const images = { host: deps.host, graph, ui };
  // Image paths follow the file to a new folder; a workflow from elsewhere asks before reading files.
  files.hooks.beforeSerialize = (path) => rebaseImagePaths(images, path);
  files.hooks.onOpened = () => {
    void confirmOutsideImages(images).catch((e: unknown) =>
      ui.getState().notify({
        kind: 'error',
        text: `Could not check the workflow's images: ${e instanceof Error ? e.message : String(e)}`,
      }),
    );
    // The outputs of its last run, as the file was left.
    void showLastOutputs(deps).catch((e: unknown) => console.warn('history.latest failed', e));
  };
  const paste = async (text?: string, at?: ClientPoint): Promise<void> => {
    const data = await clipboard.read(text);
    if (!data || data.nodes.length === 0) return;
    const c = canvas();
    const where = (at ? c?.screenToFlow(at) : c?.pointer()) ?? undefined;
    edit().paste(data, where);
  };
  const openOnce = (kind: 'settings' | 'shortcuts' | 'templates'): void => {
    if (!ui.getState().dialogs.some((d) => d.kind === kind)) ui.getState().open({ kind });
  };

  const commands: Commands = {
    'file.new': () => files.newFile(),
    'file.open': async (arg) => void (await files.open(arg?.path)),
    'file.save': async () => void (await files.save()),
    'file.saveAs': async () => void (await files.saveAs()),
    // A file the OS handed over (double-click, Open Recent, argv).
    'file.openPath': async (arg) => void (arg?.path && (await files.open(arg.path))),
    // The latest run's images as PNGs in the workspace's outputs folder.
    'file.exportOutputs': () => exportLatestRun({ host: deps.host, ui }),
    'file.embedImages': async () => void (await embedImages(images)),
    'edit.undo': () => edit().undo(),
    'edit.redo': () => edit().redo(),
    async 'edit.cut'() {
      const data = edit().copySelection();
      if (!data) return;
      await clipboard.write(data);
      edit().deleteSelection();
    },
    async 'edit.copy'() {
      const data = edit().copySelection();
      if (data) await clipboard.write(data);
    },
    'edit.paste': (arg) => paste(undefined, arg?.at),
    'edit.duplicate': () => edit().duplicateSelection(),
    'edit.delete': () => edit().deleteSelection(),
    'edit.selectAll': () => edit().selectAll(),
    'run.run': async () => void (await runs.run()),
    'run.runSelected': async () => void (await runs.runSelected()),
    'run.cancel': () => runs.cancel(),
    'node.newTake': async () => void (await runs.newTake()),
    'view.fit': () => canvas()?.fitView(),
    'view.zoomIn': () => view()?.zoomIn(),
    'view.zoomOut': () => view()?.zoomOut(),
    'view.zoomReset': () => view()?.zoomReset(),
    'view.togglePanels': () => ui.getState().togglePanels(),
    'app.settings': () => openOnce('settings'),
    'file.templates': () => openOnce('templates'),
    'help.shortcuts': () => openOnce('shortcuts'),
    'canvas.addNode': (arg) => canvas()?.openPalette(arg?.at),
    'dialog.close': () => ui.getState().closeTop(),
    'snippet.save': async () => void (await saveSelectionAsSnippet({ ...deps, canvas })),
    ...createNodeCommands(deps),
    ...createComponentCommands({ host: deps.host, graph, ui }),
    'node.bypass': () => edit().toggleMode('bypass'),
    'node.mute': () => edit().toggleMode('mute'),
    'group.create': () => {
      if (!edit().groupSelection())
        ui.getState().notify({ kind: 'info', text: 'Select the nodes to group first.' });
    },
    'wire.insertReroute': (arg) => {
      const edge = graph.getState().selectedEdgeIds[0];
      const at = arg?.at && canvas()?.screenToFlow(arg.at);
      if (edge && at) edit().insertReroute(edge, at);
    },
  };

  return {
    commands,
    files,
    runs,
    paste,
    copyText(cut) {
      const data = edit().copySelection();
      if (!data) return null;
      clipboard.remember(data);
      if (cut) edit().deleteSelection();
      return serializeClipboard(data);
    },
    execute(command, arg) {
      if (!Object.hasOwn(commands, command)) {
        // Tab commands belong to the tab set, which listens too.
        if (!isTabCommand(command)) console.warn(`unknown app command "${command}"`);
        return;
      }
      // Menu actions act on the editor; a modal dialog is answered first.
      if (ui.getState().dialogs.length > 0 && command !== 'dialog.close') return;
      const run = commands[command as CommandId];
      if (!run) return;
      void Promise.resolve(run(arg)).catch((e: unknown) => console.error(e));
    },
  };
}
