/** Commands of the tab set as a whole; a tab's own controller leaves them alone. */
export const TAB_COMMANDS = ['tab.new', 'tab.close', 'tab.next', 'tab.previous'] as const;
export type TabCommand = (typeof TAB_COMMANDS)[number];
export const isTabCommand = (command: string): command is TabCommand =>
  (TAB_COMMANDS as readonly string[]).includes(command);
