import { mkdirSync, mkdtempSync } from 'node:fs';
import { cp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as electron from 'electron';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { appPage } from '../appPage';
import { CALL_CHANNEL } from '../channels';
import type { CallReply } from '../channels';
import { DesktopShell } from '../shell';
import type { FakeBrowserWindow, FakeElectron } from './fakeElectron';

/**
 * Test kit for the DesktopShell tests: a shell started on an empty userData folder
 * before each test, its window, and calls over IPC from the window's page. A file that
 * uses it mocks 'electron' with createFakeElectronInTempDir (vi.mock cannot be shared).
 */

export const fake = electron as unknown as FakeElectron;
export const root = mkdtempSync(path.join(os.tmpdir(), 'nodeloom-shell-data-'));
export const mainDir = path.join(root, 'out', 'main');

// Live bindings: each test sees the shell and window its own start() made.
export let shell: DesktopShell;
export let win: FakeBrowserWindow;

/** Starts a shell on an empty userData folder; `prepare` may put files in it first. */
export async function start(prepare?: (userData: string) => Promise<void>): Promise<void> {
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

export const call = (name: string, input: unknown, frame = win.webContents.mainFrame) =>
  fake.ipcMain.invoke(win.webContents, frame, CALL_CHANNEL, name, input) as Promise<CallReply>;

/** Starts the shell before each test and closes it after; removes the folders at the end. */
export function useShellPerTest(): void {
  beforeEach(() => start());
  afterEach(() => shell.close());
  afterAll(() => rm(root, { recursive: true, force: true }));
}
