import { chmod, mkdir, open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { writeFileAtomic } from './atomicWrite';
import type { AtomicWriteHooks } from './atomicWrite';

/**
 * The data folder (run history, images, cache, journal, settings, keys) is the
 * user's alone: folders 0700 and files 0600, like keys.json. Everything written
 * into it is created here. Files the user chose (workflows, saved outputs) are not
 * private and keep the usual modes.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates a private folder (and its missing parents) if needed. */
export async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * The data folder itself: created private, and made private when an older version
 * created it 0755 (closing the top folder closes everything inside to others).
 */
export async function securePrivateRoot(dir: string): Promise<void> {
  await makePrivateDir(dir);
  // Not supported everywhere (Windows keeps ACLs); the folder exists either way.
  await chmod(dir, PRIVATE_DIR_MODE).catch(() => undefined);
}

/** writeFileAtomic for a file in the data folder. */
export function writePrivateFile(
  target: string,
  data: string | Uint8Array,
  hooks: AtomicWriteHooks = {},
): Promise<void> {
  return writeFileAtomic(target, data, {
    ...hooks,
    mode: PRIVATE_FILE_MODE,
    dirMode: PRIVATE_DIR_MODE,
  });
}

/** Opens (creating it private when missing) a file in the data folder. */
export function openPrivateFile(file: string, flags: 'a' | 'wx'): Promise<FileHandle> {
  return open(file, flags, PRIVATE_FILE_MODE);
}
