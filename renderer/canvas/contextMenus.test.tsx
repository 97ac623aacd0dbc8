import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandId } from '../../shared/commands/commandTable';
import type { CanvasCommands } from './canvasCommands';
import { ContextMenu } from './ContextMenu';
import { canvasMenu, nodeMenu, wireMenu } from './contextMenus';
import type { MenuEntry } from './contextMenus';

/** Commands with handlers for every id but those given. */
function fakeCommands(missing: CommandId[] = []) {
  const ran: Array<[CommandId, unknown]> = [];
  const commands: CanvasCommands = {
    has: (id) => !missing.includes(id),
    shortcut: (id) => (id === 'edit.duplicate' ? 'Ctrl+D' : ''),
    run: (id, arg) => void ran.push([id, arg]),
  };
  return { commands, ran };
}

const keys = (entries: MenuEntry[]) => entries.map((e) => e.key);
const PENDING: CommandId[] = [
  'node.bypass',
  'node.mute',
  'node.newTake',
  'group.create',
  'wire.insertReroute',
];

afterEach(() => {
  document.body.innerHTML = '';
});

describe('context menu definitions', () => {
  it('offer every node command, labelled from the command table', () => {
    const { commands } = fakeCommands();
    const menu = nodeMenu(commands, { pinnable: true, pinned: false });
    expect(keys(menu)).toEqual([
      'node.rename',
      'node.color',
      'node.bypass',
      'node.mute',
      'node.pin',
      'run.runSelected',
      'node.newTake',
      'edit.duplicate',
      'edit.delete',
      'node.showHistory',
    ]);
    expect(menu.find((e) => e.key === 'edit.duplicate')).toMatchObject({
      label: 'Duplicate',
      shortcut: 'Ctrl+D',
    });
    expect(menu.find((e) => e.key === 'node.pin')?.label).toBe('Pin Output');
  });

  it('leave out an item whose command has no handler yet (bypass, mute, group, reroute, new take)', () => {
    const { commands } = fakeCommands(PENDING);
    expect(keys(nodeMenu(commands, { pinnable: false, pinned: true }))).toEqual([
      'node.rename',
      'node.color',
      'node.pin',
      'run.runSelected',
      'edit.duplicate',
      'edit.delete',
      'node.showHistory',
    ]);
    expect(keys(canvasMenu(commands, { x: 1, y: 2 }, { selectedNodes: 2 }))).toEqual([
      'canvas.addNode',
      'edit.paste',
      'view.fit',
      'snippet.save',
    ]);
    expect(keys(wireMenu(commands, { x: 1, y: 2 }))).toEqual(['edit.delete']);
  });

  it('pass the point where the menu opened to add-node, paste and insert-reroute', () => {
    const { commands, ran } = fakeCommands();
    const at = { x: 120, y: 80 };
    canvasMenu(commands, at, { selectedNodes: 0 })[0]!.run!();
    wireMenu(commands, at)[0]!.run!();
    expect(ran).toEqual([
      ['canvas.addNode', { at }],
      ['wire.insertReroute', { at }],
    ]);
  });

  it('disable what needs a selection, and Pin when there is no output to pin', () => {
    const { commands } = fakeCommands();
    const menu = canvasMenu(commands, { x: 0, y: 0 }, { selectedNodes: 0 });
    expect(menu.find((e) => e.key === 'group.create')?.disabled).toBe(true);
    expect(menu.find((e) => e.key === 'snippet.save')?.disabled).toBe(true);
    const node = nodeMenu(commands, { pinnable: false, pinned: false });
    expect(node.find((e) => e.key === 'node.pin')?.disabled).toBe(true);
    expect(
      nodeMenu(commands, { pinnable: false, pinned: true }).find((e) => e.key === 'node.pin'),
    ).toMatchObject({ label: 'Unpin Output' });
    // Only a model node has takes to run again.
    const preview = nodeMenu(commands, { pinnable: false, pinned: false, model: false });
    expect(preview.find((e) => e.key === 'node.newTake')?.disabled).toBe(true);
    const model = nodeMenu(commands, { pinnable: false, pinned: false, model: true });
    expect(model.find((e) => e.key === 'node.newTake')?.disabled).toBeFalsy();
  });

  it('offer the colour palette and no colour as a submenu', () => {
    const { commands, ran } = fakeCommands();
    const colour = nodeMenu(commands, { pinnable: false, pinned: false }).find(
      (e) => e.key === 'node.color',
    )!;
    expect(colour.submenu!.map((e) => e.label)).toEqual([
      'Red',
      'Orange',
      'Yellow',
      'Green',
      'Teal',
      'Blue',
      'Purple',
      'Pink',
      'No Colour',
    ]);
    colour.submenu![4]!.run!();
    colour.submenu![8]!.run!();
    expect(ran).toEqual([
      ['node.color', { color: 'teal' }],
      ['node.color', { color: null }],
    ]);
  });
});

describe('ContextMenu', () => {
  const open = () => {
    const { commands, ran } = fakeCommands();
    const onClose = vi.fn();
    const entries = nodeMenu(commands, { pinnable: true, pinned: false });
    render(<ContextMenu at={{ x: 10, y: 10 }} entries={entries} label="Node" onClose={onClose} />);
    return { ran, onClose };
  };

  it('is keyboard navigable: focus starts on the first item, arrows move, Enter runs', () => {
    const { ran, onClose } = open();
    const menu = screen.getByRole('menu', { name: 'Node' });
    expect(document.activeElement).toBe(screen.getByTestId('menu-node.rename'));
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByTestId('menu-node.bypass'));
    fireEvent.keyDown(menu, { key: 'ArrowUp' });
    fireEvent.keyDown(menu, { key: 'ArrowUp' });
    fireEvent.keyDown(menu, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(screen.getByTestId('menu-node.showHistory'));
    fireEvent.keyDown(menu, { key: 'Enter' });
    expect(ran).toEqual([['node.showHistory', {}]]);
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('opens a submenu with Right, goes back with Left, and closes on Escape', () => {
    const { ran, onClose } = open();
    const menu = screen.getByRole('menu', { name: 'Node' });
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    fireEvent.keyDown(menu, { key: 'ArrowRight' });
    const sub = screen.getByRole('menu', { name: 'Colour' });
    expect(document.activeElement).toBe(screen.getByTestId('menu-node.color:red'));
    fireEvent.keyDown(sub, { key: 'ArrowLeft' });
    expect(screen.queryByRole('menu', { name: 'Colour' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('menu-node.color'));
    fireEvent.keyDown(menu, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledOnce();
    expect(ran).toEqual([]);
  });

  it('closes on a press outside it, not on one inside', () => {
    const { onClose } = open();
    fireEvent.pointerDown(screen.getByTestId('menu-node.rename'));
    expect(onClose).not.toHaveBeenCalled();
    fireEvent.pointerDown(document.body);
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('keeps its keys from the canvas shortcuts (Delete in the menu deletes nothing)', () => {
    open();
    const outside = vi.fn();
    window.addEventListener('keydown', outside);
    fireEvent.keyDown(screen.getByRole('menu', { name: 'Node' }), { key: 'Delete' });
    window.removeEventListener('keydown', outside);
    expect(outside).not.toHaveBeenCalled();
  });
});
