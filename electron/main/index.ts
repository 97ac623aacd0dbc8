import path from 'node:path';
import { app, dialog, protocol, shell as electronShell } from 'electron';
import { defaultDataDir } from '../core/paths';
import { appPage } from './appPage';
import { APP_SCHEME_PRIVILEGES } from './appProtocol';
import { BLOB_SCHEME_PRIVILEGES } from './blobProtocol';
import { wantsEmulator } from './emulatorMode';
import { workflowPathsFromArgv } from './openFiles';
import { lockDownWebContents } from './security';
import { DesktopShell } from './shell';

// The Electron main process: everything here must happen before `ready`, the
// rest is DesktopShell.

const log = (message: string): void => console.warn(`nodeloom: ${message}`);

// One data folder for the app, the CLI and the web host (NODELOOM_DATA_DIR moves
// all of it); set before the single-instance lock, which lives in it.
const dataDir = defaultDataDir();
app.setPath('userData', dataDir);
app.setAboutPanelOptions({ applicationName: 'Nodeloom', applicationVersion: app.getVersion() });
// The renderer comes from app:// (never file://), its stored images from nodeloom-blob://.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES, BLOB_SCHEME_PRIVILEGES]);
// Every renderer sandboxed, and every web contents (not only our window) locked down.
app.enableSandbox();
app.on('web-contents-created', (_event, contents) =>
  lockDownWebContents(contents, (url) => electronShell.openExternal(url), log),
);

// macOS hands files over as events, possibly before `ready`.
const pending: string[] = [];
let desktopShell: DesktopShell | undefined;
app.on('open-file', (event, file) => {
  event.preventDefault();
  if (desktopShell) desktopShell.openPath(file);
  else pending.push(file);
});

if (!app.requestSingleInstanceLock()) {
  // Another Nodeloom runs: it got our argv (second-instance) and opens the file.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (!desktopShell) return;
    desktopShell.openWindow();
    const file = workflowPathsFromArgv(argv, workingDirectory).at(-1);
    if (file) desktopShell.openPath(file);
  });
  void start();
}

async function start(): Promise<void> {
  await app.whenReady();
  // __dirname is out/main in the CommonJS bundle (and inside app.asar when packaged).
  const devUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
  const workspaceDir = path.resolve(
    process.env['NODELOOM_WORKSPACE_DIR'] ?? path.join(app.getPath('documents'), 'Nodeloom'),
  );
  const desktop = new DesktopShell({
    page: appPage(__dirname, devUrl),
    mainDir: __dirname,
    dataDir,
    workspaceDir,
    emulator: wantsEmulator(process.argv, process.env),
    log,
  });
  try {
    await desktop.start();
  } catch (e) {
    dialog.showErrorBox('Nodeloom could not start', e instanceof Error ? e.message : String(e));
    app.exit(1);
    return;
  }
  desktopShell = desktop;
  const fromArgv =
    process.platform === 'darwin' ? [] : workflowPathsFromArgv(process.argv, process.cwd());
  // Several files at once: the last one wins (one workflow per window).
  const file = [...pending.splice(0), ...fromArgv].at(-1);
  if (file) desktop.openPath(file);

  app.on('activate', () => desktop.openWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    // Let the engine stop polling and flush its journal before the process ends.
    event.preventDefault();
    void desktop
      .close()
      .catch((e: unknown) => log(`shutdown: ${String(e)}`))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}
