import { isTyping, matchesChord } from './shortcuts';

export interface PasteHandlers {
  /** Files on the clipboard (a copied image, a copied file): handled as if dropped. */
  files(files: File[]): void;
  /** Anything else: `text` is the clipboard's plain text when the browser gave it. */
  nodes(text: string | undefined): void;
}

/**
 * Paste on the canvas. The browser's paste event is the one place that sees every
 * kind of clipboard content without a permission prompt: an image becomes a Load
 * Image node, text holding copied nodes pastes them. So Ctrl+V is left to the
 * browser, which fires that event; where no event follows the key (a shell without
 * native paste), the node paste runs from the key alone a moment later.
 * `active()` is false while a modal dialog owns the keyboard.
 */
export function installPaste(
  win: Window,
  handlers: PasteHandlers,
  active: () => boolean,
): () => void {
  let pending: ReturnType<typeof setTimeout> | undefined;
  const settle = (): void => {
    if (pending !== undefined) clearTimeout(pending);
    pending = undefined;
  };
  const key = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || !matchesChord(e, 'Mod+V') || isTyping(e.target) || !active()) return;
    settle();
    // The paste event, when it comes, is dispatched before this timer fires.
    pending = setTimeout(() => {
      pending = undefined;
      handlers.nodes(undefined);
    }, 0);
  };
  const paste = (e: ClipboardEvent): void => {
    // A text field pastes its own text.
    if (isTyping(e.target) || !active()) return;
    settle();
    e.preventDefault();
    const files = [...(e.clipboardData?.files ?? [])];
    if (files.length > 0) handlers.files(files);
    else handlers.nodes(e.clipboardData?.getData('text/plain') || undefined);
  };
  win.addEventListener('keydown', key);
  win.addEventListener('paste', paste);
  return () => {
    settle();
    win.removeEventListener('keydown', key);
    win.removeEventListener('paste', paste);
  };
}
