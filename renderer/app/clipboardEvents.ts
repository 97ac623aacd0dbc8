import { isTyping, matchesChord } from './shortcuts';

export interface ClipboardHandlers {
  /** Files on the clipboard (a copied image, a copied file): handled as if dropped. */
  files(files: File[]): void;
  /** Anything else: `text` is the clipboard's plain text when the browser gave it. */
  nodes(text: string | undefined): void;
  /**
   * The selected nodes as clipboard text (removed from the graph too when `cut`),
   * or null when nothing is selected.
   */
  copy(cut: boolean): string | null;
  /** Copy or cut by the key alone, where the browser fired no copy event. */
  copyByKey(cut: boolean): void;
}

/**
 * Copy, cut and paste on the canvas through the browser's own clipboard events, the
 * way every other page does it: they need no permission, a copy event replaces
 * whatever the system clipboard held (an old screenshot must not win over nodes just
 * copied), and only a paste event can read a pasted image. So Ctrl+C/X/V are left
 * to the browser; where no event follows the key (a shell without native
 * clipboard commands), the command runs from the key alone a moment later.
 * `active()` is false while a modal dialog owns the keyboard.
 */
export function installClipboardEvents(
  win: Window,
  handlers: ClipboardHandlers,
  active: () => boolean,
): () => void {
  let pending: ReturnType<typeof setTimeout> | undefined;
  const settle = (): void => {
    if (pending !== undefined) clearTimeout(pending);
    pending = undefined;
  };
  const later = (run: () => void): void => {
    settle();
    // The clipboard event, when it comes, is dispatched before this timer fires.
    pending = setTimeout(() => {
      pending = undefined;
      run();
    }, 0);
  };
  const ours = (e: Event): boolean => !isTyping(e.target) && active();

  const key = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || !ours(e)) return;
    if (matchesChord(e, 'Mod+V')) later(() => handlers.nodes(undefined));
    else if (matchesChord(e, 'Mod+C')) later(() => handlers.copyByKey(false));
    else if (matchesChord(e, 'Mod+X')) later(() => handlers.copyByKey(true));
  };
  const paste = (e: ClipboardEvent): void => {
    // Taken by a part of the page (an image pasted onto a Load Image node): the
    // event came, so the key's fallback must not run either.
    if (e.defaultPrevented) return settle();
    // A text field pastes its own text.
    if (!ours(e)) return;
    settle();
    e.preventDefault();
    const files = [...(e.clipboardData?.files ?? [])];
    if (files.length > 0) handlers.files(files);
    else handlers.nodes(e.clipboardData?.getData('text/plain') || undefined);
  };
  const copy = (e: ClipboardEvent): void => {
    if (!ours(e)) return;
    settle();
    const text = handlers.copy(e.type === 'cut');
    // Nothing selected: the page's own selection (if any) is copied as usual.
    if (text === null || !e.clipboardData) return;
    e.clipboardData.setData('text/plain', text);
    e.preventDefault();
  };
  win.addEventListener('keydown', key);
  win.addEventListener('paste', paste);
  win.addEventListener('copy', copy);
  win.addEventListener('cut', copy);
  return () => {
    settle();
    win.removeEventListener('keydown', key);
    win.removeEventListener('paste', paste);
    win.removeEventListener('copy', copy);
    win.removeEventListener('cut', copy);
  };
}
