import path from 'node:path';
import type { BaseWindow, KeyboardEvent, MenuItemConstructorOptions } from 'electron';
import {
  commandSpec,
  menuGroup,
  menuLabel,
  toAccelerator,
} from '../../shared/commands/commandTable';
import type { CommandSpec, MenuBar } from '../../shared/commands/commandTable';
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
 * A command of the one table (shared/commands/commandTable.ts) as a menu item: its
 * label, mnemonic and first key come from there. Every key in the table is bound by
 * the renderer itself, so the accelerator is shown but not registered (Windows,
 * Linux): the page receives the key, and in a text field it keeps its native
 * meaning. On macOS the page sees key equivalents first anyway.
 */
function tableItem(spec: CommandSpec, actions: MenuActions, accelerator?: string): Item {
  const id = spec.id as MenuCommand;
  const key = accelerator ?? (spec.keys?.[0] ? toAccelerator(spec.keys[0]) : undefined);
  const item: Item = {
    label: menuLabel(spec),
    ...(key ? { accelerator: key, registerAccelerator: false } : {}),
    click: () => actions.send(id),
  };
  const { clipboard, textEdit } = spec;
  // Cut, Copy, Paste: clicked or by key, the page's own clipboard events act (they
  // replace what the system clipboard held; only a paste event reads a pasted image).
  if (clipboard) item.click = (_item, window) => actions.nativeEdit(window, clipboard);
  // Undo, Redo, Select All by key reach the menu only when the page left the key
  // (focus in a text field): the native edit there. Clicked: the graph command.
  else if (textEdit)
    item.click = (_item, window, event: KeyboardEvent) => {
      if (event.triggeredByAccelerator) actions.nativeEdit(window, textEdit);
      else actions.send(id);
    };
  return item;
}

/** One group of a menu from the table; an empty group adds nothing. */
function group(bar: MenuBar, n: number, actions: MenuActions): Item[] {
  return menuGroup(bar, n).map((spec) => tableItem(spec, actions));
}

/** Groups joined by separators (empty ones skipped). */
function sections(...parts: Item[][]): Item[] {
  return parts
    .filter((p) => p.length > 0)
    .flatMap((p, i) => (i === 0 ? p : [{ type: 'separator' } as Item, ...p]));
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
  const [newOpen, afterOpen] = splitAfter(group('file', 1, actions), 'file.open');
  const file: Item = {
    label: '&File',
    submenu: sections(
      [
        ...newOpen,
        { label: 'Open &Recent', submenu: recentMenu(options.recent, actions) },
        ...afterOpen,
      ],
      group('file', 2, actions),
      group('file', 3, actions),
      mac ? [] : group('file', 4, actions),
      mac ? [] : [{ label: '&Quit', role: 'quit', accelerator: 'CmdOrCtrl+Q' }],
    ),
  };
  const edit: Item = {
    label: '&Edit',
    submenu: sections(
      group('edit', 1, actions),
      group('edit', 2, actions),
      group('edit', 3, actions),
    ),
  };
  const view: Item = {
    label: '&View',
    submenu: sections(
      group('view', 1, actions),
      group('view', 2, actions),
      group('view', 3, actions),
      group('view', 4, actions),
      [{ role: 'togglefullscreen' }],
      dev ? [{ role: 'toggleDevTools' }] : [],
    ),
  };
  const run: Item = { label: '&Run', submenu: sections(group('run', 1, actions)) };
  const help: Item = {
    label: '&Help',
    role: 'help',
    submenu: [
      ...group('help', 1, actions),
      { type: 'separator' },
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
      tableItem(commandSpec('app.settings'), actions, 'Cmd+,'),
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

/** The items up to and including the one of `id`, and the rest (Open Recent goes between). */
function splitAfter(items: Item[], id: MenuCommand): [Item[], Item[]] {
  const label = menuLabel(commandSpec(id));
  const at = items.findIndex((i) => i.label === label) + 1;
  return [items.slice(0, at), items.slice(at)];
}
