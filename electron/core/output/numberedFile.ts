import { link, mkdir, open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeTempFile } from '../storage/atomicWrite';

/** Digits of the counter: `portrait_00001.png`, as ComfyUI names its outputs. */
export const COUNTER_DIGITS = 5;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The highest counter among `names` that belong to `prefix` (`<prefix>_<digits>`
 * followed by an extension or `_`), or 0. Any extension counts, so a JPEG and a PNG
 * of one prefix never share a number.
 */
export function highestCounter(names: readonly string[], prefix: string): number {
  const own = new RegExp(`^${escapeRegExp(prefix)}_(\\d{${COUNTER_DIGITS},})(?:[._]|$)`);
  let highest = 0;
  for (const name of names) {
    const m = own.exec(name);
    if (m) highest = Math.max(highest, Number(m[1]));
  }
  return highest;
}

export const numberedName = (prefix: string, counter: number, ext: string): string =>
  `${prefix}_${String(counter).padStart(COUNTER_DIGITS, '0')}${ext}`;

/** Errors that mean "this file system has no hard links": write in place instead. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/**
 * Claims `target` for `tmp`'s content only if no file has that name: a hard link is
 * created exclusively and atomically, so a reader never sees a half-written image
 * and no writer (this process or another) can ever replace a file. Where the file
 * system has no hard links, the target is created with O_EXCL ('wx') and written.
 */
async function claim(tmp: string, target: string, bytes: Uint8Array): Promise<boolean> {
  try {
    await link(tmp, target);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!NO_LINKS.has(code)) throw e;
  }
  let handle;
  try {
    handle = await open(target, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * Writes `bytes` as `<dir>/<prefix>_<NNNNN><ext>`, one more than the highest
 * counter of that prefix already in the folder, and never over an existing file:
 * when another writer takes the number first, the next one is tried. Returns the
 * file written.
 */
export async function writeNumberedFile(
  dir: string,
  prefix: string,
  ext: string,
  bytes: Uint8Array,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const tmp = await writeTempFile(dir, prefix, bytes);
  try {
    let counter = highestCounter(await readdir(dir), prefix) + 1;
    // Each refusal means a number was just taken: move on; re-read the folder now and
    // then in case many files arrived at once.
    for (let attempt = 1; ; attempt++) {
      const target = path.join(dir, numberedName(prefix, counter, ext));
      if (await claim(tmp, target, bytes)) return target;
      counter =
        attempt % 16 === 0
          ? Math.max(counter, highestCounter(await readdir(dir), prefix)) + 1
          : counter + 1;
    }
  } finally {
    await rm(tmp, { force: true });
  }
}
