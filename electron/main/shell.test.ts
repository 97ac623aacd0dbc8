import { mkdirSync, mkdtempSync } from 'node:fs';
import { cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import * as electron from 'electron';
import sharp from 'sharp';
import { sha256 } from '../core/storage/blobStore';
import { appPage } from './appPage';
import { BLOB_SCHEME, CALL_CHANNEL, DIRTY_CHANNEL, EVENT_CHANNEL } from './channels';
import type { CallReply } from './channels';
import { KEYS_FILE } from './keyStore';
import { DesktopShell } from './shell';
import { contentSecurityPolicy } from './security';
import { fakeEvent } from './testing/fakeElectron';
import type { FakeBrowserWindow, FakeElectron } from './testing/fakeElectron';
import { SECURE_WEB_PREFERENCES } from './window';

vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./testing/fakeElectron');
  const { mkdtempSync } = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const root = mkdtempSync(path.join(os.tmpdir(), 'nodeloom-shell-'));
  return createFakeElectron({ userData: path.join(root, 'user'), documents: root });
});

const fake = electron as unknown as FakeElectron;
const KEY = 'rc-live-0123456789abcdefXYZ';
const root = mkdtempSync(path.join(os.tmpdir(), 'nodeloom-shell-data-'));
const mainDir = path.join(root, 'out', 'main');

let shell: DesktopShell;
let win: FakeBrowserWindow;

/** Starts a shell on an empty userData folder; `prepare` may put files in it first. */
async function start(prepare?: (userData: string) => Promise<void>): Promise<void> {
  const userData = fake.app.getPath('userData');
  await rm(userData, { recursive: true, force: true });
  mkdirSync(userData, { recursive: true });
  await prepare?.(userData);
  fake.ipcMain.handlers.clear();
  fake.ipcMain.channelListeners.clear();
  fake.BrowserWindow.instances.length = 0;
  shell = new DesktopShell({
    page: appPage(mainDir),
    mainDir,
    dataDir: path.join(root, 'data'),
    workspaceDir: path.join(root, 'workspace'),
    emulator: false,
    log: () => undefined,
  });
  // The catalog is copied beside the bundle at build time; tests use the source tree's.
  await mkdir(mainDir, { recursive: true });
  await rm(path.join(mainDir, 'catalog'), { force: true, recursive: true });
  await cp(path.resolve('shared/catalog/models'), path.join(mainDir, 'catalog'), {
    recursive: true,
  });
  await shell.start();
  win = fake.BrowserWindow.instances[0]!;
}

const call = (name: string, input: unknown, frame = win.webContents.mainFrame) =>
  fake.ipcMain.invoke(win.webContents, frame, CALL_CHANNEL, name, input) as Promise<CallReply>;

beforeEach(() => start());
afterEach(() => shell.close());
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the window', () => {
  it('gets exactly the frozen secure preferences, our preload and no DevTools', () => {
    expect(win.options['webPreferences']).toEqual({
      ...SECURE_WEB_PREFERENCES,
      preload: path.join(root, 'out', 'preload', 'index.cjs'),
      devTools: false,
    });
    expect(Object.isFrozen(SECURE_WEB_PREFERENCES)).toBe(true);
    expect(win.loadedUrl).toBe(appPage(mainDir).url);
  });

  // Each setting written out: changing the shared set must fail here, one by one.
  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['experimentalFeatures', false],
    ['navigateOnDragDrop', false],
  ])('the window has %s: %s', (name, value) => {
    const prefs = win.options['webPreferences'] as Record<string, unknown>;
    expect(prefs[name]).toBe(value);
  });

  it('blocks redirects of the page', () => {
    const event = fakeEvent();
    win.webContents.emit('will-redirect', event, 'https://evil.example/');
    expect(event.defaultPrevented).toBe(true);
  });

  it('installs the Content-Security-Policy header on the app page', () => {
    const listener = fake.session.defaultSession.headersListener as
      ((details: object, callback: (r: unknown) => void) => void) | undefined;
    expect(listener).toBeDefined();
    let answer: unknown;
    listener!({ resourceType: 'mainFrame', responseHeaders: {} }, (r) => (answer = r));
    expect(answer).toEqual({
      responseHeaders: { 'Content-Security-Policy': [contentSecurityPolicy(false)] },
    });
  });

  it('answers permission checks with no, except writing the clipboard from our page', () => {
    const check = fake.session.defaultSession.permissionCheck as (...a: unknown[]) => boolean;
    const page = appPage(mainDir).url;
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'serial'])
      expect(check(null, p, page, { requestingUrl: page })).toBe(false);
    expect(check(null, 'clipboard-sanitized-write', page, { requestingUrl: page })).toBe(true);
    const evil = 'https://evil.example/';
    expect(check(null, 'clipboard-sanitized-write', evil, { requestingUrl: evil })).toBe(false);
  });

  it('denies navigation; only allow-listed links go to the system browser', () => {
    const navigate = (url: string) => {
      const event = fakeEvent();
      win.webContents.emit('will-navigate', event, url);
      return event.defaultPrevented;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('https://docs.runcomfy.com/model-apis')).toBe(true);
    const opened = () => fake.calls.filter((c) => c[0] === 'shell.openExternal').map((c) => c[1]);
    expect(opened()).toEqual(['https://docs.runcomfy.com/model-apis']);
  });

  it('denies window.open, opening only allow-listed https docs externally', () => {
    const open = (url: string) => win.webContents.windowOpenHandler!({ url }).action;
    const before = fake.calls.length;
    expect(open('https://docs.runflow.io/models/google/nano-banana-pro/edit')).toBe('deny');
    expect(open('http://docs.runflow.io/')).toBe('deny');
    expect(open('https://docs.runflow.io.evil.example/')).toBe('deny');
    expect(open('file:///etc/passwd')).toBe('deny');
    expect(open('javascript:alert(1)')).toBe('deny');
    const opened = fake.calls.slice(before).filter((c) => c[0] === 'shell.openExternal');
    expect(opened.map((c) => c[1])).toEqual([
      'https://docs.runflow.io/models/google/nano-banana-pro/edit',
    ]);
  });

  it('denies <webview> and permission requests', () => {
    const event = fakeEvent();
    win.webContents.emit('will-attach-webview', event);
    expect(event.defaultPrevented).toBe(true);
    const session = fake.session.defaultSession;
    const answers: boolean[] = [];
    session.permissionRequest!(
      null as never,
      'media' as never,
      ((ok: boolean) => answers.push(ok)) as never,
      { requestingUrl: appPage(mainDir).url } as never,
    );
    session.permissionRequest!(
      null as never,
      'clipboard-sanitized-write' as never,
      ((ok: boolean) => answers.push(ok)) as never,
      { requestingUrl: 'https://evil.example/' } as never,
    );
    expect(answers).toEqual([false, false]);
  });
});

describe('the app page over app://', () => {
  it('loads app://nodeloom/index.html and serves it from the built renderer folder only', async () => {
    expect(win.loadedUrl).toBe('app://nodeloom/index.html');
    const rendererDir = path.join(mainDir, '..', 'renderer');
    await mkdir(rendererDir, { recursive: true });
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Nodeloom</title>');
    const handler = fake.protocol.handlers.get('app')!;
    const page = await handler(new Request('app://nodeloom/index.html'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Nodeloom</title>');
    const outside = await handler(new Request('app://nodeloom/%2e%2e/main/catalog'));
    expect(outside.status).toBe(404);
  });
});

describe('saved images', () => {
  it('the desktop shows saved files in the file manager (app.info says so); unknown paths are refused', async () => {
    expect(await call('app.info', {})).toMatchObject({ ok: true, value: { revealsFiles: true } });
    const reply = await call('output.reveal', { path: '/etc/passwd' });
    expect(reply).toMatchObject({ ok: false });
    expect(fake.calls.filter((c) => c[0] === 'shell.showItemInFolder')).toEqual([]);
  });
});

describe('keys over IPC', () => {
  it('sets a key: the view says keychain, no reply carries the key, keys.json holds ciphertext', async () => {
    const set = await call('keys.set', { provider: 'runcomfy', key: KEY });
    expect(set).toMatchObject({
      ok: true,
      value: { providers: { runcomfy: { keySet: true, keySource: 'keychain' } } },
    });
    const replies = [set];
    for (const name of ['settings.get', 'app.info', 'catalog.get'])
      replies.push(await call(name, {}));
    for (const reply of replies) expect(JSON.stringify(reply)).not.toContain(KEY);
    const events = win.webContents.sent.filter((m) => m[0] === EVENT_CHANNEL);
    expect(JSON.stringify(events)).not.toContain(KEY);

    const file = await readFile(path.join(fake.app.getPath('userData'), KEYS_FILE), 'utf8');
    expect(file).not.toContain(KEY);
    expect(file).not.toContain(Buffer.from(KEY).toString('base64'));
    const stored = JSON.parse(file) as { keys: Record<string, string> };
    expect(fake.safeStorage.decryptString(Buffer.from(stored.keys['runcomfy']!, 'base64'))).toBe(
      KEY,
    );
    if (process.platform !== 'win32') {
      const { mode } = await stat(path.join(fake.app.getPath('userData'), KEYS_FILE));
      expect(mode & 0o777).toBe(0o600);
    }

    const cleared = await call('keys.clear', { provider: 'runcomfy' });
    expect(cleared).toMatchObject({ value: { providers: { runcomfy: { keySet: false } } } });
  });

  it('refuses to store a key when safeStorage cannot encrypt, and says why', async () => {
    fake.safeStorage.available = false;
    try {
      const reply = await call('keys.set', { provider: 'runflow', key: KEY });
      expect(reply).toEqual({
        ok: false,
        message: expect.stringMatching(
          /not saved: the OS keychain is not available.*RUNFLOW_API_KEY/,
        ),
      });
      expect(JSON.stringify(reply)).not.toContain(KEY);
      await expect(readFile(path.join(fake.app.getPath('userData'), KEYS_FILE))).rejects.toThrow();
    } finally {
      fake.safeStorage.available = true;
    }
  });

  it('refuses a pasted key with typographic quotes and stores nothing', async () => {
    const reply = await call('keys.set', { provider: 'runcomfy', key: `\u201c${KEY}\u201d` });
    expect(reply).toEqual({
      ok: false,
      message: expect.stringMatching(/RunComfy key was not saved: it contains typographic quotes/),
    });
    await expect(readFile(path.join(fake.app.getPath('userData'), KEYS_FILE))).rejects.toThrow();
    expect(await call('settings.get', {})).toMatchObject({
      value: { providers: { runcomfy: { keySet: false } } },
    });
  });

  it('starts with an unusable key in keys.json; Settings names it and a new key replaces it', async () => {
    await shell.close();
    await start(async (userData) => {
      const cipher = fake.safeStorage.encryptString(`${KEY} pasted twice`).toString('base64');
      const file = { version: 1, keys: { runcomfy: cipher } };
      await writeFile(path.join(userData, KEYS_FILE), JSON.stringify(file));
    });
    expect(await call('settings.get', {})).toMatchObject({
      ok: true,
      value: {
        providers: {
          runcomfy: {
            keySet: true,
            keyProblem: expect.stringMatching(/RunComfy key contains spaces/),
          },
        },
      },
    });
    const set = await call('keys.set', { provider: 'runcomfy', key: KEY });
    expect(set).toMatchObject({ ok: true, value: { providers: { runcomfy: { keySet: true } } } });
    expect(JSON.stringify(set)).not.toContain('keyProblem');
  });

  it('ignores a key set from a subframe', async () => {
    const reply = await call(
      'keys.set',
      { provider: 'runcomfy', key: KEY },
      win.webContents.subframe(appPage(mainDir).url),
    );
    expect(reply).toMatchObject({ ok: false });
    expect(
      (await call('settings.get', {})) as {
        value: { providers: { runcomfy: { keySet: boolean } } };
      },
    ).toMatchObject({
      value: { providers: { runcomfy: { keySet: false } } },
    });
  });
});

describe('images, menu, files', () => {
  it('serves a stored image by hash over nodeloom-blob:, and nothing else', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const hash = sha256(png);
    const file = path.join(root, 'data', 'blobs', hash.slice(0, 2), hash);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, png);
    const handler = fake.protocol.handlers.get(BLOB_SCHEME)!;
    const ok = await handler(new Request(`${BLOB_SCHEME}://${hash}`));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(png);
    expect((await handler(new Request(`${BLOB_SCHEME}://${'0'.repeat(64)}`))).status).toBe(404);
    expect((await handler(new Request(`${BLOB_SCHEME}://../../etc/passwd`))).status).toBe(400);
  });

  it('serves only images: a stored page or script is refused, never sent', async () => {
    const handler = fake.protocol.handlers.get(BLOB_SCHEME)!;
    for (const text of ['<script>alert(1)</script>', '<!doctype html><p>hi', '%PDF-1.7']) {
      const data = Buffer.from(text);
      const hash = sha256(data);
      const file = path.join(root, 'data', 'blobs', hash.slice(0, 2), hash);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, data);
      const reply = await handler(new Request(`${BLOB_SCHEME}://${hash}`));
      expect(reply.status).toBe(415);
      expect(await reply.text()).not.toContain(text);
    }
  });

  it('serves thumbnails over nodeloom-blob:?thumb=<size> from the host thumbnail cache', async () => {
    const store = async (data: Buffer): Promise<string> => {
      const hash = sha256(data);
      const file = path.join(root, 'data', 'blobs', hash.slice(0, 2), hash);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, data);
      return hash;
    };
    const png = await sharp({
      create: { width: 2048, height: 1152, channels: 3, background: '#1b2a4a' },
    })
      .png()
      .toBuffer();
    const hash = await store(png);
    const handler = fake.protocol.handlers.get(BLOB_SCHEME)!;
    const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

    const ok = await get(`${BLOB_SCHEME}://${hash}?thumb=128`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/webp');
    expect(ok.headers.get('cache-control')).toMatch(/immutable/);
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    const body = Buffer.from(await ok.arrayBuffer());
    expect(await sharp(body).metadata()).toMatchObject({ format: 'webp', width: 128, height: 72 });
    // Cached in the data folder, where the web host finds it too.
    expect(await readFile(path.join(root, 'data', 'thumbs', '128', `${hash}.webp`))).toEqual(body);
    const big = await get(`${BLOB_SCHEME}://${hash}/?thumb=512`);
    expect(await sharp(Buffer.from(await big.arrayBuffer())).metadata()).toMatchObject({
      width: 512,
      height: 288,
    });
    const head = await get(`${BLOB_SCHEME}://${hash}?thumb=256`, 'HEAD');
    expect(head.status).toBe(200);
    expect((await head.arrayBuffer()).byteLength).toBe(0);

    for (const size of ['100', '2048', '0', 'abc', '', '128&x=1'])
      expect((await get(`${BLOB_SCHEME}://${hash}?thumb=${size}`)).status).toBe(400);
    expect((await get(`${BLOB_SCHEME}://${'0'.repeat(64)}?thumb=128`)).status).toBe(404);
    expect((await get(`${BLOB_SCHEME}://../../etc/passwd?thumb=128`)).status).toBe(400);
    const script = await store(Buffer.from('<script>alert(1)</script>'));
    expect((await get(`${BLOB_SCHEME}://${script}?thumb=128`)).status).toBe(415);
    expect((await get(`${BLOB_SCHEME}://${hash}?thumb=128`, 'POST')).status).toBe(405);
  });

  it('menu items send app.command once the page loaded', () => {
    const menu = fake.Menu.current as { template: MenuItemConstructorOptions[] };
    const labels = menu.template.map((m) => m.label);
    expect(labels).toEqual(expect.arrayContaining(['&File', '&Edit', '&View', '&Run', '&Help']));
    const run = (
      menu.template.find((m) => m.label === '&Run')!.submenu as MenuItemConstructorOptions[]
    )[0]!;
    run.click!({} as never, undefined, { triggeredByAccelerator: false } as never);
    expect(win.webContents.sent).toEqual([]);
    win.webContents.emit('did-finish-load');
    expect(win.webContents.sent).toEqual([[EVENT_CHANNEL, 'app.command', { command: 'run.run' }]]);
  });

  it('a file from the OS becomes file.openPath and an Open Recent entry, on disk when the shell closes', async () => {
    win.webContents.emit('did-finish-load');
    shell.openPath('/home/me/flows/portrait.nodeloom');
    expect(win.webContents.sent.at(-1)).toEqual([
      EVENT_CHANNEL,
      'app.command',
      { command: 'file.openPath', path: '/home/me/flows/portrait.nodeloom' },
    ]);
    const menu = fake.Menu.current as { template: MenuItemConstructorOptions[] };
    const file = menu.template.find((m) => m.label === '&File')!
      .submenu as MenuItemConstructorOptions[];
    const recent = file.find((i) => i.label === 'Open &Recent')!
      .submenu as MenuItemConstructorOptions[];
    expect(recent[0]!.label).toBe('portrait.nodeloom');
    // Quitting waits for the list to reach the disk.
    await shell.close();
    const saved = await readFile(path.join(fake.app.getPath('userData'), 'recent.json'), 'utf8');
    expect(JSON.parse(saved)).toMatchObject({ paths: ['/home/me/flows/portrait.nodeloom'] });
  });

  it('asks before closing with unsaved changes; Save closes once the renderer saved', async () => {
    fake.ipcMain.send(win.webContents, win.webContents.mainFrame, DIRTY_CHANNEL, true);
    win.webContents.emit('did-finish-load');
    fake.dialog.messageBoxResponse = 0; // Save
    win.close();
    expect(win.isDestroyed()).toBe(false);
    await vi.waitFor(() =>
      expect(win.webContents.sent.at(-1)).toEqual([
        EVENT_CHANNEL,
        'app.command',
        { command: 'file.save' },
      ]),
    );
    fake.ipcMain.send(win.webContents, win.webContents.mainFrame, DIRTY_CHANNEL, false);
    expect(win.isDestroyed()).toBe(true);
  });

  it("closes at once after Don't Save, and stays open on Cancel", async () => {
    fake.ipcMain.send(win.webContents, win.webContents.mainFrame, DIRTY_CHANNEL, true);
    fake.dialog.messageBoxResponse = 2; // Cancel
    const asked = () => fake.calls.filter((c) => c[0] === 'dialog.showMessageBox').length;
    const before = asked();
    win.close();
    // The guard awaited this answer before the test did, so it has acted on it.
    await fake.dialog.answered;
    expect(asked()).toBe(before + 1);
    expect(win.isDestroyed()).toBe(false);
    fake.dialog.messageBoxResponse = 1; // Don't Save
    win.close();
    await vi.waitFor(() => expect(win.isDestroyed()).toBe(true));
  });
});
