import { createContext, useContext } from 'react';
import type { CommandId } from '../../shared/commands/commandTable';

/** A point in client (screen) pixels. */
export interface ClientPoint {
  x: number;
  y: number;
}

/**
 * What the canvas may ask of the app's commands (the app provides it; the canvas
 * never imports the app shell): whether a command has a handler, its shortcut for
 * display, and running it.
 */
export interface CanvasCommands {
  has(id: CommandId): boolean;
  /** The first key, as people read it (`Ctrl+D`); '' when it has none. */
  shortcut(id: CommandId): string;
  run(id: CommandId, arg?: CanvasCommandArg): void;
}

/** What a context menu gives a command. */
export interface CanvasCommandArg {
  /** Where the menu opened: paste or add a node there. */
  at?: ClientPoint;
  /** node.color: a palette name, or null for none. */
  color?: string | null;
}

export const CanvasCommandsContext = createContext<CanvasCommands | null>(null);

export function useCanvasCommands(): CanvasCommands | null {
  return useContext(CanvasCommandsContext);
}
