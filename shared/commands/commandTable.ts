/**
 * The one command table: every command the app has, with its id, its label, its
 * default keys and where the desktop menu bar shows it. Pure data (no DOM, no
 * Electron), so the renderer's shortcuts, context menus and Keyboard Shortcuts
 * panel (renderer/app/shortcuts.ts) and the Electron menu bar (electron/main/menu.ts)
 * are all derived from this list. A new command is one entry here plus its handler
 * in the renderer (renderer/app/appController.ts); tests check the two meet.
 */

export type CommandCategory = 'File' | 'Edit' | 'View' | 'Run' | 'Node' | 'Tabs' | 'Help';

/** The menus of the desktop menu bar that hold commands from this table. */
export type MenuBar = 'file' | 'edit' | 'view' | 'run' | 'help';

export interface CommandSpec {
  readonly id: string;
  /** What menus, tooltips and the shortcuts panel call it (no mnemonic marker). */
  readonly label: string;
  readonly category: CommandCategory;
  /**
   * Default keys; the first is the one menus and tooltips show. `Mod` is Ctrl (Cmd on
   * a Mac); the rest are `KeyboardEvent.key` names, any case.
   */
  readonly keys?: readonly string[];
  /** Also while typing in a text field (most keys then belong to the field). */
  readonly whileTyping?: boolean;
  /**
   * When its keys apply: `editor` (the default) only while no modal dialog is open (a
   * dialog owns the keyboard), `dialog` only while one is, `always` in both cases.
   */
  readonly scope?: 'editor' | 'dialog' | 'always';
  /**
   * The browser keeps the key: its own clipboard event runs the command (only a
   * paste event can read a pasted image). Menus also act through that event.
   */
  readonly clipboard?: 'cut' | 'copy' | 'paste';
  /** From the menu bar by key (focus in a text field): the native text edit instead. */
  readonly textEdit?: 'undo' | 'redo' | 'selectAll';
  /** Handled by the window's tab set, not by one tab's editor. */
  readonly tabs?: true;
  /** Where the menu bar shows it: items of one group sit together between separators. */
  readonly menu?: { readonly bar: MenuBar; readonly group: number; readonly mnemonic?: string };
  /** Not listed in the shortcuts panel (an internal command of the shell). */
  readonly internal?: true;
}

export const COMMANDS = [
  // File
  {
    id: 'file.new',
    label: 'New Workflow',
    category: 'File',
    keys: ['Mod+N'],
    menu: { bar: 'file', group: 1, mnemonic: 'N' },
  },
  {
    id: 'tab.new',
    label: 'New Tab',
    category: 'Tabs',
    keys: ['Mod+T'],
    tabs: true,
    menu: { bar: 'file', group: 1, mnemonic: 'T' },
  },
  {
    id: 'file.open',
    label: 'Open…',
    category: 'File',
    keys: ['Mod+O'],
    menu: { bar: 'file', group: 1, mnemonic: 'O' },
  },
  {
    id: 'file.templates',
    label: 'Templates…',
    category: 'File',
    menu: { bar: 'file', group: 1, mnemonic: 'm' },
  },
  { id: 'file.openPath', label: 'Open File', category: 'File', internal: true },
  {
    id: 'file.save',
    label: 'Save',
    category: 'File',
    keys: ['Mod+S'],
    whileTyping: true,
    menu: { bar: 'file', group: 2, mnemonic: 'S' },
  },
  {
    id: 'file.saveAs',
    label: 'Save As…',
    category: 'File',
    keys: ['Mod+Shift+S'],
    whileTyping: true,
    menu: { bar: 'file', group: 2, mnemonic: 'A' },
  },
  {
    id: 'file.exportOutputs',
    label: 'Export Outputs…',
    category: 'File',
    keys: ['Mod+E'],
    menu: { bar: 'file', group: 2, mnemonic: 'E' },
  },
  {
    id: 'file.embedImages',
    label: 'Embed Images in Workflow',
    category: 'File',
    menu: { bar: 'file', group: 2, mnemonic: 'm' },
  },
  {
    id: 'tab.close',
    label: 'Close Tab',
    category: 'Tabs',
    keys: ['Mod+W'],
    tabs: true,
    menu: { bar: 'file', group: 3, mnemonic: 'C' },
  },
  {
    id: 'app.settings',
    label: 'Settings…',
    category: 'File',
    keys: ['Mod+,'],
    menu: { bar: 'file', group: 4, mnemonic: 't' },
  },
  // Edit
  {
    id: 'edit.undo',
    label: 'Undo',
    category: 'Edit',
    keys: ['Mod+Z'],
    textEdit: 'undo',
    menu: { bar: 'edit', group: 1, mnemonic: 'U' },
  },
  {
    id: 'edit.redo',
    label: 'Redo',
    category: 'Edit',
    keys: ['Mod+Shift+Z', 'Mod+Y'],
    textEdit: 'redo',
    menu: { bar: 'edit', group: 1, mnemonic: 'R' },
  },
  {
    id: 'edit.cut',
    label: 'Cut',
    category: 'Edit',
    keys: ['Mod+X'],
    clipboard: 'cut',
    menu: { bar: 'edit', group: 2, mnemonic: 't' },
  },
  {
    id: 'edit.copy',
    label: 'Copy',
    category: 'Edit',
    keys: ['Mod+C'],
    clipboard: 'copy',
    menu: { bar: 'edit', group: 2, mnemonic: 'C' },
  },
  {
    id: 'edit.paste',
    label: 'Paste',
    category: 'Edit',
    keys: ['Mod+V'],
    clipboard: 'paste',
    menu: { bar: 'edit', group: 2, mnemonic: 'P' },
  },
  {
    id: 'edit.duplicate',
    label: 'Duplicate',
    category: 'Edit',
    keys: ['Mod+D'],
    menu: { bar: 'edit', group: 2, mnemonic: 'D' },
  },
  {
    id: 'edit.delete',
    label: 'Delete',
    category: 'Edit',
    keys: ['Delete', 'Backspace'],
    menu: { bar: 'edit', group: 2, mnemonic: 'l' },
  },
  {
    id: 'edit.selectAll',
    label: 'Select All',
    category: 'Edit',
    keys: ['Mod+A'],
    textEdit: 'selectAll',
    menu: { bar: 'edit', group: 3, mnemonic: 'A' },
  },
  {
    id: 'snippet.save',
    label: 'Save Selection as Snippet',
    category: 'Edit',
    menu: { bar: 'edit', group: 3, mnemonic: 'n' },
  },
  // View
  {
    id: 'canvas.addNode',
    label: 'Add Node…',
    category: 'View',
    keys: ['Mod+K'],
    menu: { bar: 'view', group: 1, mnemonic: 'N' },
  },
  {
    id: 'view.zoomIn',
    label: 'Zoom In',
    category: 'View',
    keys: ['Mod+='],
    menu: { bar: 'view', group: 2, mnemonic: 'I' },
  },
  {
    id: 'view.zoomOut',
    label: 'Zoom Out',
    category: 'View',
    keys: ['Mod+-'],
    menu: { bar: 'view', group: 2, mnemonic: 'O' },
  },
  {
    id: 'view.zoomReset',
    label: 'Actual Size',
    category: 'View',
    keys: ['Mod+0'],
    menu: { bar: 'view', group: 2, mnemonic: 'A' },
  },
  {
    id: 'view.fit',
    label: 'Fit Graph',
    category: 'View',
    keys: ['.', 'Shift+1'],
    menu: { bar: 'view', group: 2, mnemonic: 'F' },
  },
  {
    id: 'view.togglePanels',
    label: 'Toggle Panels',
    category: 'View',
    keys: ['Mod+\\'],
    menu: { bar: 'view', group: 3, mnemonic: 'P' },
  },
  {
    id: 'tab.next',
    label: 'Next Tab',
    category: 'Tabs',
    keys: ['Ctrl+Tab'],
    tabs: true,
    menu: { bar: 'view', group: 4, mnemonic: 'x' },
  },
  {
    id: 'tab.previous',
    label: 'Previous Tab',
    category: 'Tabs',
    keys: ['Ctrl+Shift+Tab'],
    tabs: true,
    menu: { bar: 'view', group: 4, mnemonic: 'v' },
  },
  // Run
  {
    id: 'run.run',
    label: 'Run',
    category: 'Run',
    keys: ['Mod+Enter'],
    whileTyping: true,
    menu: { bar: 'run', group: 1, mnemonic: 'R' },
  },
  {
    id: 'run.runSelected',
    label: 'Run to Selected',
    category: 'Run',
    keys: ['Mod+Shift+Enter'],
    whileTyping: true,
    menu: { bar: 'run', group: 1, mnemonic: 'S' },
  },
  {
    id: 'run.cancel',
    label: 'Cancel Run',
    category: 'Run',
    keys: ['Mod+.'],
    whileTyping: true,
    menu: { bar: 'run', group: 1, mnemonic: 'C' },
  },
  // Node (the selection; the node context menu)
  { id: 'node.rename', label: 'Rename', category: 'Node', keys: ['F2'] },
  { id: 'node.color', label: 'Colour', category: 'Node' },
  { id: 'node.pin', label: 'Pin or Unpin Output', category: 'Node' },
  { id: 'node.showHistory', label: 'Show in History', category: 'Node' },
  { id: 'node.bypass', label: 'Bypass', category: 'Node', keys: ['Mod+B'] },
  { id: 'node.mute', label: 'Mute', category: 'Node', keys: ['Mod+M'] },
  // The selected model node and what depends on it, again, as a new variant.
  { id: 'node.newTake', label: 'New Take', category: 'Node', keys: ['Mod+Alt+Enter'] },
  { id: 'group.create', label: 'Group Selection', category: 'Node', keys: ['Mod+G'] },
  { id: 'wire.insertReroute', label: 'Insert Reroute', category: 'Node' },
  // Components: the node's buttons, the breadcrumb and the toolbar reach the others.
  { id: 'component.make', label: 'Make Component', category: 'Node', keys: ['Mod+Shift+E'] },
  { id: 'component.open', label: 'Open Component', category: 'Node' },
  { id: 'component.exit', label: 'Leave Component', category: 'Node' },
  { id: 'component.unpack', label: 'Unpack Component', category: 'Node' },
  { id: 'component.export', label: 'Export Component to Library', category: 'Node' },
  // Help
  {
    id: 'help.shortcuts',
    label: 'Keyboard Shortcuts',
    category: 'Help',
    keys: ['Mod+/', '?'],
    menu: { bar: 'help', group: 1, mnemonic: 'K' },
  },
  {
    id: 'dialog.close',
    label: 'Close Dialog',
    category: 'Help',
    keys: ['Escape'],
    whileTyping: true,
    scope: 'dialog',
  },
] as const satisfies readonly CommandSpec[];

export type CommandId = (typeof COMMANDS)[number]['id'];

const BY_ID = new Map<string, CommandSpec>(COMMANDS.map((c) => [c.id, c]));

export const isCommandId = (id: string): id is CommandId => BY_ID.has(id);

export function commandSpec(id: CommandId): CommandSpec {
  return BY_ID.get(id)!;
}

/** The commands the menu bar shows in one group of one menu, in table order. */
export function menuGroup(bar: MenuBar, group: number): CommandSpec[] {
  return COMMANDS.filter(
    (c: CommandSpec) => c.menu?.bar === bar && c.menu.group === group,
  ) as CommandSpec[];
}

/** Every id the menu bar sends (tests check the renderer handles each). */
export const MENU_COMMAND_IDS: readonly CommandId[] = COMMANDS.filter(
  (c: CommandSpec) => c.menu !== undefined,
).map((c) => c.id);

/** `Mod+Shift+S` as an Electron accelerator: `CmdOrCtrl+Shift+S`. */
export function toAccelerator(keys: string): string {
  return keys
    .split('+')
    .map((part) => {
      if (part === 'Mod') return 'CmdOrCtrl';
      if (part === 'Escape') return 'Esc';
      return part.length === 1 ? part.toUpperCase() : part;
    })
    .join('+');
}

/** A menu label with its mnemonic marked (`Save &As…`); without one, the label as is. */
export function menuLabel(spec: CommandSpec): string {
  const m = spec.menu?.mnemonic;
  if (!m) return spec.label;
  const at = spec.label.indexOf(m);
  return at < 0 ? spec.label : `${spec.label.slice(0, at)}&${spec.label.slice(at)}`;
}

const MAC_MODIFIERS: Record<string, string> = { mod: '⌘', shift: '⇧', alt: '⌥' };
const PC_MODIFIERS: Record<string, string> = { mod: 'Ctrl', shift: 'Shift', alt: 'Alt' };

/** Keys as people read them: `Mod+Shift+Enter` is `Ctrl+Shift+Enter`, or `⌘⇧Enter` on a Mac. */
export function formatKeys(keys: string, mac: boolean): string {
  const parts = keys.split('+');
  // `Mod++` (the plus key) splits into empty parts: the key is then '+'.
  const key = parts.at(-1) === '' ? '+' : parts.pop()!;
  const modifiers = parts
    .filter((p) => p !== '')
    .map((p) => (mac ? MAC_MODIFIERS : PC_MODIFIERS)[p.toLowerCase()] ?? p);
  const shown = key.length === 1 ? key.toUpperCase() : key;
  return mac ? [...modifiers, shown].join('') : [...modifiers, shown].join('+');
}
