import path from 'node:path';
import { APP_INDEX_URL } from './appProtocol';

/**
 * Where the window's page comes from: the built renderer next to the main bundle
 * (out/renderer, inside app.asar when packaged) served as app://nodeloom/index.html,
 * or the electron-vite dev server in development. Also the one test of "is this our page?" that the IPC
 * sender check, the permission handler and the CSP rely on.
 */
export interface AppPage {
  /** What the window loads. */
  url: string;
  /** The dev server is in use (the CSP then allows its inline refresh preamble). */
  dev: boolean;
  /** The built renderer folder that app:// serves; undefined with the dev server. */
  rendererDir: string | undefined;
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
      rendererDir: undefined,
      // The dev server serves only the renderer; any page of it is ours.
      isAppUrl: (raw) => documentOf(raw)?.origin === origin,
    };
  }
  const page = APP_INDEX_URL;
  return {
    url: page,
    dev: false,
    rendererDir: path.join(mainDir, '..', 'renderer'),
    // Exactly our index.html: another file of the renderer folder is not the app.
    isAppUrl: (raw) => documentOf(raw)?.href === page,
  };
}
