import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Rectangle } from 'electron';
import { z } from 'zod';
import { writePrivateFile } from '../core/storage/privateFiles';

/** Where the window was and how big, kept across launches (userData/window-state.json). */

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1440, height: 900 };
export const MIN_SIZE = { width: 800, height: 560 };

const WindowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

/** How much of the window must be on a screen for the position to count as visible. */
const MIN_VISIBLE = { width: 160, height: 80 };

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

/**
 * Fits a saved state to the screens there are now: never larger than the largest
 * work area, and placed where it was only if enough of it (the title bar) is on a
 * screen; otherwise without a position, so Electron centres it. A monitor that was
 * unplugged cannot leave the window off-screen.
 */
export function clampToDisplays(state: WindowState, workAreas: Rectangle[]): WindowState {
  if (workAreas.length === 0) return { ...state, x: undefined, y: undefined };
  const maxWidth = Math.max(...workAreas.map((a) => a.width));
  const maxHeight = Math.max(...workAreas.map((a) => a.height));
  const width = Math.max(Math.min(state.width, maxWidth), Math.min(MIN_SIZE.width, maxWidth));
  const height = Math.max(Math.min(state.height, maxHeight), Math.min(MIN_SIZE.height, maxHeight));
  const sized: WindowState = { ...state, width, height };
  if (state.x === undefined || state.y === undefined)
    return { ...sized, x: undefined, y: undefined };
  const bounds = { x: state.x, y: state.y, width, height };
  // The top strip is what the user drags: it has to be reachable.
  const titleBar = { ...bounds, height: Math.min(height, 40) };
  const visible = workAreas.some((area) => {
    const o = overlap(bounds, area);
    return (
      o.width >= Math.min(MIN_VISIBLE.width, width) &&
      o.height >= Math.min(MIN_VISIBLE.height, height) &&
      overlap(titleBar, area).height > 0
    );
  });
  return visible ? sized : { ...sized, x: undefined, y: undefined };
}

/** The saved state, or the default size when there is none or it is unreadable. */
export function loadWindowState(userDataDir: string, workAreas: Rectangle[]): WindowState {
  const fallback: WindowState = { ...DEFAULT_SIZE, maximized: false };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path.join(userDataDir, WINDOW_STATE_FILE), 'utf8'));
  } catch {
    return clampToDisplays(fallback, workAreas);
  }
  const parsed = WindowStateSchema.safeParse(json);
  return clampToDisplays(parsed.success ? parsed.data : fallback, workAreas);
}

export function saveWindowState(userDataDir: string, state: WindowState): Promise<void> {
  return writePrivateFile(
    path.join(userDataDir, WINDOW_STATE_FILE),
    `${JSON.stringify(state, null, 2)}\n`,
  );
}

/**
 * Saves the window's normal (not maximised) bounds shortly after it moves or
 * resizes, and when it closes. Each write is handed to `onWrite` so quitting
 * can wait for the last one.
 */
export function trackWindowState(
  win: BrowserWindow,
  userDataDir: string,
  warn: (message: string) => void,
  onWrite: (write: Promise<void>) => void = () => undefined,
): void {
  let timer: NodeJS.Timeout | undefined;
  const current = (): WindowState => {
    const b = win.getNormalBounds();
    return { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
  };
  const save = (state: WindowState): void => {
    onWrite(
      saveWindowState(userDataDir, state).catch((e: unknown) =>
        warn(`could not save the window position: ${String(e)}`),
      ),
    );
  };
  const later = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!win.isDestroyed()) save(current());
    }, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('close', () => {
    clearTimeout(timer);
    save(current());
  });
}
