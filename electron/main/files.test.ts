import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobHashOf, parseBlobUrl } from './blobProtocol';
import { CommandSender } from './menuCommands';
import { nativeDialogs } from './dialogs';
import { workflowPathsFromArgv } from './openFiles';
import { RECENT_FILE, RecentFiles } from './recentFiles';
import { createFakeElectron } from './testing/fakeElectron';

describe('workflowPathsFromArgv', () => {
  it('finds .nodeloom files, skipping switches and the app', () => {
    expect(
      workflowPathsFromArgv(
        [
          '/opt/Nodeloom/nodeloom',
          '--no-sandbox',
          '.',
          'flows/a.nodeloom',
          '/abs/B.NODELOOM',
          'x.png',
        ],
        '/home/me',
      ),
    ).toEqual(['/home/me/flows/a.nodeloom', '/abs/B.NODELOOM']);
    expect(workflowPathsFromArgv(['app', 'file:///home/me/My%20Flow.nodeloom'], '/')).toEqual([
      '/home/me/My Flow.nodeloom',
    ]);
  });
});

describe('CommandSender', () => {
  it('holds commands until the page loaded, and again while it reloads', () => {
    const sender = new CommandSender();
    const got: unknown[] = [];
    sender.openPath('/a.nodeloom');
    sender.ready((c) => got.push(c));
    sender.command('file.save');
    sender.notReady();
    sender.command('run.run');
    expect(got).toEqual([
      { command: 'file.openPath', path: '/a.nodeloom' },
      { command: 'file.save' },
    ]);
    sender.ready((c) => got.push(c));
    expect(got.at(-1)).toEqual({ command: 'run.run' });
  });
});

describe('RecentFiles', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-recent-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps existing workflows, newest first, without duplicates', async () => {
    const a = path.join(dir, 'a.nodeloom');
    const b = path.join(dir, 'b.nodeloom');
    await writeFile(a, '{}');
    await writeFile(b, '{}');
    const recent = new RecentFiles(dir);
    await recent.add(a);
    await recent.add(b);
    await recent.add(a);
    await recent.add('relative.nodeloom');
    await recent.add(path.join(dir, 'image.png'));
    expect(recent.list()).toEqual([a, b]);
    await rm(b);
    expect(new RecentFiles(dir).list()).toEqual([a]);
    await recent.clear();
    expect(JSON.parse(await readFile(path.join(dir, RECENT_FILE), 'utf8'))).toEqual({
      version: 1,
      paths: [],
    });
  });
});

describe('nativeDialogs', () => {
  it('returns the chosen file or null, and saves under a name, never a path', async () => {
    const { dialog } = createFakeElectron();
    const dialogs = nativeDialogs(dialog as never, () => undefined, '/work');
    expect(await dialogs.openWorkflow()).toBeNull();
    dialog.openPaths = ['/elsewhere/x.nodeloom'];
    expect(await dialogs.openWorkflow()).toBe('/elsewhere/x.nodeloom');
    let defaultPath = '';
    dialog.showSaveDialog = async (options: { defaultPath: string }) => {
      defaultPath = options.defaultPath;
      return { canceled: false, filePath: '/elsewhere/y.nodeloom' };
    };
    expect(await dialogs.saveWorkflow('../../etc/evil.nodeloom')).toBe('/elsewhere/y.nodeloom');
    expect(defaultPath).toBe('/elsewhere/evil.nodeloom');
  });

  it('chooses an image for Load Image, or null when cancelled', async () => {
    const { dialog } = createFakeElectron();
    const dialogs = nativeDialogs(dialog as never, () => undefined, '/work');
    expect(await dialogs.openImage()).toBeNull();
    dialog.openPaths = ['/pictures/cat.png'];
    expect(await dialogs.openImage()).toBe('/pictures/cat.png');
  });
});

describe('blob URLs', () => {
  const hash = 'ab'.repeat(32);
  it('accept only a sha256', () => {
    expect(blobHashOf(`nodeloom-blob://${hash}`)).toBe(hash);
    expect(blobHashOf(`nodeloom-blob://${hash.toUpperCase()}/`)).toBe(hash);
    for (const bad of [
      'nodeloom-blob://../../etc/passwd',
      `nodeloom-blob://${hash}/../x`,
      `nodeloom-blob://${hash}0`,
      `file://${hash}`,
    ])
      expect(blobHashOf(bad)).toBeUndefined();
  });

  it('name a thumbnail with ?thumb=<size>, and nothing else after the hash', () => {
    expect(parseBlobUrl(`nodeloom-blob://${hash}`)).toEqual({ hash });
    expect(parseBlobUrl(`nodeloom-blob://${hash}?thumb=256`)).toEqual({ hash, thumb: 256 });
    expect(parseBlobUrl(`nodeloom-blob://${hash}/?thumb=128`)).toEqual({ hash, thumb: 128 });
    // A thumbnail URL is not the full image.
    expect(blobHashOf(`nodeloom-blob://${hash}?thumb=256`)).toBeUndefined();
    for (const bad of [
      `nodeloom-blob://${hash}?thumb=`,
      `nodeloom-blob://${hash}?thumb=-1`,
      `nodeloom-blob://${hash}?thumb=256&x=1`,
      `nodeloom-blob://${hash}?size=256`,
      `nodeloom-blob://${hash}/../x?thumb=256`,
      `nodeloom-blob://../../etc/passwd?thumb=256`,
    ])
      expect(parseBlobUrl(bad)).toBeUndefined();
  });
});
