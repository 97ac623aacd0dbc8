import { describe, expect, it } from 'vitest';
import { settingsView } from './appTestKit';
import { createSettingsStore } from './settingsStore';
import { applyTheme, resolveTheme } from './theme';

/** A window whose system preference the test flips. */
function fakeWindow(light: boolean) {
  const listeners = new Set<() => void>();
  const media = {
    matches: light,
    addEventListener: (_: string, l: () => void) => listeners.add(l),
    removeEventListener: (_: string, l: () => void) => listeners.delete(l),
  };
  const win = { document, matchMedia: () => media } as unknown as Window;
  return {
    win,
    setSystemLight(v: boolean) {
      media.matches = v;
      for (const l of listeners) l();
    },
    listeners,
  };
}

describe('theme', () => {
  it('resolves system to the system preference, and a chosen theme to itself', () => {
    expect(resolveTheme('system', true)).toBe('light');
    expect(resolveTheme(undefined, false)).toBe('dark');
    expect(resolveTheme('dark', true)).toBe('dark');
    expect(resolveTheme('light', false)).toBe('light');
  });

  it('follows the system setting live until the user picks a theme in Settings', () => {
    const settings = createSettingsStore(settingsView({ theme: 'system' }));
    const w = fakeWindow(false);
    const stop = applyTheme(settings, w.win);
    const html = document.documentElement;
    expect(html.dataset.theme).toBe('dark');
    w.setSystemLight(true);
    expect(html.dataset.theme).toBe('light');
    settings.setState({ theme: 'dark' });
    expect(html.dataset.theme).toBe('dark');
    w.setSystemLight(false);
    settings.setState({ theme: 'light' });
    expect(html.dataset.theme).toBe('light');
    stop();
    expect(w.listeners.size).toBe(0);
  });
});
