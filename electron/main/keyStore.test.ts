import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEYS_FILE, encryptionProblem, safeStorageKeyStore } from './keyStore';
import { FakeSafeStorage } from './testing/fakeElectron';

const KEY = 'rf_live_0123456789abcdef';
let dir: string;
let safe: FakeSafeStorage;
let warnings: string[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-keys-'));
  safe = new FakeSafeStorage();
  warnings = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const store = (env: Record<string, string> = {}) =>
  safeStorageKeyStore(dir, safe, { env, warn: (m) => warnings.push(m) });

describe('safeStorageKeyStore', () => {
  it('stores only ciphertext, and reads the key back in a new process', async () => {
    await store().set('runflow', `  ${KEY} `);
    const text = await readFile(path.join(dir, KEYS_FILE), 'utf8');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(Buffer.from(KEY).toString('base64'));
    expect(JSON.parse(text)).toEqual({ version: 1, keys: { runflow: expect.any(String) } });
    const again = store();
    expect(again.get('runflow')).toBe(KEY);
    expect(again.source('runflow')).toBe('keychain');
    expect(again.source('runcomfy')).toBe('none');
  });

  it('falls back to the environment; a saved key wins; clear hides both', async () => {
    const s = store({ RUNFLOW_API_KEY: 'env-key-123456' });
    expect(s.get('runflow')).toBe('env-key-123456');
    expect(s.source('runflow')).toBe('environment');
    await s.set('runflow', KEY);
    expect(s.get('runflow')).toBe(KEY);
    expect(s.source('runflow')).toBe('keychain');
    await s.clear('runflow');
    expect(s.get('runflow')).toBeUndefined();
    expect(s.source('runflow')).toBe('none');
    expect(JSON.parse(await readFile(path.join(dir, KEYS_FILE), 'utf8')).keys).toEqual({});
  });

  it('refuses to store when safeStorage cannot encrypt, saying why', async () => {
    safe.available = false;
    await expect(store().set('runcomfy', KEY)).rejects.toThrow(
      /RunComfy key was not saved: the OS keychain is not available.*not store keys in plain text.*RUNCOMFY_API_KEY/,
    );
    await expect(readFile(path.join(dir, KEYS_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('refuses the Linux basic_text backend (a fixed password is plain text)', async () => {
    safe.backend = 'basic_text';
    expect(encryptionProblem(safe)).toMatch(/no OS keyring/);
    await expect(store().set('runcomfy', KEY)).rejects.toThrow(/only be stored unencrypted/);
  });

  it('treats a broken keys file as no keys, without quoting it', async () => {
    await writeFile(path.join(dir, KEYS_FILE), `{"version":1,"keys":{"runcomfy":"${KEY}!!"}}`);
    const s = store();
    expect(s.get('runcomfy')).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/not a valid keys file/);
    expect(warnings.join('\n')).not.toContain(KEY);
  });

  it('warns (without the key) when a saved key no longer decrypts', async () => {
    await store().set('runcomfy', KEY);
    safe.decryptString = () => {
      throw new Error('keychain changed');
    };
    expect(store().get('runcomfy')).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/could not be decrypted; enter it again/)]);
  });
});
