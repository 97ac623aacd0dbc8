import type { Notice } from './uiStore';

/** How long a toast stays, by kind; errors and offers stay until dismissed (null). */
export const TOAST_LIFETIME_MS = { info: 6000, warning: 10000 } as const;

export function toastLifetime(notice: Pick<Notice, 'kind' | 'action'>): number | null {
  if (notice.kind === 'error' || notice.action) return null;
  return TOAST_LIFETIME_MS[notice.kind];
}

/** The clock toasts expire by: the window's, or a test's. */
export interface ToastTimer {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const windowTimer: ToastTimer = {
  setTimeout: (run, ms) => window.setTimeout(run, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
};
