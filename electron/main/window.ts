import type { BrowserWindowConstructorOptions, Rectangle, WebPreferences } from 'electron';
import { BrowserWindow, screen, shell } from 'electron';
import type { AppPage } from './appPage';
import { lockDownWebContents } from './security';
import { MIN_SIZE, loadWindowState, trackWindowState } from './windowState';
import type { WindowState } from './windowState';

/**
 * The renderer's powers, all off: it reaches the back end only through the
 * preload's named methods. The one set every window gets (and the tests assert
 * whole); only the preload path and DevTools vary.
 */
export const SECURE_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const satisfies WebPreferences);

export function secureWebPreferences(preloadPath: string, devTools = false): WebPreferences {
  return {
    ...SECURE_WEB_PREFERENCES,
    preload: preloadPath,
    // Only a development build can open DevTools (View > Toggle Developer Tools).
    devTools,
  };
}

export function windowOptions(
  state: WindowState,
  preloadPath: string,
  dev: boolean,
  icon?: string,
): BrowserWindowConstructorOptions {
  return {
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Nodeloom',
    backgroundColor: '#16181d',
    // Shown once the page has painted, so the user never sees an empty white frame.
    show: false,
    ...(icon ? { icon } : {}),
    webPreferences: secureWebPreferences(preloadPath, dev),
  };
}

export interface MainWindowOptions {
  page: AppPage;
  preloadPath: string;
  userDataDir: string;
  icon?: string;
  log: (message: string) => void;
  /** Told of each settings write the window starts (its position), so quitting can wait. */
  onWrite?: (write: Promise<void>) => void;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const workAreas: Rectangle[] = screen.getAllDisplays().map((d) => d.workArea);
  const state = loadWindowState(options.userDataDir, workAreas);
  const win = new BrowserWindow(
    windowOptions(state, options.preloadPath, options.page.dev, options.icon),
  );
  lockDownWebContents(win.webContents, (url) => shell.openExternal(url), options.log);
  trackWindowState(win, options.userDataDir, options.log, options.onWrite);
  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    win.show();
  });
  void win.loadURL(options.page.url).catch((e: unknown) => {
    options.log(`could not load the app page: ${String(e)}`);
  });
  return win;
}
