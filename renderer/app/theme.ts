import type { Theme } from '../../shared/contract/settings';
import type { SettingsStore } from './settingsStore';

/** The colours actually shown: a theme setting of 'system' resolves to one of these. */
export type ResolvedTheme = 'dark' | 'light';

const LIGHT_QUERY = '(prefers-color-scheme: light)';

export const resolveTheme = (theme: Theme | undefined, systemLight: boolean): ResolvedTheme =>
  theme === 'dark' || theme === 'light' ? theme : systemLight ? 'light' : 'dark';

/**
 * Keeps `<html data-theme>` (read by tokens.css) at the resolved theme: the setting,
 * or the system's light/dark preference while the setting is 'system' (followed live).
 * Returns the function that stops following.
 */
export function applyTheme(settings: SettingsStore, win: Window): () => void {
  const media = typeof win.matchMedia === 'function' ? win.matchMedia(LIGHT_QUERY) : null;
  const root = win.document.documentElement;
  const update = (): void => {
    root.dataset.theme = resolveTheme(settings.getState().theme, media?.matches ?? false);
  };
  update();
  const stopSettings = settings.subscribe((s, prev) => {
    if (s.theme !== prev.theme) update();
  });
  media?.addEventListener('change', update);
  return () => {
    stopSettings();
    media?.removeEventListener('change', update);
  };
}

/** The theme on the page now, for parts that need it in code (React Flow's colorMode). */
export const currentTheme = (doc: Document = document): ResolvedTheme =>
  doc.documentElement.dataset.theme === 'light' ? 'light' : 'dark';
