import type { CallOutput, HostClient } from '../../shared/contract/hostApi';
import type { NodeRegistry } from '../../shared/nodes/registry';
import { OPEN_IMAGE_EVENT } from '../canvas/openImage';
import { RESEND_NODE_EVENT } from '../canvas/resendNode';
import type { ResendNodeEvent } from '../canvas/resendNode';
import { NEW_TAKE_EVENT } from '../canvas/newTake';
import type { NewTakeEvent } from '../canvas/newTake';
import { RUN_NODES_EVENT } from '../canvas/runNodes';
import type { RunNodesEvent } from '../canvas/runNodes';
import type { OpenImageEvent } from '../canvas/openImage';
import { createGraphStore } from '../store/graphStore';
import { createRunStore } from '../store/runStore';
import { forgetSkipsWhenModesChange } from '../store/skipsFollowModes';
import { isDirty } from '../store/selectors';
import type { GraphStoreState } from '../store/types';
import { createAppController } from './appController';
import type { CanvasControl, ViewControl } from './appController';
import { REOPEN_TAG, fileName, rememberedPath, windowTitle } from './files';
import { viewerGallery } from './imageViewerModel';
import { installShortcuts } from './shortcuts';
import { acceptFiles, installFileDrop } from './fileDrop';
import type { DropHandlers } from './fileDrop';
import { installClipboardEvents } from './clipboardEvents';
import { LOAD_IMAGE_NODE } from '../../shared/nodes/builtins';
import { newNodeId, takenIds } from '../store/ids';
import { nodeId } from '../../shared/graph/ids';
import type { Studio } from './studioContext';
import { followHostSettings } from './settingsStore';
import type { SettingsStore } from './settingsStore';
import { createUiStore } from './uiStore';
import { historyUiOf } from './history/historyUi';
import { nodeName } from '../../shared/nodes/nodeName';

export interface StudioOptions {
  host: HostClient;
  registry: NodeRegistry;
  info: CallOutput<'app.info'>;
  /** The window's settings store (tabs share one). */
  settings: SettingsStore;
  catalogErrors: readonly string[];
  /** Offer to reopen the file open before a reload (the first tab only). */
  offerReopen?: boolean;
}

/**
 * One editor session: the graph, run and UI stores, the commands over them, and
 * the notices the session starts with (catalog problems, an offer to reopen the
 * file that was open before a reload).
 */
export function createStudio({
  host,
  registry,
  info,
  settings,
  catalogErrors,
  offerReopen = true,
}: StudioOptions): Studio {
  const graph = createGraphStore({ registry });
  const run = createRunStore();
  forgetSkipsWhenModesChange(graph, run);
  const ui = createUiStore();
  const canvas: { current: CanvasControl | null } = { current: null };
  const view: { current: ViewControl | null } = { current: null };
  const controller = createAppController({
    host,
    registry,
    info,
    graph,
    run,
    ui,
    settings,
    canvas: () => canvas.current,
    view: () => view.current,
  });

  const studio: Studio = { graph, run, ui, settings, controller, canvas, view };
  controller.commands['node.showHistory'] = () => showInHistory(studio, registry);
  showCatalogErrors(ui, catalogErrors);
  const last = offerReopen ? rememberedPath() : null;
  if (last) {
    ui.getState().notify({
      kind: 'info',
      text: `${fileName(last)} was open before the page reloaded.`,
      action: { label: 'Reopen', run: () => void controller.files.open(last) },
      tag: REOPEN_TAG,
    });
  }
  return studio;
}

/** Opens the run history filtered to the selected node's name (its runs and images). */
function showInHistory(studio: Studio, registry: NodeRegistry): void {
  const { doc, selectedNodeIds } = studio.graph.getState();
  const node = doc.nodes.find((n) => n.id === selectedNodeIds[0]);
  if (!node) return;
  const history = historyUiOf(studio);
  // A model node: the runs of its model (the search indexes prompts, the names users
  // gave nodes and workflow names, not the models' own labels); a named node: its name.
  const model = registry.get(node.type)?.model !== undefined;
  history
    .getState()
    .setFilter(
      model
        ? { model: node.type, text: node.title }
        : { text: node.title ?? nodeName(node, registry), model: undefined },
    );
  if (!history.getState().open) history.getState().toggle();
}

const CATALOG_TAG = 'catalog';

/** Says which model files were skipped (replacing an earlier such notice), if any. */
export function showCatalogErrors(ui: Studio['ui'], catalogErrors: readonly string[]): void {
  ui.getState().dismissTag(CATALOG_TAG);
  if (catalogErrors.length === 0) return;
  ui.getState().notify({
    kind: 'warning',
    text: `Some models could not be loaded from the catalog (${catalogErrors.length} problem${catalogErrors.length === 1 ? '' : 's'}); the others work.`,
    details: [...catalogErrors],
    tag: CATALOG_TAG,
  });
}

/** The Electron preload's extra: where the shell learns about unsaved changes. */
function desktopShell(win: Window): { setDirty(dirty: boolean): void } | undefined {
  return win.nodeloom;
}

/** Wires a lone session to the host and the window; returns the function that undoes it all. */
export function connectStudio(studio: Studio, host: HostClient, win: Window = window): () => void {
  const { graph, run } = studio;
  const offs = [
    host.on('run.event', (event) => run.getState().apply(event)),
    host.on('output.saved', (event) => run.getState().saved(event)),
    followHostSettings(studio.settings, host),
    connectActive(studio, host, win),
    guardUnsaved(win, () => isDirty(graph.getState()), graph.subscribe),
  ];
  return () => offs.forEach((off) => off());
}

/**
 * Wires the session the user sees (the active tab) to the window: menu commands,
 * shortcuts, the title, dropped files and the image viewer.
 */
export function connectActive(studio: Studio, host: HostClient, win: Window = window): () => void {
  const { graph, ui, controller } = studio;
  const offs = [
    host.on('app.command', ({ command, path }) =>
      controller.execute(command, path ? { path } : undefined),
    ),
    installShortcuts(
      win,
      () => controller.commands,
      () => ({ dialogOpen: ui.getState().dialogs.length > 0 }),
    ),
  ];

  const title = (s: GraphStoreState): string => windowTitle(s.filePath, isDirty(s));
  win.document.title = title(graph.getState());
  offs.push(
    graph.subscribe((s) => {
      const next = title(s);
      if (win.document.title !== next) win.document.title = next;
    }),
  );

  // Files dropped or pasted: workflows (and output PNGs) open, images become Load Image nodes.
  const files: DropHandlers = {
    openWorkflow: (name, text) => void controller.files.openText(name, text),
    addImage: (name, dataUri, at) => {
      const doc = graph.getState().doc;
      const position = studio.canvas.current?.screenToFlow(at) ?? { x: 0, y: 0 };
      const node = {
        id: newNodeId(takenIds(doc)),
        type: LOAD_IMAGE_NODE,
        params: { source: dataUri },
        position,
      };
      graph.getState().dispatch({ type: 'addNodes', nodes: [node] }, { label: `Add ${name}` });
      graph.getState().setSelection([node.id], []);
    },
    refuse: (name, reason) =>
      ui.getState().notify({ kind: 'warning', text: `${name} was not added: ${reason}.` }),
    note: (name, text) => ui.getState().notify({ kind: 'warning', text: `${name}: ${text}.` }),
  };
  // A pasted image goes where the pointer last was, or mid-window.
  let pointer: { x: number; y: number } | null = null;
  const track = (e: PointerEvent): void => {
    pointer = { x: e.clientX, y: e.clientY };
  };
  win.addEventListener('pointermove', track, { passive: true });
  offs.push(
    () => win.removeEventListener('pointermove', track),
    installFileDrop(win, files),
    installClipboardEvents(
      win,
      {
        files: (pasted) =>
          void acceptFiles(
            pasted,
            pointer ?? { x: win.innerWidth / 2, y: win.innerHeight / 2 },
            files,
          ),
        nodes: (text) => void controller.paste(text).catch((e: unknown) => console.error(e)),
        copy: (cut) => controller.copyText(cut),
        copyByKey: (cut) => controller.execute(cut ? 'edit.cut' : 'edit.copy'),
      },
      () => ui.getState().dialogs.length === 0,
    ),
  );

  // A thumbnail on the canvas asks for its image: the viewer opens over everything.
  const openImage = (e: OpenImageEvent): void => {
    const { entries, index } = viewerGallery(
      graph.getState().doc,
      studio.run.getState().nodes,
      e.detail,
    );
    ui.getState().open({ kind: 'image', entries, index });
  };
  win.addEventListener(OPEN_IMAGE_EVENT, openImage);
  offs.push(() => win.removeEventListener(OPEN_IMAGE_EVENT, openImage));

  // A held node's Resend button: the user confirms, then that node is sent again.
  const resend = (e: ResendNodeEvent): void => void controller.runs.resend(nodeId(e.detail.nodeId));
  win.addEventListener(RESEND_NODE_EVENT, resend);
  offs.push(() => win.removeEventListener(RESEND_NODE_EVENT, resend));
  // A model node's "new take": it and what depends on it, again, as a new variant.
  const take = (e: NewTakeEvent): void => void controller.runs.newTake(nodeId(e.detail.nodeId));
  win.addEventListener(NEW_TAKE_EVENT, take);
  offs.push(() => win.removeEventListener(NEW_TAKE_EVENT, take));

  // A group's Run button: its nodes and what they need, as "run selected" runs them.
  const runNodes = (e: RunNodesEvent): void => {
    // No targets would mean the whole graph: an empty group runs nothing.
    if (e.detail.nodeIds.length === 0) {
      ui.getState().notify({ kind: 'info', text: 'This group holds no nodes to run.' });
      return;
    }
    void controller.runs.run(e.detail.nodeIds.map((id) => nodeId(id)));
  };
  win.addEventListener(RUN_NODES_EVENT, runNodes);
  offs.push(() => win.removeEventListener(RUN_NODES_EVENT, runNodes));

  return () => offs.forEach((off) => off());
}

/**
 * Tells the window about unsaved changes (`anyDirty`, re-read whenever `subscribe`
 * reports a change): the desktop shell asks before closing itself (a beforeunload
 * handler there would silently veto a close the user confirmed); a browser prompts.
 */
export function guardUnsaved(
  win: Window,
  anyDirty: () => boolean,
  subscribe: (listener: () => void) => () => void,
): () => void {
  const offs: Array<() => void> = [];
  const shell = desktopShell(win);
  if (shell) {
    let reported: boolean | undefined;
    const report = (): void => {
      const dirty = anyDirty();
      if (dirty !== reported) shell.setDirty((reported = dirty));
    };
    report();
    offs.push(subscribe(report));
  } else {
    const beforeUnload = (e: BeforeUnloadEvent): void => {
      if (!anyDirty()) return;
      e.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      e.returnValue = '';
    };
    win.addEventListener('beforeunload', beforeUnload);
    offs.push(() => win.removeEventListener('beforeunload', beforeUnload));
  }

  return () => offs.forEach((off) => off());
}
