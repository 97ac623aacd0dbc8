import { useEffect, useState } from 'react';

type ColorMode = 'dark' | 'light';

const read = (): ColorMode =>
  typeof document !== 'undefined' && document.documentElement.dataset.theme === 'light'
    ? 'light'
    : 'dark';

/**
 * The theme the page shows (`<html data-theme>`, set by app/theme.ts), for React
 * Flow's colorMode: its own defaults (controls, minimap) then match the tokens.
 */
export function useDocumentTheme(): ColorMode {
  const [mode, setMode] = useState(read);
  useEffect(() => {
    const observer = new MutationObserver(() => setMode(read()));
    observer.observe(document.documentElement, { attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return mode;
}
