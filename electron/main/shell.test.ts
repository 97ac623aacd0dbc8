import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import sharp from 'sharp';
import { sha256 } from '../core/storage/blobStore';
import { BLOB_SCHEME, DIRTY_CHANNEL, EVENT_CHANNEL } from './channels';
import { fake, root, shell, useShellPerTest, win } from './testing/shellTestKit';

vi.mock('electron', async () =>
  (await import('./testing/fakeElectron')).createFakeElectronInTempDir(),
);

useShellPerTest();

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
