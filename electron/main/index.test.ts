import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as electron from 'electron';
import { BLOB_SCHEME } from './channels';
import { FakeWebContents, fakeEvent } from './testing/fakeElectron';
import type { FakeElectron } from './testing/fakeElectron';

// The main entry point's own lock-down, which runs when the module loads (before
// `ready`): here against the fakes, as another instance (so no shell starts).
vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./testing/fakeElectron');
  return createFakeElectron();
});

const fake = electron as unknown as FakeElectron;

const logged: string[] = [];

beforeAll(async () => {
  vi.stubEnv('NODELOOM_DATA_DIR', mkdtempSync(path.join(os.tmpdir(), 'nodeloom-index-')));
  vi.spyOn(console, 'warn').mockImplementation((m: string) => void logged.push(m));
  await import('./index');
});
afterAll(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('the main entry point', () => {
  it('sandboxes every renderer before the app is ready', async () => {
    const names = fake.calls.map((c) => c[0]);
    expect(names).toContain('app.enableSandbox');
    // Before anything else can happen: the lock check is the last thing done at load.
    expect(names.indexOf('app.enableSandbox')).toBeLessThan(
      names.indexOf('app.requestSingleInstanceLock'),
    );
    expect(fake.calls).toContainEqual([
      'protocol.registerSchemesAsPrivileged',
      // Other schemes (the app's own page) may be registered in the same call.
      expect.arrayContaining([expect.objectContaining({ scheme: BLOB_SCHEME })]),
    ]);
  });

  it('locks down every web contents that is created, not only our window', async () => {
    const contents = new FakeWebContents();
    fake.app.emit('web-contents-created', fakeEvent(), contents);
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const e = fakeEvent();
      contents.emit(event, e, 'https://evil.example/');
      expect(e.defaultPrevented, event).toBe(true);
    }
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({
      action: 'deny',
    });
    expect(fake.calls.filter((c) => c[0] === 'shell.openExternal')).toEqual([]);
    expect(logged).toContain(
      'nodeloom: refused to open https://evil.example: not on the allow-list',
    );
  });
});
