import { parseClipboard, serializeClipboard } from '../store/clipboard';
import type { ClipboardData } from '../store/types';

/**
 * Copy and paste of nodes: as JSON text on the system clipboard when the browser
 * lets us (so nodes paste between windows), and always in memory too (a browser page
 * may not read the system clipboard without a permission the user never gave).
 */

export interface SystemClipboard {
  writeText(text: string): Promise<void>;
  readText(): Promise<string>;
}

export interface NodeClipboard {
  write(data: ClipboardData): Promise<void>;
  /** A copy event put `data` on the system clipboard already: remember it in this window too. */
  remember(data: ClipboardData): void;
  /**
   * The nodes to paste: from `text` when a paste event handed it over, else from
   * the system clipboard when readable, else what this window copied last.
   */
  read(text?: string): Promise<ClipboardData | null>;
}

const systemClipboard = (): SystemClipboard | undefined =>
  typeof navigator !== 'undefined' ? navigator.clipboard : undefined;

/** Reading is refused for good (the desktop shell denies it): do not even ask. */
async function readDenied(): Promise<boolean> {
  try {
    const status = await navigator.permissions?.query({ name: 'clipboard-read' as PermissionName });
    return status?.state === 'denied';
  } catch {
    return false; // this browser does not know the permission: try reading
  }
}

export function createNodeClipboard(
  system: () => SystemClipboard | undefined = systemClipboard,
  denied: () => Promise<boolean> = readDenied,
): NodeClipboard {
  let memory: ClipboardData | null = null;
  return {
    remember(data) {
      memory = data;
    },
    async write(data) {
      memory = data;
      try {
        await system()?.writeText(serializeClipboard(data));
      } catch {
        // Not allowed here: the in-memory copy serves this window.
      }
    },
    async read(given) {
      const pasted = given === undefined ? null : parseClipboard(given);
      if (pasted) return pasted;
      if (given !== undefined) return memory; // the browser gave its clipboard text already
      try {
        const clipboard = system();
        const text = clipboard && !(await denied()) ? await clipboard.readText() : undefined;
        const data = text === undefined ? null : parseClipboard(text);
        if (data) return data;
      } catch {
        // Not allowed here: fall back to what this window copied.
      }
      return memory;
    },
  };
}
