import { describe, expect, it } from 'vitest';
import {
  COMMANDS,
  MENU_COMMAND_IDS,
  formatKeys,
  menuGroup,
  menuLabel,
  toAccelerator,
} from './commandTable';
import type { CommandSpec } from './commandTable';

const table: readonly CommandSpec[] = COMMANDS;

/** A chord in one spelling: modifiers sorted, any case, Ctrl and Mod the same. */
const normalise = (keys: string): string => {
  const parts = keys.toLowerCase().split('+');
  const key = parts.pop()!;
  const mods = parts.map((m) => (m === 'ctrl' ? 'mod' : m)).sort();
  return [...mods, key].join('+');
};

/** Which key scopes a command's keys live in: a dialog's, the editor's, or the tab set's. */
const scopesOf = (c: CommandSpec): string[] =>
  c.tabs ? ['tabs'] : c.scope === 'always' ? ['editor', 'dialog'] : [c.scope ?? 'editor'];

describe('the command table', () => {
  it('gives every command a unique id', () => {
    const ids = table.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every command a label (no mnemonic marker) and a category', () => {
    for (const c of table) {
      expect(c.label.trim(), c.id).not.toBe('');
      expect(c.label, c.id).not.toContain('&');
      expect(c.category, c.id).toBeTruthy();
    }
  });

  it('never binds one key to two commands in one scope', () => {
    const seen = new Map<string, string>();
    for (const c of table)
      for (const keys of c.keys ?? [])
        for (const scope of scopesOf(c)) {
          const chord = `${scope}:${normalise(keys)}`;
          expect(seen.get(chord), `${keys} in ${scope}: ${c.id}`).toBeUndefined();
          seen.set(chord, c.id);
        }
    // Tab keys must not be taken by the editor either: the tab set listens first.
    const editorKeys = table.filter((c) => !c.tabs).flatMap((c) => (c.keys ?? []).map(normalise));
    for (const c of table.filter((c) => c.tabs))
      for (const keys of c.keys ?? []) expect(editorKeys).not.toContain(normalise(keys));
  });

  it('has the keys ComfyUI users reach for', () => {
    const keysOf = (id: string) => table.find((c) => c.id === id)?.keys ?? [];
    expect(keysOf('view.fit')).toContain('.');
    expect(keysOf('canvas.addNode')).toContain('Mod+K');
    expect(keysOf('help.shortcuts')).toEqual(expect.arrayContaining(['?', 'Mod+/']));
  });

  it('places menu items in groups whose mnemonic is a letter of the label', () => {
    expect(MENU_COMMAND_IDS.length).toBeGreaterThan(20);
    for (const c of table.filter((c) => c.menu)) {
      expect(menuGroup(c.menu!.bar, c.menu!.group)).toContain(c);
      if (c.menu!.mnemonic) expect(menuLabel(c), c.id).toContain(`&${c.menu!.mnemonic}`);
      expect(c.internal, c.id).toBeUndefined();
    }
  });

  it('writes keys as Electron accelerators and as people read them', () => {
    expect(toAccelerator('Mod+Shift+S')).toBe('CmdOrCtrl+Shift+S');
    expect(toAccelerator('Mod+.')).toBe('CmdOrCtrl+.');
    expect(toAccelerator('Ctrl+Tab')).toBe('Ctrl+Tab');
    expect(toAccelerator('Escape')).toBe('Esc');
    expect(formatKeys('Mod+Shift+Enter', false)).toBe('Ctrl+Shift+Enter');
    expect(formatKeys('Mod+Shift+Z', true)).toBe('⌘⇧Z');
  });
});
