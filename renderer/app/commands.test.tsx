import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMANDS, MENU_COMMAND_IDS } from '../../shared/commands/commandTable';
import type { CommandSpec } from '../../shared/commands/commandTable';
import { appInfo, fakeHost, pricedGraph, registry, renderStudio, settingsView } from './appTestKit';
import { Dialogs } from './Dialogs';
import { createSettingsStore } from './settingsStore';
import { installShortcuts } from './shortcuts';
import { createStudio } from './studioSession';
import { TAB_COMMANDS } from './tabCommands';
import { historyUiOf } from './history/historyUi';

const newStudio = () =>
  createStudio({
    host: fakeHost(),
    registry,
    info: appInfo(),
    settings: createSettingsStore(settingsView()),
    catalogErrors: [],
  });

/** Commands whose handlers other features register (modes, variants): none yet here. */
const AWAITING: string[] = [];

let off: (() => void) | undefined;
afterEach(() => {
  off?.();
  off = undefined;
});

describe('commands of a session', () => {
  it('handles every id the desktop menu bar sends (the tab set takes the tab commands)', () => {
    const { controller } = newStudio();
    const handled = new Set([...Object.keys(controller.commands), ...TAB_COMMANDS]);
    for (const id of MENU_COMMAND_IDS) expect(handled, id).toContain(id);
  });

  it('has a handler for every command of the table but those other features bring', () => {
    const { controller } = newStudio();
    const missing = (COMMANDS as readonly CommandSpec[])
      .filter((c) => !c.tabs && !Object.hasOwn(controller.commands, c.id))
      .map((c) => c.id);
    expect(missing.sort()).toEqual([...AWAITING].sort());
  });

  it('pastes at the pointer, keeping the copied layout', async () => {
    const studio = newStudio();
    studio.graph.getState().load(pricedGraph(), null);
    const { graph } = studio;
    const original = graph.getState().doc.nodes.slice(0, 2);
    graph.getState().setSelection(
      original.map((n) => n.id),
      [],
    );
    studio.canvas.current = {
      fitView: vi.fn(),
      focusNode: vi.fn(),
      screenToFlow: (p) => ({ x: p.x * 2, y: p.y * 2 }),
      pointer: () => ({ x: 5000, y: 7000 }),
      openPalette: vi.fn(),
    };
    await studio.controller.commands['edit.copy']!();
    await studio.controller.commands['edit.paste']!();
    const pasted = graph.getState().doc.nodes.slice(-2);
    const minX = Math.min(...original.map((n) => n.position.x));
    const minY = Math.min(...original.map((n) => n.position.y));
    pasted.forEach((n, i) => {
      expect(n.position.x - 5000).toBe(original[i]!.position.x - minX);
      expect(n.position.y - 7000).toBe(original[i]!.position.y - minY);
    });
    // From a context menu: where it opened (client pixels, through the canvas).
    await studio.controller.commands['edit.paste']!({ at: { x: 10, y: 20 } });
    const again = graph.getState().doc.nodes.slice(-2);
    expect(Math.min(...again.map((n) => n.position.x))).toBe(20);
    expect(Math.min(...again.map((n) => n.position.y))).toBe(40);
  });

  it('colours the selected nodes, and takes the colour away (undoable)', () => {
    const studio = newStudio();
    studio.graph.getState().load(pricedGraph(), null);
    const [a, b] = studio.graph.getState().doc.nodes;
    studio.graph.getState().setSelection([a!.id, b!.id], []);
    void studio.controller.commands['node.color']!({ color: 'teal' });
    expect(
      studio.graph
        .getState()
        .doc.nodes.slice(0, 2)
        .map((n) => n.color),
    ).toEqual(['teal', 'teal']);
    void studio.controller.commands['node.color']!({ color: 'not-a-colour' });
    expect(studio.graph.getState().doc.nodes[0]!.color).toBeUndefined();
    studio.graph.getState().undo();
    expect(studio.graph.getState().doc.nodes[0]!.color).toBe('teal');
  });

  it('opens the node search with Ctrl+K and fits the view with "."', () => {
    const studio = newStudio();
    const canvas = {
      fitView: vi.fn(),
      focusNode: vi.fn(),
      screenToFlow: (p: { x: number; y: number }) => p,
      pointer: () => null,
      openPalette: vi.fn(),
    };
    studio.canvas.current = canvas;
    off = installShortcuts(
      window,
      () => studio.controller.commands,
      () => ({ dialogOpen: false }),
    );
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    fireEvent.keyDown(window, { key: '.' });
    expect(canvas.openPalette).toHaveBeenCalledOnce();
    expect(canvas.fitView).toHaveBeenCalledOnce();
  });

  it('leaves a key alone while its command has no handler', () => {
    const studio = newStudio();
    off = installShortcuts(
      window,
      () => {
        const { 'node.bypass': _bypass, ...others } = studio.controller.commands;
        return others;
      },
      () => ({ dialogOpen: false }),
    );
    const event = new KeyboardEvent('keydown', { key: 'b', ctrlKey: true, cancelable: true });
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
  });
});

describe('Show in History', () => {
  it('lists the runs of a model node’s model, and of a named node its name', async () => {
    const studio = newStudio();
    const doc = pricedGraph();
    studio.graph.getState().load(doc, null);
    const model = doc.nodes.find((n) => n.type.startsWith('model:'))!;
    studio.graph.getState().setSelection([model.id], []);
    await studio.controller.execute('node.showHistory');
    const history = historyUiOf(studio).getState();
    expect(history.open).toBe(true);
    expect(history.filter).toEqual({ model: model.type });
    const prompt = doc.nodes.find((n) => n.type === 'prompt')!;
    studio.graph.getState().dispatch({ type: 'setTitle', nodeId: prompt.id, title: 'Sky' });
    studio.graph.getState().setSelection([prompt.id], []);
    await studio.controller.execute('node.showHistory');
    expect(historyUiOf(studio).getState().filter).toEqual({ text: 'Sky' });
  });
});

describe('the Keyboard Shortcuts panel', () => {
  it('opens with "?" and finds a command by its label or keys, grouped by category', async () => {
    const { studio } = renderStudio(<Dialogs />);
    off = installShortcuts(
      window,
      () => studio.controller.commands,
      () => ({ dialogOpen: studio.ui.getState().dialogs.length > 0 }),
    );
    act(() => void fireEvent.keyDown(window, { key: '?', shiftKey: true }));
    const panel = await screen.findByTestId('shortcuts-panel');
    expect(panel.querySelectorAll('section').length).toBeGreaterThan(4);
    expect(screen.getByTestId('shortcut-view.fit').textContent).toContain('.');
    fireEvent.change(screen.getByTestId('shortcuts-search'), { target: { value: 'fit' } });
    expect(screen.getByTestId('shortcut-view.fit')).toBeTruthy();
    expect(screen.queryByTestId('shortcut-file.save')).toBeNull();
    fireEvent.change(screen.getByTestId('shortcuts-search'), { target: { value: 'ctrl+k' } });
    expect(screen.getByTestId('shortcut-canvas.addNode').textContent).toContain('Add Node');
    // Every command with a handler is offered, those of later features too.
    fireEvent.change(screen.getByTestId('shortcuts-search'), { target: { value: '' } });
    expect(screen.getByTestId('shortcut-node.bypass').textContent).toContain('Bypass');
    // A row runs its command (web mode has no menu bar): Templates opens.
    fireEvent.change(screen.getByTestId('shortcuts-search'), { target: { value: 'templates' } });
    fireEvent.click(screen.getByRole('button', { name: 'Templates…' }));
    expect(studio.ui.getState().dialogs.map((d) => d.kind)).toEqual(['templates']);
    act(() => studio.ui.getState().closeTop());
    act(() => void fireEvent.keyDown(window, { key: '?', shiftKey: true }));
    await screen.findByTestId('shortcuts-panel');
    // Escape closes it (the dialog scope's own key).
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('shortcuts-panel')).toBeNull();
  });
});
