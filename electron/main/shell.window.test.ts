import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appPage } from './appPage';
import { contentSecurityPolicy } from './security';
import { fakeEvent } from './testing/fakeElectron';
import { fake, mainDir, root, useShellPerTest, win } from './testing/shellTestKit';
import { SECURE_WEB_PREFERENCES } from './window';

vi.mock('electron', async () =>
  (await import('./testing/fakeElectron')).createFakeElectronInTempDir(),
);

useShellPerTest();

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
