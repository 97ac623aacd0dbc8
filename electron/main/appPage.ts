import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Where the window's page comes from: the built renderer next to the main bundle
 * (out/renderer/index.html, inside app.asar when packaged), or the electron-vite
 * dev server in development. Also the one test of "is this our page?" that the IPC
 * sender check, the permission handler and the CSP rely on.
 */
export interface AppPage {
  /** What the window loads. */
  url: string;
  /** The dev server is in use (the CSP then allows its inline refresh preamble). */
  dev: boolean;
  isAppUrl(url: string): boolean;
}

/** Drops the fragment and query: the same document either way. */
function documentOf(raw: string): URL | undefined {
  try {
    const url = new URL(raw);
    url.hash = '';
    url.search = '';
    return url;
  } catch {
    return undefined;
  }
}

export function appPage(mainDir: string, devServerUrl?: string): AppPage {
  if (devServerUrl) {
    const origin = new URL(devServerUrl).origin;
    return {
      url: devServerUrl,
      dev: true,
      // The dev server serves only the renderer; any page of it is ours.
      isAppUrl: (raw) => documentOf(raw)?.origin === origin,
    };
  }
  const page = pathToFileURL(path.join(mainDir, '..', 'renderer', 'index.html')).href;
  return {
    url: page,
    dev: false,
    // Exactly our index.html: another local file is not the app, even in the same folder.
    isAppUrl: (raw) => documentOf(raw)?.href === page,
  };
}
