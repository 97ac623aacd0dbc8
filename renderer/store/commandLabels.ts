import type { GraphCommand, UndoPolicy } from './types';

/** What the undo history calls each command, and how its steps merge. */

export function defaultLabel(command: GraphCommand): string {
  switch (command.type) {
    case 'addNodes':
      return command.nodes.length === 1 ? 'Add node' : `Add ${command.nodes.length} nodes`;
    case 'removeElements':
      return 'Delete';
    case 'moveNodes':
      return 'Move';
    case 'connect':
      return 'Connect';
    case 'setParam':
      return `Edit ${command.key}`;
    case 'setParams':
      return command.changes.length === 1
        ? 'Edit 1 value'
        : `Edit ${command.changes.length} values`;
    case 'reorderInputs':
      return 'Reorder inputs';
    case 'setPin':
      return command.pin ? 'Pin output' : 'Unpin output';
    case 'resizeNode':
      return 'Resize';
    case 'setTitle':
      return command.title?.trim() ? `Rename to ${command.title.trim()}` : 'Reset node name';
    case 'setSweep':
      return command.sweep ? 'Sweep values' : 'Stop sweeping';
    case 'setLastTake':
      return 'New take';
    case 'setCombine':
      return `Combine as ${command.combine ?? 'product'}`;
    case 'setMode':
      return command.mode === 'bypass' ? 'Bypass' : command.mode === 'mute' ? 'Mute' : 'Activate';
    case 'addGroup':
      return 'Group';
    case 'updateGroup':
      return command.changes.collapsed !== undefined
        ? command.changes.collapsed
          ? 'Collapse group'
          : 'Expand group'
        : command.changes.title !== undefined
          ? `Rename group to ${command.changes.title.trim()}`
          : command.changes.rect
            ? 'Resize group'
            : 'Change group';
    case 'removeGroup':
      return 'Ungroup';
    case 'insertReroute':
      return 'Insert reroute';
    case 'setColor':
      return command.color ? `Colour ${command.color}` : 'Remove colour';
  }
}

/** Typing into one field is one step; everything else is a step of its own. */
export function defaultUndo(command: GraphCommand): { policy: UndoPolicy; mergeKey?: string } {
  if (command.type === 'setParam')
    return { policy: 'merge', mergeKey: `setParam:${command.nodeId}:${command.key}` };
  // A resize reports every frame of the drag: one step per resize.
  if (command.type === 'updateGroup' && command.changes.rect)
    return { policy: 'merge', mergeKey: `groupRect:${command.groupId}` };
  return { policy: 'record' };
}
