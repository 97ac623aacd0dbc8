import { COMMANDS, formatKeys } from './commandTable';
import type { CommandCategory, CommandSpec } from './commandTable';

const ORDER: readonly CommandCategory[] = ['File', 'Edit', 'View', 'Run', 'Node', 'Tabs', 'Help'];

/** Pointer gestures beside the keys (not commands of their own). */
const GESTURES: ReadonlyArray<[string, string]> = [
  ['Pan the canvas', 'Space+drag (or drag empty canvas)'],
  ['Add a node where you are', 'double-click empty canvas'],
  ['Context menu (canvas, node, wire)', 'right-click'],
];

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/**
 * The user guide's shortcut table, made from the command table (docs/guide.md holds
 * it between markers; a test keeps the two the same). Keys as on Windows and Linux.
 */
export function shortcutsMarkdown(): string {
  const rows: Array<[string, string]> = [];
  for (const category of ORDER)
    for (const c of COMMANDS as readonly CommandSpec[])
      if (c.category === category && !c.internal && c.keys?.length)
        rows.push([
          `${category}: ${c.label.replace(/…$/, '')}`,
          c.keys.map((k) => `\`${formatKeys(k, false)}\``).join(' or '),
        ]);
  for (const [label, keys] of GESTURES) rows.push([`Canvas: ${label}`, keys]);
  return [
    '| Command | Keys |',
    '| ------- | ---- |',
    ...rows.map(([label, keys]) => `| ${cell(label)} | ${cell(keys)} |`),
  ].join('\n');
}
