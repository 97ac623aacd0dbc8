import { describe, expect, it } from 'vitest';
import { SHORTCUTS, formatKeys, shortcutLabel, withShortcut } from './shortcuts';

describe('shortcuts for display', () => {
  it('writes Mod as Ctrl off a Mac, joined with +', () => {
    expect(formatKeys('Mod+Shift+Enter', false)).toBe('Ctrl+Shift+Enter');
    expect(formatKeys('Mod+s', false)).toBe('Ctrl+S');
    expect(formatKeys('Shift+1', false)).toBe('Shift+1');
    expect(formatKeys('Mod+.', false)).toBe('Ctrl+.');
    expect(formatKeys('Mod++', false)).toBe('Ctrl++');
    expect(formatKeys('Escape', false)).toBe('Escape');
  });

  it('writes the Mac symbols, unjoined, on a Mac', () => {
    expect(formatKeys('Mod+Shift+Enter', true)).toBe('⌘⇧Enter');
    expect(formatKeys('Alt+Mod+z', true)).toBe('⌥⌘Z');
  });

  it("reads a command's keys from the one shortcut table", () => {
    expect(shortcutLabel('file.save', false)).toBe('Ctrl+S');
    expect(shortcutLabel('run.runSelected', true)).toBe('⌘⇧Enter');
  });

  it('puts the shortcut after a tooltip, and nothing for a command without one', () => {
    expect(withShortcut('Save', 'file.save', false)).toBe('Save (Ctrl+S)');
    const unbound = (['file.openPath', 'file.exportOutputs', 'app.settings'] as const).find(
      (id) => !SHORTCUTS.some((s) => s.id === id),
    );
    if (unbound) expect(withShortcut('Does a thing', unbound, false)).toBe('Does a thing');
  });
});
