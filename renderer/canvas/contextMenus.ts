import { commandSpec } from '../../shared/commands/commandTable';
import type { CommandId } from '../../shared/commands/commandTable';
import { NODE_COLORS } from '../../shared/graph/document';
import type { CanvasCommands, ClientPoint } from './canvasCommands';

/** One entry of a context menu: a command, or a submenu of them. */
export interface MenuEntry {
  /** Stable key (the command id, or `node.color:red`). */
  key: string;
  label: string;
  shortcut?: string;
  disabled?: boolean;
  /** A colour swatch shown before the label (the colour submenu). */
  swatch?: string;
  run?(): void;
  submenu?: MenuEntry[];
  /** A line above this entry. */
  separatorBefore?: boolean;
}

type Slot = CommandId | '-';

/**
 * Entries for command ids, labelled from the command table. A command without a
 * handler (its feature is not in this build yet) is left out, so a menu never
 * offers what does nothing. `-` separates groups.
 */
export function commandEntries(
  slots: readonly Slot[],
  commands: CanvasCommands,
  arg: { at?: ClientPoint } = {},
  disabled: Partial<Record<CommandId, boolean>> = {},
): MenuEntry[] {
  const out: MenuEntry[] = [];
  let separate = false;
  for (const slot of slots) {
    if (slot === '-') {
      separate = out.length > 0;
      continue;
    }
    if (!commands.has(slot)) continue;
    const shortcut = commands.shortcut(slot);
    out.push({
      key: slot,
      label: commandSpec(slot).label,
      ...(shortcut ? { shortcut } : {}),
      ...(disabled[slot] ? { disabled: true } : {}),
      ...(separate ? { separatorBefore: true } : {}),
      run: () => commands.run(slot, arg),
    });
    separate = false;
  }
  return out;
}

/** The empty canvas: add a node where the menu opened, paste there, fit, group, snippet. */
export function canvasMenu(
  commands: CanvasCommands,
  at: ClientPoint,
  state: { selectedNodes: number },
): MenuEntry[] {
  const noSelection = state.selectedNodes === 0;
  return commandEntries(
    ['canvas.addNode', 'edit.paste', '-', 'view.fit', '-', 'group.create', 'snippet.save'],
    commands,
    { at },
    { 'group.create': noSelection, 'snippet.save': noSelection },
  );
}

const COLOR_LABEL: Record<string, string> = {
  red: 'Red',
  orange: 'Orange',
  yellow: 'Yellow',
  green: 'Green',
  teal: 'Teal',
  blue: 'Blue',
  purple: 'Purple',
  pink: 'Pink',
};

/** The colour submenu: the palette, and no colour. */
function colorEntry(commands: CanvasCommands): MenuEntry[] {
  if (!commands.has('node.color')) return [];
  const pick = (color: string | null): MenuEntry => ({
    key: `node.color:${color ?? 'none'}`,
    label: color ? COLOR_LABEL[color]! : 'No Colour',
    ...(color ? { swatch: `var(--nl-color-${color})` } : {}),
    run: () => commands.run('node.color', { color }),
  });
  return [
    {
      key: 'node.color',
      label: commandSpec('node.color').label,
      submenu: [...NODE_COLORS.map(pick), { ...pick(null), separatorBefore: true }],
    },
  ];
}

/** A node (the selection, which the right-click made include it). */
export function nodeMenu(
  commands: CanvasCommands,
  /** `model`: a model node (only it has takes to run again). */
  state: { pinnable: boolean; pinned: boolean; model?: boolean },
): MenuEntry[] {
  const head = commandEntries(['node.rename'], commands);
  const rest = commandEntries(
    [
      'node.bypass',
      'node.mute',
      'node.pin',
      '-',
      'run.runSelected',
      'node.newTake',
      '-',
      'edit.duplicate',
      'edit.delete',
      '-',
      'node.showHistory',
    ],
    commands,
    {},
    { 'node.pin': !state.pinnable && !state.pinned, 'node.newTake': state.model === false },
  ).map((e) =>
    e.key === 'node.pin' ? { ...e, label: state.pinned ? 'Unpin Output' : 'Pin Output' } : e,
  );
  return [...head, ...colorEntry(commands), ...rest];
}

/** A wire: insert a reroute where the menu opened, or delete it. */
export function wireMenu(commands: CanvasCommands, at: ClientPoint): MenuEntry[] {
  return commandEntries(['wire.insertReroute', 'edit.delete'], commands, { at });
}
