/**
 * Keyboard shortcuts as data, in the style of VS Code keybindings and Excalidraw
 * actions: the one command table (shared/commands/commandTable.ts, where every
 * command's id, label, keys and menu place are declared), one matcher, one
 * listener. The ids are the command names the desktop menu bar sends as
 * `app.command` events, so a menu item and its shortcut always do the same thing.
 */

import {
  COMMANDS,
  commandSpec,
  formatKeys as formatTableKeys,
} from '../../shared/commands/commandTable';
import type { CommandId, CommandSpec } from '../../shared/commands/commandTable';
import type { CanvasCommandArg, ClientPoint } from '../canvas/canvasCommands';

export type { CommandId, CommandSpec };
export { COMMANDS, commandSpec };

export type { ClientPoint };

/**
 * What a command may be given: what a context menu passes (where it opened, a
 * colour), and a path for `file.open` from the shell.
 */
export interface CommandArg extends CanvasCommandArg {
  path?: string;
}

export type CommandHandler = (arg?: CommandArg) => void | Promise<void>;

/**
 * The handlers a session has registered. Partial: a command whose feature is not
 * there yet (or belongs to the tab set) has none; its keys then do nothing and
 * context menus leave it out.
 */
export type Commands = Partial<Record<CommandId, CommandHandler>>;

export interface Shortcut {
  id: CommandId;
  keys: readonly string[];
  whileTyping?: boolean;
  scope?: 'editor' | 'dialog' | 'always';
  /** The browser keeps the key (clipboard events); the entry is for menus and tooltips. */
  native?: true;
  run(commands: Commands): void | Promise<void>;
}

function toShortcut(spec: CommandSpec): Shortcut {
  const id = spec.id as CommandId;
  return {
    id,
    keys: spec.keys ?? [],
    ...(spec.whileTyping ? { whileTyping: true } : {}),
    ...(spec.scope ? { scope: spec.scope } : {}),
    ...(spec.clipboard ? { native: true as const } : {}),
    run: (commands) => commands[id]?.(),
  };
}

/**
 * The keys of the one command table (shared/commands/commandTable.ts) that one
 * editor session handles; the tab set's own keys are bound by TabsView.
 */
export const SHORTCUTS: readonly Shortcut[] = (COMMANDS as readonly CommandSpec[])
  .filter((c) => c.keys && c.keys.length > 0 && !c.tabs)
  .map(toShortcut);

/** The tab set's keys (Ctrl+Tab, Ctrl+T, Ctrl+W), from the same table. */
export const TAB_SHORTCUTS: readonly Shortcut[] = (COMMANDS as readonly CommandSpec[])
  .filter((c) => c.keys && c.tabs)
  .map(toShortcut);

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
  return { mod: has('mod') || has('ctrl'), shift: has('shift'), alt: has('alt'), key };
}

/** The key a chord names: Shift+1 arrives as `!` on most layouts, so digits use `code`. */
function eventKey(event: KeyboardEvent): string {
  if (/^Digit\d$/.test(event.code)) return event.code.slice(5);
  return event.key.toLowerCase();
}

export function matchesChord(event: KeyboardEvent, keys: string): boolean {
  const chord = parseChord(keys);
  const mod = event.ctrlKey || event.metaKey;
  // `?` arrives with Shift held on most layouts: a chord of one punctuation key
  // names the character, whatever it took to type it.
  const shiftFree = !chord.shift && /^[^a-z0-9]$/.test(chord.key);
  return (
    mod === chord.mod &&
    (shiftFree || event.shiftKey === chord.shift) &&
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
  // A command with no handler yet (its feature is not there) leaves the key alone.
  if (!shortcut || !commands[shortcut.id]) return false;
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

/** A chord for display (the table's formatKeys), on this platform by default. */
export const formatKeys = (keys: string, mac = isMac()): string => formatTableKeys(keys, mac);

/** A command's first shortcut as a tooltip shows it (formatKeys); '' when it has none. */
export function shortcutLabel(id: CommandId, mac = isMac()): string {
  const keys = commandSpec(id).keys?.[0];
  return keys ? formatKeys(keys, mac) : '';
}

/** A tooltip: what a control does, with its shortcut when it has one ("Save (Ctrl+S)"). */
export const withShortcut = (hint: string, id: CommandId, mac = isMac()): string => {
  const keys = shortcutLabel(id, mac);
  return keys ? `${hint} (${keys})` : hint;
};

export const isMac = (): boolean =>
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
