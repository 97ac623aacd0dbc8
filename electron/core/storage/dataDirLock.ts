import { readFile, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { openPrivateFile, securePrivateRoot } from './privateFiles';
import { z } from 'zod';

/**
 * One process at a time per data folder. Its job journal, result cache and run
 * history assume a single engine: two engines on one folder could each resume the
 * other's in-flight jobs, compact the journal under the other's appends, or send
 * the same paid job twice (in-flight jobs are shared only within a process).
 *
 * A lock file names its owner. It is taken over when stale: its process is gone,
 * or it stopped refreshing the file (a reused pid after a reboot looks alive).
 */

export const LOCK_FILE = 'nodeloom.lock';
const HEARTBEAT_MS = 10_000;
/** Three missed heartbeats: the owner is gone even if its pid is alive again. */
export const STALE_AFTER_MS = 3 * HEARTBEAT_MS;

const LockInfo = z.object({
  pid: z.number().int(),
  owner: z.string(),
  since: z.number(),
});
type LockInfo = z.infer<typeof LockInfo>;

/** The data folder is in use by another live process. */
export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `another Nodeloom process (${holder.owner}, pid ${holder.pid}) is using the data folder ${dataDir}; ` +
        'its job journal and cache serve one process at a time. Close it, or set NODELOOM_DATA_DIR to another folder',
    );
    this.name = 'DataDirBusyError';
  }
}

export interface DataDirLock {
  readonly file: string;
  release(): Promise<void>;
}

export interface LockOptions {
  /** Who holds it, for the message another process shows ("the desktop app", "the CLI"). */
  owner: string;
  /** Tests: whether a pid is alive, and the clock. */
  alive?: (pid: number) => boolean;
  now?: () => number;
  heartbeatMs?: number;
}

/** Takes the data folder's lock, or throws DataDirBusyError naming the holder. */
export async function lockDataDir(dataDir: string, options: LockOptions): Promise<DataDirLock> {
  const file = path.join(dataDir, LOCK_FILE);
  const now = options.now ?? Date.now;
  const alive = options.alive ?? pidAlive;
  await securePrivateRoot(dataDir);
  const mine: LockInfo = { pid: process.pid, owner: options.owner, since: now() };
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await openPrivateFile(file, 'wx');
      try {
        await handle.writeFile(`${JSON.stringify(mine)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      const holder = await readHolder(file);
      if (holder && !(await isStale(file, holder, alive, now))) {
        throw new DataDirBusyError(dataDir, holder);
      }
      // Stale (or unreadable, e.g. torn by a crash mid-write): take it over.
      await rm(file, { force: true });
    }
  }
  const beat = setInterval(() => {
    const t = new Date(now());
    void utimes(file, t, t).catch(() => undefined);
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  beat.unref();
  let released = false;
  return {
    file,
    async release() {
      if (released) return;
      released = true;
      clearInterval(beat);
      // Only our own lock: another process may have taken over a stale one.
      const holder = await readHolder(file);
      if (holder?.pid === mine.pid && holder.since === mine.since) await rm(file, { force: true });
    },
  };
}

async function readHolder(file: string): Promise<LockInfo | null> {
  try {
    const parsed = LockInfo.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function isStale(
  file: string,
  holder: LockInfo,
  alive: (pid: number) => boolean,
  now: () => number,
): Promise<boolean> {
  if (holder.pid !== process.pid && !alive(holder.pid)) return true;
  try {
    return now() - (await stat(file)).mtimeMs > STALE_AFTER_MS;
  } catch {
    return true;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, it is just not ours to signal.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
