import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Tests only: runs between the flushed temporary file and the rename (a crash point). */
export interface AtomicWriteHooks {
  beforeRename?(tmp: string): Promise<void> | void;
}

/**
 * Writes a file so that readers see the old content or the new, never a mix or an
 * empty file: write a temporary file beside it, flush it to disk, rename it over
 * the target, then flush the folder so the rename itself survives a power loss.
 */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  hooks: AtomicWriteHooks = {},
): Promise<void> {
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await hooks.beforeRename?.(tmp);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await syncDir(dir);
}

/** Per folder: the fsync running now, and the one queued behind it. */
const dirSyncs = new Map<string, { running: Promise<void>; next?: Promise<void> }>();

/**
 * Makes a folder's entries (a rename, a new file) durable, where the platform can.
 * Calls for one folder share fsyncs (group commit): a call waits for an fsync that
 * starts after it, so twenty results landing in the cache at once cost two folder
 * syncs, not twenty.
 */
export function syncDir(dir: string): Promise<void> {
  const key = path.resolve(dir);
  const state = dirSyncs.get(key);
  if (!state) {
    const running = fsyncDir(key).finally(() => advance(key));
    dirSyncs.set(key, { running });
    return running;
  }
  // One is running: it may have started before our rename, so join the next one.
  state.next ??= state.running.then(() => fsyncDir(key));
  return state.next;
}

/** The running fsync ended: the queued one (if any) becomes the running one. */
function advance(key: string): void {
  const state = dirSyncs.get(key);
  if (!state) return;
  if (!state.next) {
    dirSyncs.delete(key);
    return;
  }
  const running = state.next.finally(() => advance(key));
  dirSyncs.set(key, { running });
}

async function fsyncDir(dir: string): Promise<void> {
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
