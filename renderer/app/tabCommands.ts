import { COMMANDS } from '../../shared/commands/commandTable';
import type { CommandId, CommandSpec } from '../../shared/commands/commandTable';

/** Commands of the tab set as a whole (`tabs: true` in the command table); a tab's own controller leaves them alone. */
export const TAB_COMMANDS: readonly CommandId[] = (COMMANDS as readonly CommandSpec[])
  .filter((c) => c.tabs)
  .map((c) => c.id as CommandId);
export type TabCommand = 'tab.new' | 'tab.close' | 'tab.next' | 'tab.previous';
export const isTabCommand = (command: string): command is TabCommand =>
  (TAB_COMMANDS as readonly string[]).includes(command);
