import { afterEach, describe, expect, it, vi } from 'vitest';
import { SHORTCUTS, handleShortcut, installShortcuts, shortcutLabel } from './shortcuts';
import type { CommandId, Commands } from './shortcuts';
import { createStudio } from './studioSession';
import { appInfo, fakeHost, pricedGraph, registry, settingsView } from './appTestKit';
import { createSettingsStore } from './settingsStore';

const fakeCommands = () => {
  const ran: CommandId[] = [];
  const commands = new Proxy({} as Commands, {
    get: (_t, id: string) => () => void ran.push(id as CommandId),
  });
  return { ran, commands };
};

const key = (k: string, mods: Partial<KeyboardEventInit> = {}, target?: EventTarget) => {
  const event = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...mods });
  (target ?? window).dispatchEvent(event);
  return event;
};

let off: (() => void) | undefined;
afterEach(() => {
  off?.();
  off = undefined;
  document.body.innerHTML = '';
});

describe('shortcut table', () => {
  const listen = (dialogOpen = false) => {
    const fake = fakeCommands();
    off = installShortcuts(
      window,
      () => fake.commands,
      () => ({ dialogOpen }),
    );
    return fake;
  };

  it('maps keys to undo and redo', () => {
    const { ran } = listen();
    key('z', { ctrlKey: true });
    key('Z', { ctrlKey: true, shiftKey: true });
    key('y', { ctrlKey: true });
    key('z', { metaKey: true });
    expect(ran).toEqual(['edit.undo', 'edit.redo', 'edit.redo', 'edit.undo']);
  });

  it('maps the file, edit and run keys', () => {
    const { ran } = listen();
    for (const [k, mods] of [
      ['s', { ctrlKey: true }],
      ['S', { ctrlKey: true, shiftKey: true }],
      ['o', { ctrlKey: true }],
      ['n', { ctrlKey: true }],
      ['Enter', { ctrlKey: true }],
      ['Enter', { ctrlKey: true, shiftKey: true }],
      ['d', { ctrlKey: true }],
      ['a', { ctrlKey: true }],
      ['Delete', {}],
      ['Backspace', {}],
    ] as const) {
      key(k, mods);
    }
    expect(ran).toEqual([
      'file.save',
      'file.saveAs',
      'file.open',
      'file.new',
      'run.run',
      'run.runSelected',
      'edit.duplicate',
      'edit.selectAll',
      'edit.delete',
      'edit.delete',
    ]);
  });

  it('consumes the keys it handles and leaves the others, and Ctrl+C/X/V to the browser (its clipboard events act)', () => {
    const { ran } = listen();
    for (const k of ['c', 'x', 'v']) expect(key(k, { ctrlKey: true }).defaultPrevented).toBe(false);
    expect(ran).toEqual([]);
    expect(key('z', { ctrlKey: true }).defaultPrevented).toBe(true);
    expect(key('z').defaultPrevented).toBe(false);
    expect(key('q', { ctrlKey: true }).defaultPrevented).toBe(false);
  });

  it('ignores keys typed in a text field, except run and save', () => {
    const { ran } = listen();
    const input = document.body.appendChild(document.createElement('input'));
    const textarea = document.body.appendChild(document.createElement('textarea'));
    key('z', { ctrlKey: true }, input);
    key('Backspace', {}, input);
    key('a', { ctrlKey: true }, textarea);
    key('v', { ctrlKey: true }, textarea);
    expect(ran).toEqual([]);
    key('Enter', { ctrlKey: true }, textarea);
    key('s', { ctrlKey: true }, input);
    expect(ran).toEqual(['run.run', 'file.save']);
    const checkbox = document.body.appendChild(document.createElement('input'));
    checkbox.type = 'checkbox';
    key('z', { ctrlKey: true }, checkbox);
    expect(ran).toEqual(['run.run', 'file.save', 'edit.undo']);
  });

  it('gives the keyboard to an open dialog: only Escape, which closes it', () => {
    const { ran } = listen(true);
    key('z', { ctrlKey: true });
    key('Enter', { ctrlKey: true });
    key('Escape');
    expect(ran).toEqual(['dialog.close']);
  });

  it('leaves Escape alone when no dialog is open', () => {
    const { ran } = listen(false);
    expect(key('Escape').defaultPrevented).toBe(false);
    expect(ran).toEqual([]);
  });

  it('is data: every entry names its command and has keys', () => {
    for (const s of SHORTCUTS) expect(s.keys.length).toBeGreaterThan(0);
    expect(shortcutLabel('run.run', false)).toBe('Ctrl+Enter');
    expect(shortcutLabel('edit.redo', true)).toBe('⌘⇧Z');
  });
});

describe('shortcuts drive the graph store', () => {
  it('undo and redo an edit', () => {
    const host = fakeHost();
    const studio = createStudio({
      host,
      registry,
      info: appInfo(),
      settings: createSettingsStore(settingsView()),
      catalogErrors: [],
    });
    studio.graph.getState().load(pricedGraph(), null);
    studio.graph.getState().dispatch({ type: 'moveNodes', positions: { n1: { x: 9, y: 9 } } });
    const event = (k: string, mods: KeyboardEventInit) =>
      new KeyboardEvent('keydown', { key: k, cancelable: true, ...mods });
    const ctx = { dialogOpen: false };
    handleShortcut(event('z', { ctrlKey: true }), studio.controller.commands, ctx);
    expect(studio.graph.getState().doc.nodes[0]!.position).toEqual(
      pricedGraph().nodes[0]!.position,
    );
    handleShortcut(event('y', { ctrlKey: true }), studio.controller.commands, ctx);
    expect(studio.graph.getState().doc.nodes[0]!.position).toEqual({ x: 9, y: 9 });
  });

  it('copy and paste go through the clipboard (in memory when the system one is not there)', async () => {
    const studio = createStudio({
      host: fakeHost(),
      registry,
      info: appInfo(),
      settings: createSettingsStore(settingsView()),
      catalogErrors: [],
    });
    studio.graph.getState().load(pricedGraph(), null);
    studio.graph.getState().setSelection([studio.graph.getState().doc.nodes[0]!.id], []);
    const writeText = vi.fn().mockRejectedValue(new Error('denied'));
    const readText = vi.fn().mockRejectedValue(new Error('denied'));
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText, readText } });
    try {
      await studio.controller.commands['edit.copy']!();
      await studio.controller.commands['edit.paste']!();
    } finally {
      vi.unstubAllGlobals();
    }
    expect(writeText).toHaveBeenCalledOnce();
    expect(studio.graph.getState().doc.nodes).toHaveLength(5);
  });
});
