import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserWindow } from 'electron';
import { Menu, app, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import type { CallName, CallOutput } from '../../shared/contract/hostApi';
import { createHostService } from '../core/host';
import type { HostService, KeyStore } from '../core/host';
import type { AppPage } from './appPage';
import { registerAppProtocol } from './appProtocol';
import { registerBlobProtocol } from './blobProtocol';
import { CommandSender } from './menuCommands';
import { nativeDialogs } from './dialogs';
import { startEmulatedProviders } from './emulatorMode';
import type { EmulatedHost } from './emulatorMode';
import { registerHostIpc, sendEvent, trustedSender } from './ipc';
import { safeStorageKeyStore } from './keyStore';
import { menuTemplate } from './menu';
import type { MenuActions } from './menu';
import { RecentFiles } from './recentFiles';
import { UnsavedChangesGuard } from './quitGuard';
import {
  PROJECT_DOCS_URL,
  denyPermissions,
  installContentSecurityPolicy,
  isAllowedExternalUrl,
} from './security';
import { createMainWindow } from './window';
import { serveUserModels } from '../emulator/userModels';
import { userModelsDir } from '../core/catalog/userModels';

export interface ShellOptions {
  page: AppPage;
  /** out/main: the preload, the catalog copy and the icon are found from here. */
  mainDir: string;
  dataDir: string;
  workspaceDir: string;
  emulator: boolean;
  log: (message: string) => void;
}

const DOCS = {
  nodeloom: PROJECT_DOCS_URL,
  runcomfy: 'https://docs.runcomfy.com/',
  runflow: 'https://docs.runflow.io/',
} as const;

/** Calls whose answer names a workflow file the user opened or saved: Open Recent. */
const FILE_CALLS: ReadonlySet<CallName> = new Set([
  'workflow.read',
  'workflow.write',
  'workflow.openDialog',
]);

/**
 * The desktop shell around one host service and one window: IPC, the blob
 * protocol, the menu, OS file hand-offs and the unsaved-changes prompt.
 */
export class DesktopShell {
  private win: BrowserWindow | undefined;
  private service: HostService | undefined;
  private emulated: EmulatedHost | undefined;
  private readonly commands = new CommandSender();
  private readonly recent: RecentFiles;
  private readonly guard: UnsavedChangesGuard;
  private closing: Promise<void> | undefined;
  private windowStateWrite: Promise<void> = Promise.resolve();

  constructor(private readonly options: ShellOptions) {
    this.recent = new RecentFiles(app.getPath('userData'), options.log, () => this.buildMenu());
    this.guard = new UnsavedChangesGuard(dialog, () => this.commands.command('file.save'));
  }

  get window(): BrowserWindow | undefined {
    return this.win && !this.win.isDestroyed() ? this.win : undefined;
  }

  async start(): Promise<void> {
    const { page, log } = this.options;
    const catalogDir = path.join(this.options.mainDir, 'catalog');
    await mkdir(this.options.workspaceDir, { recursive: true });
    let keyStore: KeyStore;
    if (this.options.emulator) {
      this.emulated = await startEmulatedProviders(catalogDir);
      keyStore = this.emulated.keyStore;
      log(`providers are emulated (${this.emulated.emulator.url}): nothing is billed`);
    } else {
      keyStore = safeStorageKeyStore(app.getPath('userData'), safeStorage, { warn: log });
    }
    this.service = await createHostService({
      dataDir: this.emulated ? path.join(this.options.dataDir, 'emulated') : this.options.dataDir,
      workspaceDir: this.options.workspaceDir,
      keyStore,
      emulated: false,
      ...this.emulated?.options,
      nativeDialogs: nativeDialogs(dialog, () => this.window, this.options.workspaceDir),
      version: app.getVersion(),
      owner: 'the desktop app',
      catalogDir,
      // The user's models are theirs with and without --emulator.
      userModelsDir: userModelsDir(this.options.dataDir),
      onWarning: log,
      recentWorkflows: () => this.recent.list(),
      revealFile: (file) => shell.showItemInFolder(file),
    });
    const service = this.service;
    if (this.emulated) await serveUserModels(this.emulated.emulator, service);

    installContentSecurityPolicy(session.defaultSession, page.dev);
    denyPermissions(session.defaultSession, page.isAppUrl);
    if (page.rendererDir) registerAppProtocol(protocol, page.rendererDir);
    registerBlobProtocol(protocol, service);
    registerHostIpc({
      ipcMain,
      handlers: service.handlers,
      isTrusted: trustedSender(() => this.window?.webContents, page.isAppUrl),
      onCallDone: (name, output) => this.callDone(name, output),
      onDirty: (dirty) => this.guard.setDirty(this.window, dirty),
      log,
    });
    service.subscribe((name, payload) => sendEvent(this.window?.webContents, name, payload));
    this.buildMenu();
    this.openWindow();
  }

  /** Shows the window, creating it if needed (macOS keeps the app without one). */
  openWindow(): void {
    if (this.window) {
      if (this.window.isMinimized()) this.window.restore();
      this.window.focus();
      return;
    }
    const win = createMainWindow({
      page: this.options.page,
      preloadPath: path.join(this.options.mainDir, '..', 'preload', 'index.cjs'),
      userDataDir: app.getPath('userData'),
      log: this.options.log,
      onWrite: (write) => (this.windowStateWrite = write),
    });
    this.guard.attach(win);
    win.webContents.on('did-start-loading', () => this.commands.notReady());
    win.webContents.on('did-finish-load', () =>
      this.commands.ready((command) => sendEvent(win.webContents, 'app.command', command)),
    );
    win.on('closed', () => {
      if (this.win === win) this.win = undefined;
      this.commands.notReady();
    });
    this.win = win;
  }

  /** A workflow the OS handed over: the UI opens it (and asks about unsaved changes). */
  openPath(file: string): void {
    void this.recent.add(file);
    app.addRecentDocument(file);
    this.allowFile(file);
    this.commands.openPath(file);
    if (this.service) this.openWindow();
  }

  /** Stops the host service (jobs still at a provider stay in the journal for next time). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.service?.close();
      await this.emulated?.emulator.close();
      // Settings files written in the background (Open Recent, window position) end whole.
      await Promise.all([this.recent.flush(), this.windowStateWrite]);
    })();
    return this.closing;
  }

  private allowFile(file: string): void {
    // The host reads workflows only in folders the user chose; a file handed over
    // by the OS (or Open Recent) is such a choice. Needs the host service's allowPath.
    this.service?.allowPath(file);
  }

  private callDone<K extends CallName>(name: K, output: CallOutput<K>): void {
    if (!FILE_CALLS.has(name) || output === null || typeof output !== 'object') return;
    const file = (output as { path?: unknown }).path;
    if (typeof file === 'string') {
      void this.recent.add(file);
      app.addRecentDocument(file);
    }
  }

  private buildMenu(): void {
    const actions: MenuActions = {
      send: (command) => this.commands.command(command),
      openRecent: (file) => this.openPath(file),
      clearRecent: () => {
        void this.recent.clear();
        app.clearRecentDocuments();
      },
      nativeEdit: (_window, action) => {
        const contents = this.window?.webContents;
        if (contents) contents[action]();
      },
      openDocs: (which) => {
        const url = DOCS[which];
        if (isAllowedExternalUrl(url)) void shell.openExternal(url);
      },
      showAbout: () => app.showAboutPanel(),
    };
    const template = menuTemplate({
      appName: app.getName(),
      platform: process.platform,
      dev: this.options.page.dev,
      recent: this.recent.list(),
      actions,
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }
}
