import path from 'node:path';
import type { BaseWindow, KeyboardEvent, MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from './menuCommands';

/**
 * The native menu as data (tested without Electron). Items send app.command to
 * the renderer, which owns every action; the shell only does what the page
 * cannot: quitting, dev tools, the about box, opening docs in the browser.
 */

export interface MenuActions {
  send(command: MenuCommand): void;
  openRecent(file: string): void;
  clearRecent(): void;
  /** A native editing command on the focused text field (see editItem). */
  nativeEdit(window: BaseWindow | undefined, action: NativeEdit): void;
  openDocs(which: 'nodeloom' | 'runcomfy' | 'runflow'): void;
  showAbout(): void;
}

export type NativeEdit = 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll';

export interface MenuOptions {
  appName: string;
  platform: NodeJS.Platform;
  dev: boolean;
  recent: readonly string[];
  actions: MenuActions;
}

type Item = MenuItemConstructorOptions;

/**
 * Keys the renderer binds itself (renderer/app/shortcuts.ts) are shown but not
 * registered (Windows/Linux), so the page receives them: in a text field they
 * keep their native meaning, on the canvas they act on the graph. On macOS the
 * page sees key equivalents first anyway; the menu only gets the ones it left.
 */
function command(
  label: string,
  id: MenuCommand,
  actions: MenuActions,
  accelerator?: string,
  rendererKey = false,
): Item {
  return {
    label,
    click: () => actions.send(id),
    ...(accelerator ? { accelerator } : {}),
    ...(rendererKey ? { registerAccelerator: false } : {}),
  };
}

/**
 * An Edit item: from the keyboard it reaches the menu only when the page did not
 * handle the key (focus in a text field), so it applies the native edit there;
 * clicked, it is an app command for the graph.
 */
function editItem(
  label: string,
  id: MenuCommand,
  native: NativeEdit,
  accelerator: string,
  actions: MenuActions,
): Item {
  return {
    label,
    accelerator,
    registerAccelerator: false,
    click: (_item, window, event: KeyboardEvent) => {
      if (event.triggeredByAccelerator) actions.nativeEdit(window, native);
      else actions.send(id);
    },
  };
}

/** Cut, Copy, Paste: clicked or from the keyboard, the page's clipboard event acts. */
function clipboardItem(
  label: string,
  native: 'cut' | 'copy' | 'paste',
  accelerator: string,
  actions: MenuActions,
): Item {
  return {
    label,
    accelerator,
    registerAccelerator: false,
    click: (_item, window) => actions.nativeEdit(window, native),
  };
}

function recentMenu(recent: readonly string[], actions: MenuActions): Item[] {
  const items: Item[] = recent.map((file) => ({
    label: path.basename(file),
    sublabel: path.dirname(file),
    toolTip: file,
    click: () => actions.openRecent(file),
  }));
  if (items.length === 0) items.push({ label: 'No recent workflows', enabled: false });
  items.push(
    { type: 'separator' },
    { label: 'Clear Recently Opened', enabled: recent.length > 0, click: actions.clearRecent },
  );
  return items;
}

export function menuTemplate(options: MenuOptions): Item[] {
  const { actions, platform, dev } = options;
  const mac = platform === 'darwin';
  const file: Item = {
    label: '&File',
    submenu: [
      command('&New Workflow', 'file.new', actions, 'CmdOrCtrl+N', true),
      command('New &Tab', 'tab.new', actions, 'CmdOrCtrl+T', true),
      command('&Open…', 'file.open', actions, 'CmdOrCtrl+O', true),
      { label: 'Open &Recent', submenu: recentMenu(options.recent, actions) },
      { type: 'separator' },
      command('&Save', 'file.save', actions, 'CmdOrCtrl+S', true),
      command('Save &As…', 'file.saveAs', actions, 'CmdOrCtrl+Shift+S', true),
      command('&Export Outputs…', 'file.exportOutputs', actions, 'CmdOrCtrl+E'),
      command('E&mbed Images in Workflow', 'file.embedImages', actions),
      { type: 'separator' },
      command('&Close Tab', 'tab.close', actions, 'CmdOrCtrl+W', true),
      ...(mac
        ? []
        : [
            { type: 'separator' } as Item,
            command('Se&ttings…', 'app.settings', actions, 'CmdOrCtrl+,'),
            { type: 'separator' } as Item,
            { label: '&Quit', role: 'quit', accelerator: 'CmdOrCtrl+Q' } as Item,
          ]),
    ],
  };
  const edit: Item = {
    label: '&Edit',
    submenu: [
      editItem('&Undo', 'edit.undo', 'undo', 'CmdOrCtrl+Z', actions),
      editItem('&Redo', 'edit.redo', 'redo', mac ? 'Cmd+Shift+Z' : 'Ctrl+Y', actions),
      { type: 'separator' },
      // Always the page's own clipboard events: they replace what the system
      // clipboard held, and only a paste event can read a pasted image.
      clipboardItem('Cu&t', 'cut', 'CmdOrCtrl+X', actions),
      clipboardItem('&Copy', 'copy', 'CmdOrCtrl+C', actions),
      clipboardItem('&Paste', 'paste', 'CmdOrCtrl+V', actions),
      editItem('Select &All', 'edit.selectAll', 'selectAll', 'CmdOrCtrl+A', actions),
    ],
  };
  const view: Item = {
    label: '&View',
    submenu: [
      command('Zoom &In', 'view.zoomIn', actions, 'CmdOrCtrl+='),
      command('Zoom &Out', 'view.zoomOut', actions, 'CmdOrCtrl+-'),
      command('&Actual Size', 'view.zoomReset', actions, 'CmdOrCtrl+0'),
      command('&Fit Graph', 'view.fit', actions, 'Shift+1', true),
      { type: 'separator' },
      command('Toggle &Panels', 'view.togglePanels', actions, 'CmdOrCtrl+\\'),
      { type: 'separator' },
      command('Ne&xt Tab', 'tab.next', actions, 'Ctrl+Tab', true),
      command('Pre&vious Tab', 'tab.previous', actions, 'Ctrl+Shift+Tab', true),
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(dev ? [{ type: 'separator' } as Item, { role: 'toggleDevTools' } as Item] : []),
    ],
  };
  const run: Item = {
    label: '&Run',
    submenu: [
      command('&Run', 'run.run', actions, 'CmdOrCtrl+Enter', true),
      command('Run to &Selected', 'run.runSelected', actions, 'CmdOrCtrl+Shift+Enter', true),
      command('&Cancel Run', 'run.cancel', actions, 'CmdOrCtrl+.'),
    ],
  };
  const help: Item = {
    label: '&Help',
    role: 'help',
    submenu: [
      { label: `${options.appName} &Documentation`, click: () => actions.openDocs('nodeloom') },
      { label: 'RunComfy Model API Docs', click: () => actions.openDocs('runcomfy') },
      { label: 'Runflow Docs', click: () => actions.openDocs('runflow') },
      ...(mac
        ? []
        : [
            { type: 'separator' } as Item,
            { label: `&About ${options.appName}`, click: actions.showAbout },
          ]),
    ],
  };
  const appMenu: Item = {
    label: options.appName,
    submenu: [
      { label: `About ${options.appName}`, click: actions.showAbout },
      { type: 'separator' },
      command('Settings…', 'app.settings', actions, 'Cmd+,'),
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  return [
    ...(mac ? [appMenu] : []),
    file,
    edit,
    view,
    run,
    ...(mac ? [{ role: 'windowMenu' } as Item] : []),
    help,
  ];
}
