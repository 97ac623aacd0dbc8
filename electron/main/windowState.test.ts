import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE,
  WINDOW_STATE_FILE,
  clampToDisplays,
  loadWindowState,
  saveWindowState,
  trackWindowState,
} from './windowState';
import { FakeBrowserWindow } from './testing/fakeElectron';

const laptop = { x: 0, y: 0, width: 1440, height: 860 };
const rightMonitor = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('clampToDisplays', () => {
  it('keeps a window that is on a screen', () => {
    const s = { x: 1600, y: 100, width: 1800, height: 1000, maximized: false };
    expect(clampToDisplays(s, [laptop, rightMonitor])).toEqual(s);
  });

  it('drops the position of a window left on an unplugged monitor', () => {
    const s = { x: 1600, y: 100, width: 1200, height: 800, maximized: true };
    expect(clampToDisplays(s, [laptop])).toEqual({
      x: undefined,
      y: undefined,
      width: 1200,
      height: 800,
      maximized: true,
    });
  });

  it('drops the position when the title bar is above the screen', () => {
    const s = { x: 100, y: -500, width: 1000, height: 800, maximized: false };
    expect(clampToDisplays(s, [laptop]).x).toBeUndefined();
  });

  it('shrinks a window larger than every screen', () => {
    const s = { x: 0, y: 0, width: 5000, height: 3000, maximized: false };
    expect(clampToDisplays(s, [laptop])).toMatchObject({ width: 1440, height: 860, x: 0, y: 0 });
  });
});

describe('loadWindowState / saveWindowState', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-win-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('round-trips', async () => {
    const s = { x: 40, y: 30, width: 1300, height: 820, maximized: false };
    await saveWindowState(dir, s);
    expect(loadWindowState(dir, [laptop])).toEqual(s);
  });

  it('uses the default size for a missing, broken or invalid file', async () => {
    expect(loadWindowState(dir, [rightMonitor])).toMatchObject(DEFAULT_SIZE);
    await writeFile(path.join(dir, WINDOW_STATE_FILE), '{not json');
    expect(loadWindowState(dir, [rightMonitor])).toMatchObject(DEFAULT_SIZE);
    await writeFile(path.join(dir, WINDOW_STATE_FILE), '{"width":-5,"height":"tall"}');
    expect(loadWindowState(dir, [rightMonitor])).toMatchObject({ ...DEFAULT_SIZE, x: undefined });
  });

  it('saves the bounds when the window closes and hands the write over, so quitting can wait for it', async () => {
    const win = new FakeBrowserWindow({});
    const writes: Promise<void>[] = [];
    trackWindowState(
      win as never,
      dir,
      () => undefined,
      (w) => writes.push(w),
    );
    win.close();
    expect(writes).toHaveLength(1);
    await writes[0];
    expect(loadWindowState(dir, [laptop])).toEqual({
      x: 10,
      y: 20,
      width: 1200,
      height: 800,
      maximized: false,
    });
  });
});
