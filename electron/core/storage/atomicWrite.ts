import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** Tests only: runs between the flushed temporary file and the rename (a crash point). */
export interface AtomicWriteHooks {
  beforeRename?(tmp: string): Promise<void> | void;
}

export interface AtomicWriteOptions extends AtomicWriteHooks {
  /** The new file's mode (before the umask); default 0o666, as for any new file. */
  mode?: number;
  /** The mode of folders created on the way; default 0o777. */
  dirMode?: number;
}

/**
 * Writes a file so that readers see the old content or the new, never a mix or an
 * empty file: write a temporary file beside it, flush it to disk, rename it over
 * the target, then flush the folder so the rename itself survives a power loss.
 */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  hooks: AtomicWriteOptions = {},
): Promise<void> {
  const dir = path.dirname(target);
  // The mode is set at creation: the file is never readable by others, not even briefly.
  const tmp = await writeTempFile(dir, path.basename(target), data, hooks.mode ?? 0o666, {
    ...(hooks.dirMode !== undefined ? { mode: hooks.dirMode } : {}),
  });
  try {
    await hooks.beforeRename?.(tmp);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await syncDir(dir);
}

/**
 * Writes `data` to a new hidden temporary file in `dir` (`.<name>.<random>.tmp`) and
 * flushes it to disk; on failure nothing is left behind. The caller renames or links
 * it into place, and removes it if that fails. A missing `dir` is created (with
 * `dirMode`) only when the open says so: the folder nearly always exists, and a
 * hundred results stored at once should not cost a hundred mkdir calls.
 */
export async function writeTempFile(
  dir: string,
  name: string,
  data: string | Uint8Array,
  mode = 0o666,
  dirMode: { mode?: number } = {},
): Promise<string> {
  const tmp = path.join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle;
  try {
    handle = await open(tmp, 'wx', mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await mkdir(dir, { recursive: true, ...dirMode });
    handle = await open(tmp, 'wx', mode);
  }
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  return tmp;
}

/** A folder's flush in progress, and the one queued behind it. */
interface DirSync {
  current: Promise<void>;
  next: Promise<void> | undefined;
}
const dirSyncs = new Map<string, DirSync>();

/**
 * Makes a folder's entries (a rename, a new file) durable, where the platform can.
 * Group commit: a flush that starts after the caller's rename covers it, so callers
 * that arrive while one is on disk share the next one. A hundred results stored in
 * one folder at once cost two flushes, not a hundred.
 */
export function syncDir(dir: string): Promise<void> {
  const pending = dirSyncs.get(dir);
  if (!pending) return startDirSync(dir);
  return (pending.next ??= pending.current.then(() => startDirSync(dir)));
}

function startDirSync(dir: string): Promise<void> {
  const state: DirSync = { current: flushDir(dir), next: undefined };
  dirSyncs.set(dir, state);
  void state.current.then(() => {
    if (dirSyncs.get(dir) === state && !state.next) dirSyncs.delete(dir);
  });
  return state.current;
}

async function flushDir(dir: string): Promise<void> {
  // Not every platform can open a folder for fsync (Windows cannot); the rename has
  // happened either way.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* best effort */
  }
}
