import type { EventPayload } from '../../shared/contract/hostApi';

/**
 * The app.command events the shell sends. Where the renderer has a shortcut for
 * the same action the id is the renderer's CommandId (renderer/app/shortcuts.ts),
 * so a menu item and its key do the same thing.
 */
export const MENU_COMMANDS = [
  'file.new',
  'file.open',
  'file.save',
  'file.saveAs',
  'file.exportOutputs',
  'file.embedImages',
  'edit.undo',
  'edit.redo',
  'edit.cut',
  'edit.copy',
  'edit.paste',
  'edit.selectAll',
  'view.zoomIn',
  'view.zoomOut',
  'view.zoomReset',
  'view.fit',
  'view.togglePanels',
  'run.run',
  'run.runSelected',
  'run.cancel',
  'app.settings',
  // Handled by the tab set, not by one tab's controller (renderer/app/tabs.ts).
  'tab.new',
  'tab.close',
  'tab.next',
  'tab.previous',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** A workflow file the OS handed over (argv, open-file, Open Recent): `{command, path}`. */
export const OPEN_PATH_COMMAND = 'file.openPath';

export type AppCommand = EventPayload<'app.command'>;

/**
 * Delivers app.command events to the page, holding them until it has loaded (a
 * file given at launch arrives before the UI exists; the preload then keeps it
 * until the UI subscribes).
 */
export class CommandSender {
  private queue: AppCommand[] = [];
  private send: ((command: AppCommand) => void) | undefined;

  /** The page loaded: deliver what waited, then everything at once. */
  ready(send: (command: AppCommand) => void): void {
    this.send = send;
    for (const command of this.queue.splice(0)) send(command);
  }

  /** The page is gone (reloading, window closed): hold commands again. */
  notReady(): void {
    this.send = undefined;
  }

  command(command: MenuCommand): void {
    this.deliver({ command });
  }

  openPath(path: string): void {
    this.deliver({ command: OPEN_PATH_COMMAND, path });
  }

  private deliver(command: AppCommand): void {
    if (this.send) this.send(command);
    else this.queue.push(command);
  }
}
