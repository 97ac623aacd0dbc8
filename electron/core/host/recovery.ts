import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { HostHandlers } from '../../../shared/contract/hostApi';
import { RecoveryEntrySchema } from '../../../shared/contract/hostApi';
import { writePrivateFile } from '../storage/privateFiles';
import { sha256 } from '../storage/blobStore';

type RecoveryHandlers = Pick<HostHandlers, 'recovery.save' | 'recovery.list' | 'recovery.discard'>;

/**
 * A file name for a key: a readable prefix plus a hash, so no key can name a path
 * outside the folder and two keys that clean up alike still get their own file.
 */
export function recoveryFileName(key: string): string {
  const readable = key.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40);
  const hash = sha256(key).slice(0, 16);
  return `${readable}-${hash}.json`;
}

/** A finished copy; an autosave in progress is a hidden temporary file until its rename. */
export const isRecoveryEntryFile = (name: string): boolean =>
  name.endsWith('.json') && !name.startsWith('.');

/**
 * Autosaved copies of unsaved edits in dataDir/recovery/: written atomically, so a
 * crash mid-autosave leaves the previous copy; read back through the schema, so a
 * damaged file is skipped (and reported) rather than offered.
 */
export function recoveryHandlers(dataDir: string, warn: (m: string) => void): RecoveryHandlers {
  const dir = path.join(dataDir, 'recovery');
  const fileOf = (key: string): string => path.join(dir, recoveryFileName(key));
  /** Saves of each key, one after the other (the check below reads what the last wrote). */
  const saving = new Map<string, Promise<unknown>>();
  const storedAt = async (key: string): Promise<number> => {
    try {
      const raw: unknown = JSON.parse(await readFile(fileOf(key), 'utf8'));
      return RecoveryEntrySchema.safeParse(raw).data?.savedAt ?? -Infinity;
    } catch {
      return -Infinity;
    }
  };
  return {
    /**
     * Keeps the newest copy by savedAt: a copy sent as the page closed may overtake
     * an older one still on its way, which must not replace it.
     */
    async 'recovery.save'(entry) {
      const write = async (): Promise<void> => {
        if ((await storedAt(entry.key)) > entry.savedAt) return;
        await writePrivateFile(fileOf(entry.key), JSON.stringify(entry));
      };
      const done = (saving.get(entry.key) ?? Promise.resolve()).then(write, write);
      saving.set(entry.key, done);
      try {
        await done;
      } finally {
        if (saving.get(entry.key) === done) saving.delete(entry.key);
      }
      return { ok: true };
    },

    async 'recovery.list'() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return { entries: [] }; // nothing autosaved yet
      }
      const entries = [];
      for (const name of names.filter(isRecoveryEntryFile)) {
        try {
          const raw: unknown = JSON.parse(await readFile(path.join(dir, name), 'utf8'));
          const parsed = RecoveryEntrySchema.safeParse(raw);
          if (parsed.success) entries.push(parsed.data);
          else warn(`recovery: skipped ${name}: not a recovery entry`);
        } catch (e) {
          warn(`recovery: skipped ${name}: ${(e as Error).message}`);
        }
      }
      entries.sort((a, b) => a.savedAt - b.savedAt);
      return { entries };
    },

    async 'recovery.discard'({ key }) {
      await rm(fileOf(key), { force: true });
      return { ok: true };
    },
  };
}
