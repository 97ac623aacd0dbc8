/**
 * Keyboard shortcuts as data, in the style of VS Code keybindings and Excalidraw
 * actions: one table of `{id, keys, run}`, one matcher, one listener. The ids are the
 * same command names the desktop shell sends as `app.command` events, so a menu item
 * and its shortcut always do the same thing.
 */

export type CommandId =
  | 'file.new'
  | 'file.open'
  | 'file.save'
  | 'file.saveAs'
  | 'file.openPath'
  | 'file.exportOutputs'
  | 'file.embedImages'
  | 'edit.undo'
  | 'edit.redo'
  | 'edit.cut'
  | 'edit.copy'
  | 'edit.paste'
  | 'edit.duplicate'
  | 'edit.delete'
  | 'edit.selectAll'
  | 'run.run'
  | 'run.runSelected'
  | 'run.cancel'
  | 'view.fit'
  | 'view.zoomIn'
  | 'view.zoomOut'
  | 'view.zoomReset'
  | 'view.togglePanels'
  | 'app.settings'
  | 'dialog.close';

/** An optional argument of a command: a path for `file.open` from the shell. */
export interface CommandArg {
  path?: string;
}

export type Commands = Record<CommandId, (arg?: CommandArg) => void | Promise<void>>;

export interface Shortcut {
  id: CommandId;
  /** `Mod` is Ctrl (or Cmd on a Mac); keys are `KeyboardEvent.key` names, any case. */
  keys: string[];
  /** Also while typing in a text field (most shortcuts then belong to the field). */
  whileTyping?: boolean;
  /**
   * When it applies: `editor` (the default) only while no modal dialog is open (a
   * dialog owns the keyboard), `dialog` only while one is, `always` in both cases.
   */
  scope?: 'editor' | 'dialog' | 'always';
  /**
   * The browser keeps the key: its own clipboard event runs the command (see
   * clipboardEvents.ts; only a paste event can read a pasted image). The entry is
   * here for menus and tooltips.
   */
  native?: true;
  run(commands: Commands): void | Promise<void>;
}

const command =
  (id: CommandId) =>
  (commands: Commands): void | Promise<void> =>
    commands[id]();

const entry = (id: CommandId, keys: string[], flags: Partial<Shortcut> = {}): Shortcut => ({
  id,
  keys,
  run: command(id),
  ...flags,
});

export const SHORTCUTS: readonly Shortcut[] = [
  entry('edit.undo', ['Mod+Z']),
  entry('edit.redo', ['Mod+Shift+Z', 'Mod+Y']),
  entry('edit.cut', ['Mod+X'], { native: true }),
  entry('edit.copy', ['Mod+C'], { native: true }),
  entry('edit.paste', ['Mod+V'], { native: true }),
  entry('edit.duplicate', ['Mod+D']),
  entry('edit.delete', ['Delete', 'Backspace']),
  entry('edit.selectAll', ['Mod+A']),
  entry('file.save', ['Mod+S'], { whileTyping: true }),
  entry('file.saveAs', ['Mod+Shift+S'], { whileTyping: true }),
  entry('file.open', ['Mod+O']),
  entry('file.new', ['Mod+N']),
  entry('run.run', ['Mod+Enter'], { whileTyping: true }),
  entry('run.runSelected', ['Mod+Shift+Enter'], { whileTyping: true }),
  entry('run.cancel', ['Mod+.'], { whileTyping: true }),
  entry('view.fit', ['Shift+1']),
  entry('view.togglePanels', ['Mod+\\']),
  entry('dialog.close', ['Escape'], { whileTyping: true, scope: 'dialog' }),
];

interface Chord {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

function parseChord(keys: string): Chord {
  const parts = keys.split('+');
  const key = parts.pop()!.toLowerCase();
  const has = (m: string): boolean => parts.some((p) => p.toLowerCase() === m);
  return { mod: has('mod'), shift: has('shift'), alt: has('alt'), key };
}

/** The key a chord names: Shift+1 arrives as `!` on most layouts, so digits use `code`. */
function eventKey(event: KeyboardEvent): string {
  if (/^Digit\d$/.test(event.code)) return event.code.slice(5);
  return event.key.toLowerCase();
}

export function matchesChord(event: KeyboardEvent, keys: string): boolean {
  const chord = parseChord(keys);
  const mod = event.ctrlKey || event.metaKey;
  return (
    mod === chord.mod &&
    event.shiftKey === chord.shift &&
    event.altKey === chord.alt &&
    eventKey(event) === chord.key
  );
}

/** Whether the event comes from a place where the user types text. */
export function isTyping(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  if (el.tagName === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'color'].includes(type);
  }
  return false;
}

export interface ShortcutContext {
  /** A modal dialog is open: only shortcuts scoped to dialogs apply. */
  dialogOpen: boolean;
}

const inScope = (scope: Shortcut['scope'], dialogOpen: boolean): boolean =>
  scope === 'always' || (scope === 'dialog') === dialogOpen;

/** The shortcut an event triggers in this context, if any. */
export function findShortcut(
  event: KeyboardEvent,
  context: ShortcutContext,
  table: readonly Shortcut[] = SHORTCUTS,
): Shortcut | undefined {
  const typing = isTyping(event.target);
  return table.find(
    (s) =>
      !s.native &&
      (!typing || s.whileTyping) &&
      inScope(s.scope ?? 'editor', context.dialogOpen) &&
      s.keys.some((k) => matchesChord(event, k)),
  );
}

/** Runs the shortcut of a key event; true when one ran (the event is then consumed). */
export function handleShortcut(
  event: KeyboardEvent,
  commands: Commands,
  context: ShortcutContext,
  table: readonly Shortcut[] = SHORTCUTS,
): boolean {
  if (event.defaultPrevented || event.isComposing) return false;
  const shortcut = findShortcut(event, context, table);
  if (!shortcut) return false;
  event.preventDefault();
  event.stopPropagation();
  void Promise.resolve(shortcut.run(commands)).catch((e: unknown) => console.error(e));
  return true;
}

/** Listens on `target` (the window); returns the function that stops listening. */
export function installShortcuts(
  target: Window,
  getCommands: () => Commands,
  getContext: () => ShortcutContext,
  table: readonly Shortcut[] = SHORTCUTS,
): () => void {
  const listener = (event: KeyboardEvent): void => {
    handleShortcut(event, getCommands(), getContext(), table);
  };
  target.addEventListener('keydown', listener);
  return () => target.removeEventListener('keydown', listener);
}

const MAC_MODIFIERS: Record<string, string> = { mod: '⌘', shift: '⇧', alt: '⌥' };
const PC_MODIFIERS: Record<string, string> = { mod: 'Ctrl', shift: 'Shift', alt: 'Alt' };

/** A chord for display: `Mod+Shift+Enter` is `Ctrl+Shift+Enter`, or `⌘⇧Enter` on a Mac. */
export function formatKeys(keys: string, mac = isMac()): string {
  const parts = keys.split('+');
  // `Mod++` (the plus key) splits into empty parts: the key is then '+'.
  const key = parts.at(-1) === '' ? '+' : parts.pop()!;
  const modifiers = parts
    .filter((p) => p !== '')
    .map((p) => (mac ? MAC_MODIFIERS : PC_MODIFIERS)[p.toLowerCase()] ?? p);
  const shown = key.length === 1 ? key.toUpperCase() : key;
  return mac ? [...modifiers, shown].join('') : [...modifiers, shown].join('+');
}

/** A command's first shortcut as a tooltip shows it (formatKeys); '' when it has none. */
export function shortcutLabel(id: CommandId, mac = isMac()): string {
  const keys = SHORTCUTS.find((s) => s.id === id)?.keys[0];
  return keys ? formatKeys(keys, mac) : '';
}

/** A tooltip: what a control does, with its shortcut when it has one ("Save (Ctrl+S)"). */
export const withShortcut = (hint: string, id: CommandId, mac = isMac()): string => {
  const keys = shortcutLabel(id, mac);
  return keys ? `${hint} (${keys})` : hint;
};

const isMac = (): boolean =>
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
