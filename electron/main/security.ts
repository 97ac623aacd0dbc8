import type { Session, WebContents } from 'electron';
import { BLOB_SCHEME } from './channels';

/**
 * The window's lock-down that is not a BrowserWindow option: the page's
 * Content-Security-Policy, navigation and pop-ups, permissions, <webview>.
 */

const BASE_POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', `${BLOB_SCHEME}:`],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The policy of the app's pages. The dev server (electron-vite dev) needs the React
 * refresh preamble (an inline script) and its HMR WebSocket; a packaged app never.
 */
export function contentSecurityPolicy(dev = false): string {
  const policy = structuredClone(BASE_POLICY);
  if (dev) {
    policy['script-src']!.push("'unsafe-inline'");
    policy['connect-src']!.push('ws://localhost:*', 'ws://127.0.0.1:*');
  }
  return Object.entries(policy)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** The policy as a <meta> tag can carry it (frame-ancestors is ignored there). */
export const metaContentSecurityPolicy = (): string =>
  contentSecurityPolicy(false)
    .split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');

/** The project's own documentation (Help > Documentation). */
export const PROJECT_DOCS_URL = 'https://github.com/nodeloom/nodeloom#readme';

/** Where a link in the app may lead, in the system browser: https docs only. */
const EXTERNAL_ALLOW_LIST: ReadonlyArray<{ origin: string; path: string }> = [
  { origin: 'https://docs.runcomfy.com', path: '/' },
  { origin: 'https://www.runcomfy.com', path: '/' },
  { origin: 'https://runcomfy.com', path: '/' },
  { origin: 'https://docs.runflow.io', path: '/' },
  { origin: 'https://www.runflow.io', path: '/' },
  { origin: 'https://runflow.io', path: '/' },
  { origin: 'https://github.com', path: '/nodeloom/nodeloom' },
];

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  // Credentials in a link are a phishing trick; an explicit port is never a docs page.
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  return EXTERNAL_ALLOW_LIST.some(
    ({ origin, path }) =>
      url.origin === origin &&
      (path === '/' || url.pathname === path || url.pathname.startsWith(`${path}/`)),
  );
}

/**
 * Sets the CSP header on every document the session loads (the app page is the
 * only one it may load), replacing any the response had.
 */
export function installContentSecurityPolicy(session: Session, dev: boolean): void {
  const policy = contentSecurityPolicy(dev);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (details.resourceType !== 'mainFrame' && details.resourceType !== 'subFrame') {
      callback({});
      return;
    }
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [policy];
    callback({ responseHeaders: headers });
  });
}

/** Write-only clipboard access: the node clipboard copies JSON text; reading stays denied. */
const GRANTED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

/**
 * Denies every permission (camera, notifications, geolocation, HID, ...) except
 * writing text to the clipboard from the app's own page.
 */
export function denyPermissions(session: Session, isAppUrl: (url: string) => boolean): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(GRANTED_PERMISSIONS.has(permission) && isAppUrl(details.requestingUrl));
  });
  session.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin, details) =>
      GRANTED_PERMISSIONS.has(permission) && isAppUrl(details.requestingUrl ?? requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
}

/**
 * No navigation away from the app page, no new windows, no <webview>: a link the
 * user clicks opens in the system browser if it is on the allow-list, else nowhere.
 */
const lockedDown = new WeakSet<WebContents>();

export function lockDownWebContents(
  contents: WebContents,
  openExternal: (url: string) => Promise<void>,
  log: (message: string) => void,
): void {
  // Also applied from app 'web-contents-created' to every contents: once is enough.
  if (lockedDown.has(contents)) return;
  lockedDown.add(contents);
  const external = (url: string): void => {
    if (isAllowedExternalUrl(url)) {
      openExternal(url).catch((e: unknown) => log(`could not open ${url}: ${String(e)}`));
    } else {
      log(`refused to open ${describeUrl(url)}: not on the allow-list`);
    }
  };
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    external(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    external(url);
    return { action: 'deny' };
  });
}

/** A URL for a log line: its origin only (a query could hold anything). */
function describeUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return url.origin === 'null' ? `${url.protocol} URL` : url.origin;
  } catch {
    return 'a malformed URL';
  }
}
