import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DataDirBusyError, LOCK_FILE, STALE_AFTER_MS, lockDataDir } from './dataDirLock';
import type { DataDirLock } from './dataDirLock';

let dir: string;
const held: DataDirLock[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-lock-'));
});
afterEach(async () => {
  for (const l of held.splice(0)) await l.release();
  await rm(dir, { recursive: true, force: true });
});

const take = async (owner: string, extra: Parameters<typeof lockDataDir>[1] = { owner }) => {
  const lock = await lockDataDir(dir, { ...extra, owner });
  held.push(lock);
  return lock;
};
/** A lock file as another process leaves it. */
const foreign = (pid: number, owner = 'the desktop app') =>
  writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid, owner, since: 1 }));

describe('data folder lock', () => {
  it('refuses a second holder, naming the first; free again once released', async () => {
    const first = await take('the desktop app');
    const e = await lockDataDir(dir, { owner: 'the nodeloom CLI' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataDirBusyError);
    expect((e as Error).message).toContain(`the desktop app, pid ${process.pid}`);
    expect((e as Error).message).toContain(dir);
    expect((e as Error).message).toContain('NODELOOM_DATA_DIR');
    await first.release();
    await expect(take('the nodeloom CLI')).resolves.toBeDefined();
  });

  it('refuses while another live process refreshes its lock', async () => {
    await foreign(4242);
    const e = await lockDataDir(dir, { owner: 'cli', alive: () => true }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataDirBusyError);
    expect((e as DataDirBusyError).holder).toMatchObject({ pid: 4242, owner: 'the desktop app' });
  });

  it('takes over the lock of a process that is gone', async () => {
    await foreign(4242);
    await take('cli', { owner: 'cli', alive: () => false });
    expect(JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8'))).toMatchObject({
      pid: process.pid,
      owner: 'cli',
    });
  });

  it('takes over a lock whose owner stopped refreshing it, even if its pid is alive again (a reboot)', async () => {
    await foreign(4242);
    const old = new Date(Date.now() - STALE_AFTER_MS - 1000);
    await utimes(path.join(dir, LOCK_FILE), old, old);
    await expect(take('cli', { owner: 'cli', alive: () => true })).resolves.toBeDefined();
  });

  it('takes over a lock file torn by a crash', async () => {
    await writeFile(path.join(dir, LOCK_FILE), '{"pid": 42');
    await expect(take('cli')).resolves.toBeDefined();
  });

  it('keeps its lock fresh while held, and releasing leaves a lock taken over by another alone', async () => {
    const lock = await take('app', { owner: 'app', heartbeatMs: 20 });
    const file = path.join(dir, LOCK_FILE);
    const old = new Date(Date.now() - 60_000);
    await utimes(file, old, old);
    await vi.waitFor(async () => expect((await stat(file)).mtimeMs).toBeGreaterThan(old.getTime()));
    // Someone judged it stale and took over: our release must not remove theirs.
    await foreign(4242, 'the web host');
    await lock.release();
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: 4242 });
  });
});
