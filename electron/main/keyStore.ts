import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PROVIDER_NAMES, ProviderIdSchema } from '../../shared/catalog/model';
import type { ProviderId } from '../../shared/catalog/model';
import type { KeySource, KeyStore } from '../core/host';
import { PROVIDER_ENV } from '../core/providers/config';
import { writePrivateFile } from '../core/storage/privateFiles';

/** The part of Electron's safeStorage this uses (a fake in tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which keyring encrypts; `basic_text` means none does. */
  getSelectedStorageBackend?(): string;
}

export const KEYS_FILE = 'keys.json';

/** keys.json: base64 of safeStorage ciphertext per provider; never a plain key. */
const KeysFileSchema = z.object({
  version: z.literal(1),
  keys: z.partialRecord(ProviderIdSchema, z.base64().min(1)),
});
type KeysFile = z.infer<typeof KeysFileSchema>;

/** Why a key cannot be stored safely on this machine, or undefined when it can. */
export function encryptionProblem(safeStorage: SafeStorageLike): string | undefined {
  if (!safeStorage.isEncryptionAvailable())
    return 'the OS keychain is not available to Nodeloom, so the key could not be encrypted';
  // On Linux without a keyring Electron "encrypts" with a fixed password: no better than plain text.
  if (safeStorage.getSelectedStorageBackend?.() === 'basic_text')
    return 'no OS keyring (GNOME Keyring / KWallet) is running, so the key could only be stored unencrypted';
  return undefined;
}

export interface SafeStorageKeyStoreOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** Problems to tell the user about; never given a key. */
  warn?: (message: string) => void;
}

/**
 * The desktop KeyStore: keys typed in Settings are encrypted with Electron's
 * safeStorage (the OS keychain) into userData/keys.json; RUNCOMFY_API_KEY /
 * RUNFLOW_API_KEY are the fallback. Decrypted keys live only in this process's
 * memory: they are never logged and no IPC reply carries them.
 */
export function safeStorageKeyStore(
  userDataDir: string,
  safeStorage: SafeStorageLike,
  options: SafeStorageKeyStoreOptions = {},
): KeyStore {
  const env = options.env ?? process.env;
  const warn = options.warn ?? ((m: string) => console.warn(`warning: ${m}`));
  const file = path.join(userDataDir, KEYS_FILE);
  let stored: KeysFile = readKeysFile(file, warn);
  const plain = new Map<ProviderId, string>();
  // "Clear" also hides an environment key for this session, so the UI's "no key" is true.
  const hidden = new Set<ProviderId>();
  let writing: Promise<void> = Promise.resolve();

  const fromKeychain = (p: ProviderId): string | undefined => {
    if (plain.has(p)) return plain.get(p);
    const cipher = stored.keys[p];
    if (!cipher) return undefined;
    try {
      const key = safeStorage.decryptString(Buffer.from(cipher, 'base64'));
      plain.set(p, key);
      return key;
    } catch {
      warn(`the saved ${PROVIDER_NAMES[p]} key could not be decrypted; enter it again`);
      return undefined;
    }
  };
  const fromEnv = (p: ProviderId): string | undefined => {
    if (hidden.has(p)) return undefined;
    const value = env[PROVIDER_ENV[p].apiKey]?.trim();
    return value ? value : undefined;
  };
  // Writes one after another; memory changes only once the file did (a failed save changes nothing).
  const persist = (next: KeysFile): Promise<void> => {
    const text = `${JSON.stringify(next, null, 2)}\n`;
    const done = writing.catch(() => undefined).then(() => writePrivateFile(file, text));
    writing = done;
    return done;
  };

  return {
    get: (p) => fromKeychain(p) ?? fromEnv(p),
    source: (p): KeySource => (fromKeychain(p) ? 'keychain' : fromEnv(p) ? 'environment' : 'none'),
    async set(p, key) {
      const problem = encryptionProblem(safeStorage);
      if (problem) {
        throw new Error(
          `The ${PROVIDER_NAMES[p]} key was not saved: ${problem}. ` +
            `Nodeloom does not store keys in plain text; set ${PROVIDER_ENV[p].apiKey} in the environment instead.`,
        );
      }
      const value = key.trim();
      const cipher = safeStorage.encryptString(value).toString('base64');
      const next: KeysFile = { version: 1, keys: { ...stored.keys, [p]: cipher } };
      await persist(next);
      stored = next;
      plain.set(p, value);
      hidden.delete(p);
    },
    async clear(p) {
      const keys = { ...stored.keys };
      delete keys[p];
      const next: KeysFile = { version: 1, keys };
      await persist(next);
      stored = next;
      plain.delete(p);
      hidden.add(p);
    },
  };
}

/** Reads keys.json once, at start (KeyStore.get is synchronous); a bad file means no saved keys. */
function readKeysFile(file: string, warn: (message: string) => void): KeysFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      warn(`cannot read ${file} (${(e as Error).message}); saved keys are ignored`);
    return { version: 1, keys: {} };
  }
  try {
    const parsed = KeysFileSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: the message below must not quote the file (it holds ciphertext).
  }
  warn(`${file} is not a valid keys file; saved keys are ignored until a key is saved again`);
  return { version: 1, keys: {} };
}
