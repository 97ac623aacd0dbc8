import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Test doubles of the Electron APIs the shell uses, for `vi.mock('electron', ...)`:
 * the binary cannot be had on every machine, so the shell is tested against these.
 * They record what was asked of them; nothing here runs in the app.
 */

type Listener = (...args: never[]) => unknown;

export class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  removeListener(event: string, listener: Listener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== listener),
    );
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  }
}

/** An Electron-like event whose preventDefault is recorded. */
export const fakeEvent = (): { defaultPrevented: boolean; preventDefault(): void } => ({
  defaultPrevented: false,
  preventDefault() {
    this.defaultPrevented = true;
  },
});

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  frameTreeNodeId: number;
  detached: boolean;
}

let nextId = 1;

export class FakeWebContents extends FakeEmitter {
  readonly id = nextId++;
  readonly mainFrame: FakeFrame = {
    url: '',
    parent: null,
    frameTreeNodeId: nextId++,
    detached: false,
  };
  readonly sent: unknown[][] = [];
  readonly edits: string[] = [];
  windowOpenHandler?: (details: { url: string }) => { action: string };
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  undo(): void {
    this.edits.push('undo');
  }
  redo(): void {
    this.edits.push('redo');
  }
  cut(): void {
    this.edits.push('cut');
  }
  copy(): void {
    this.edits.push('copy');
  }
  paste(): void {
    this.edits.push('paste');
  }
  selectAll(): void {
    this.edits.push('selectAll');
  }
  /** A subframe of this page (an iframe), at `url`. */
  subframe(url: string): FakeFrame {
    return { url, parent: this.mainFrame, frameTreeNodeId: nextId++, detached: false };
  }
}

export class FakeBrowserWindow extends FakeEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly id = nextId++;
  destroyed = false;
  shown = false;
  maximized = false;
  loadedUrl: string | undefined;

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { x: 10, y: 20, width: 1200, height: 800 };
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.maximized = true;
  }
  show(): void {
    this.shown = true;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Like Electron: 'close' may be prevented; otherwise the window goes away. */
  close(): void {
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

/** safeStorage stand-in: reversible, and the ciphertext never contains the plain text. */
export class FakeSafeStorage {
  available = true;
  backend = 'gnome_libsecret';
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  encryptString(plain: string): Buffer {
    return Buffer.from([0x01, ...Buffer.from(plain, 'utf8').map((b) => b ^ 0xa5)]);
  }
  decryptString(cipher: Buffer): string {
    if (cipher[0] !== 0x01) throw new Error('not ours');
    return Buffer.from(cipher.subarray(1).map((b) => b ^ 0xa5)).toString('utf8');
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
}

export class FakeIpcMain {
  readonly handlers = new Map<string, Listener>();
  readonly channelListeners = new Map<string, Listener[]>();
  handle(channel: string, handler: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  on(channel: string, listener: Listener): this {
    this.channelListeners.set(channel, [...(this.channelListeners.get(channel) ?? []), listener]);
    return this;
  }
  removeListener(channel: string, listener: Listener): this {
    this.channelListeners.set(
      channel,
      (this.channelListeners.get(channel) ?? []).filter((l) => l !== listener),
    );
    return this;
  }
  /** What ipcRenderer.invoke from `frame` of `contents` would get. */
  invoke(contents: FakeWebContents, frame: FakeFrame | null, channel: string, ...args: unknown[]) {
    const handler = this.handlers.get(channel) as ((...a: unknown[]) => unknown) | undefined;
    if (!handler) throw new Error(`no handler for ${channel}`);
    return Promise.resolve(handler({ sender: contents, senderFrame: frame }, ...args));
  }
  send(contents: FakeWebContents, frame: FakeFrame | null, channel: string, ...args: unknown[]) {
    for (const l of this.channelListeners.get(channel) ?? [])
      (l as (...a: unknown[]) => unknown)({ sender: contents, senderFrame: frame }, ...args);
  }
}

export class FakeSession {
  headersListener?: Listener;
  permissionRequest?: Listener;
  permissionCheck?: Listener;
  devicePermission?: Listener;
  readonly webRequest = {
    onHeadersReceived: (listener: Listener): void => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(h: Listener): void {
    this.permissionRequest = h;
  }
  setPermissionCheckHandler(h: Listener): void {
    this.permissionCheck = h;
  }
  setDevicePermissionHandler(h: Listener): void {
    this.devicePermission = h;
  }
}

/** Every fake, shaped like the `electron` module's exports. */
export function createFakeElectron(paths: Record<string, string> = {}) {
  const calls: Array<[string, ...unknown[]]> = [];
  const record =
    (name: string, result?: unknown) =>
    (...args: unknown[]) => {
      calls.push([name, ...args]);
      return result;
    };
  const app = Object.assign(new FakeEmitter(), {
    paths: { ...paths },
    isPackaged: false,
    getPath(name: string): string {
      const p = this.paths[name];
      if (!p) throw new Error(`no fake path for ${name}`);
      return p;
    },
    setPath(name: string, value: string): void {
      this.paths[name] = value;
    },
    getVersion: () => '0.1.0-test',
    getName: () => 'Nodeloom',
    addRecentDocument: record('app.addRecentDocument'),
    clearRecentDocuments: record('app.clearRecentDocuments'),
    showAboutPanel: record('app.showAboutPanel'),
    setAboutPanelOptions: record('app.setAboutPanelOptions'),
    enableSandbox: record('app.enableSandbox'),
    // Another instance holds the lock: importing the main entry point then quits
    // instead of starting a shell.
    requestSingleInstanceLock: record('app.requestSingleInstanceLock', false),
    quit: record('app.quit'),
    whenReady: () => new Promise<void>(() => undefined),
  });
  return {
    calls,
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: new FakeIpcMain(),
    safeStorage: new FakeSafeStorage(),
    session: { defaultSession: new FakeSession() },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    shell: {
      openExternal: async (url: string) => void calls.push(['shell.openExternal', url]),
      showItemInFolder: (file: string) => void calls.push(['shell.showItemInFolder', file]),
    },
    dialog: {
      messageBoxResponse: 0,
      openPaths: [] as string[],
      savePath: undefined as string | undefined,
      /** The answer of the last message box: awaiting it lets its asker act first. */
      answered: undefined as Promise<unknown> | undefined,
      showMessageBox(..._args: unknown[]) {
        calls.push(['dialog.showMessageBox']);
        const answer = Promise.resolve({
          response: this.messageBoxResponse,
          checkboxChecked: false,
        });
        this.answered = answer;
        return answer;
      },
      async showOpenDialog(..._args: unknown[]) {
        return { canceled: this.openPaths.length === 0, filePaths: this.openPaths };
      },
      async showSaveDialog(..._args: unknown[]) {
        return { canceled: this.savePath === undefined, filePath: this.savePath ?? '' };
      },
      showErrorBox: record('dialog.showErrorBox'),
    },
    protocol: {
      handlers: new Map<string, (request: Request) => Promise<Response>>(),
      handle(scheme: string, handler: (request: Request) => Promise<Response>): void {
        this.handlers.set(scheme, handler);
      },
      registerSchemesAsPrivileged: record('protocol.registerSchemesAsPrivileged'),
    },
    Menu: {
      current: undefined as unknown,
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu(menu: unknown): void {
        this.current = menu;
      },
    },
  };
}
export type FakeElectron = ReturnType<typeof createFakeElectron>;

/**
 * The fakes with userData and Documents in a fresh temporary folder, for a test file's
 * `vi.mock('electron', async () => (await import(...)).createFakeElectronInTempDir())`.
 */
export function createFakeElectronInTempDir(): FakeElectron {
  const root = mkdtempSync(path.join(os.tmpdir(), 'nodeloom-shell-'));
  return createFakeElectron({ userData: path.join(root, 'user'), documents: root });
}
