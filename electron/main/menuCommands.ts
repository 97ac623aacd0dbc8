import { MENU_COMMAND_IDS } from '../../shared/commands/commandTable';
import type { CommandId } from '../../shared/commands/commandTable';
import type { EventPayload } from '../../shared/contract/hostApi';

/**
 * The app.command events the menu bar sends: the ids of the commands the one
 * command table (shared/commands/commandTable.ts) places in a menu.
 */
export const MENU_COMMANDS = MENU_COMMAND_IDS;
export type MenuCommand = CommandId;

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
