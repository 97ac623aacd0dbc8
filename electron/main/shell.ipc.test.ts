import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appPage } from './appPage';
import { EVENT_CHANNEL } from './channels';
import { KEYS_FILE } from './keyStore';
import { call, fake, mainDir, shell, start, useShellPerTest, win } from './testing/shellTestKit';

vi.mock('electron', async () =>
  (await import('./testing/fakeElectron')).createFakeElectronInTempDir(),
);

useShellPerTest();

const KEY = 'rc-live-0123456789abcdefXYZ';

describe('saved images', () => {
  it('the desktop shows saved files in the file manager (app.info says so); unknown paths are refused', async () => {
    expect(await call('app.info', {})).toMatchObject({ ok: true, value: { revealsFiles: true } });
    const reply = await call('output.reveal', { path: '/etc/passwd' });
    expect(reply).toMatchObject({ ok: false });
    expect(fake.calls.filter((c) => c[0] === 'shell.showItemInFolder')).toEqual([]);
  });
});

describe('keys over IPC', () => {
  it('sets a key: the view says keychain, no reply carries the key, keys.json holds ciphertext', async () => {
    const set = await call('keys.set', { provider: 'runcomfy', key: KEY });
    expect(set).toMatchObject({
      ok: true,
      value: { providers: { runcomfy: { keySet: true, keySource: 'keychain' } } },
    });
    const replies = [set];
    for (const name of ['settings.get', 'app.info', 'catalog.get'])
      replies.push(await call(name, {}));
    for (const reply of replies) expect(JSON.stringify(reply)).not.toContain(KEY);
    const events = win.webContents.sent.filter((m) => m[0] === EVENT_CHANNEL);
    expect(JSON.stringify(events)).not.toContain(KEY);

    const file = await readFile(path.join(fake.app.getPath('userData'), KEYS_FILE), 'utf8');
    expect(file).not.toContain(KEY);
    expect(file).not.toContain(Buffer.from(KEY).toString('base64'));
    const stored = JSON.parse(file) as { keys: Record<string, string> };
    expect(fake.safeStorage.decryptString(Buffer.from(stored.keys['runcomfy']!, 'base64'))).toBe(
      KEY,
    );
    if (process.platform !== 'win32') {
      const { mode } = await stat(path.join(fake.app.getPath('userData'), KEYS_FILE));
      expect(mode & 0o777).toBe(0o600);
    }

    const cleared = await call('keys.clear', { provider: 'runcomfy' });
    expect(cleared).toMatchObject({ value: { providers: { runcomfy: { keySet: false } } } });
  });

  it('refuses to store a key when safeStorage cannot encrypt, and says why', async () => {
    fake.safeStorage.available = false;
    try {
      const reply = await call('keys.set', { provider: 'runflow', key: KEY });
      expect(reply).toEqual({
        ok: false,
        message: expect.stringMatching(
          /not saved: the OS keychain is not available.*RUNFLOW_API_KEY/,
        ),
      });
      expect(JSON.stringify(reply)).not.toContain(KEY);
      await expect(readFile(path.join(fake.app.getPath('userData'), KEYS_FILE))).rejects.toThrow();
    } finally {
      fake.safeStorage.available = true;
    }
  });

  it('refuses a pasted key with typographic quotes and stores nothing', async () => {
    const reply = await call('keys.set', { provider: 'runcomfy', key: `\u201c${KEY}\u201d` });
    expect(reply).toEqual({
      ok: false,
      message: expect.stringMatching(/RunComfy key was not saved: it contains typographic quotes/),
    });
    await expect(readFile(path.join(fake.app.getPath('userData'), KEYS_FILE))).rejects.toThrow();
    expect(await call('settings.get', {})).toMatchObject({
      value: { providers: { runcomfy: { keySet: false } } },
    });
  });

  it('starts with an unusable key in keys.json; Settings names it and a new key replaces it', async () => {
    await shell.close();
    await start(async (userData) => {
      const cipher = fake.safeStorage.encryptString(`${KEY} pasted twice`).toString('base64');
      const file = { version: 1, keys: { runcomfy: cipher } };
      await writeFile(path.join(userData, KEYS_FILE), JSON.stringify(file));
    });
    expect(await call('settings.get', {})).toMatchObject({
      ok: true,
      value: {
        providers: {
          runcomfy: {
            keySet: true,
            keyProblem: expect.stringMatching(/RunComfy key contains spaces/),
          },
        },
      },
    });
    const set = await call('keys.set', { provider: 'runcomfy', key: KEY });
    expect(set).toMatchObject({ ok: true, value: { providers: { runcomfy: { keySet: true } } } });
    expect(JSON.stringify(set)).not.toContain('keyProblem');
  });

  it('ignores a key set from a subframe', async () => {
    const reply = await call(
      'keys.set',
      { provider: 'runcomfy', key: KEY },
      win.webContents.subframe(appPage(mainDir).url),
    );
    expect(reply).toMatchObject({ ok: false });
    expect(
      (await call('settings.get', {})) as {
        value: { providers: { runcomfy: { keySet: boolean } } };
      },
    ).toMatchObject({
      value: { providers: { runcomfy: { keySet: false } } },
    });
  });
});
