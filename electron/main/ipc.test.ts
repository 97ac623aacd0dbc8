import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { CALL_NAMES } from '../../shared/contract/hostApi';
import type { CallName, HostHandlers } from '../../shared/contract/hostApi';
import { createHostService, envSessionKeyStore } from '../core/host';
import type { HostService } from '../core/host';
import { appPage } from './appPage';
import { CALL_CHANNEL, DIRTY_CHANNEL } from './channels';
import type { CallReply } from './channels';
import { InputError, ipcCallTable, registerHostIpc, trustedSender } from './ipc';
import type { IpcCallTable } from './ipc';
import { FakeIpcMain, FakeWebContents } from './testing/fakeElectron';

const page = appPage('/app/out/main');
const settingsView = {
  providers: {
    runcomfy: { baseUrl: 'https://x', keySet: false, keySource: 'none' as const },
    runflow: { baseUrl: 'https://y', keySet: false, keySource: 'none' as const },
    google: { baseUrl: 'https://z', keySet: false, keySource: 'none' as const },
  },
  concurrency: { global: 8, perProvider: 4 },
  budgetUsd: null,
  modelPrices: {},
  outputDir: null,
};

/** Handlers that record their calls; only the ones a test uses answer anything real. */
function spyHandlers() {
  const called: string[] = [];
  const handlers = {} as Record<CallName, (input: unknown) => Promise<unknown>>;
  for (const name of CALL_NAMES) {
    handlers[name] = vi.fn(async () => {
      called.push(name);
      if (name === 'app.info')
        return { version: '1', emulated: false, nativeDialogs: true, workspaceDir: '/w' };
      return settingsView;
    });
  }
  return { called, handlers: handlers as unknown as HostHandlers };
}

function setup() {
  const ipcMain = new FakeIpcMain();
  const contents = new FakeWebContents();
  contents.mainFrame.url = page.url;
  const { called, handlers } = spyHandlers();
  const dirty: boolean[] = [];
  const logs: string[] = [];
  registerHostIpc({
    ipcMain: ipcMain as never,
    table: ipcCallTable(handlers),
    isTrusted: trustedSender(() => contents as never, page.isAppUrl),
    onDirty: (d) => dirty.push(d),
    log: (m) => logs.push(m),
  });
  const call = (name: unknown, input: unknown, frame = contents.mainFrame, from = contents) =>
    ipcMain.invoke(from, frame, CALL_CHANNEL, name, input) as Promise<CallReply>;
  return { ipcMain, contents, called, dirty, logs, call };
}

describe('ipcCallTable', () => {
  it('rejects malformed input with the call and the field named, without calling the handler', async () => {
    const { called, handlers } = spyHandlers();
    const table = ipcCallTable(handlers);
    await expect(table['keys.set']({ provider: 'runcomfy', key: 'short' })).rejects.toThrow(
      /^keys\.set: invalid input: key: /,
    );
    await expect(table['keys.set']({ provider: 'nope', key: 'long-enough-key' })).rejects.toThrow(
      /provider: /,
    );
    await expect(table['run.cancel']({ runId: 'r', extra: 1 })).rejects.toBeInstanceOf(InputError);
    await expect(table['workflow.read']('just a string')).rejects.toThrow(/\(input\): /);
    expect(called).toEqual([]);
  });

  it('never quotes the rejected value', async () => {
    const { handlers } = spyHandlers();
    const secret = 'sk-0123456789abcdef-TOO-LONG'.repeat(30);
    const table = ipcCallTable(handlers);
    const error = await table['keys.set']({ provider: 'runcomfy', key: secret }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/key: /);
    expect(error?.message).not.toContain('sk-0123');
  });

  it('parses valid input and answers through the output schema', async () => {
    const { called, handlers } = spyHandlers();
    const info = await ipcCallTable(handlers)['app.info']({});
    expect(info.version).toBe('1');
    expect(called).toEqual(['app.info']);
  });

  it('refuses an answer outside the contract', async () => {
    const { handlers } = spyHandlers();
    (handlers as Record<string, unknown>)['app.info'] = async () => ({ version: 1 });
    await expect(ipcCallTable(handlers)['app.info']({})).rejects.toThrow(/outside the contract/);
  });
});

describe('registerHostIpc', () => {
  let s: ReturnType<typeof setup>;
  beforeEach(() => {
    s = setup();
  });

  it('answers a call from the main frame of our page', async () => {
    const reply = await s.call('settings.get', {});
    expect(reply).toMatchObject({ ok: true, value: { budgetUsd: null } });
    expect(s.called).toEqual(['settings.get']);
  });

  it('refuses a subframe, another page, another window and a gone frame', async () => {
    const sub = s.contents.subframe(page.url);
    const other = new FakeWebContents();
    other.mainFrame.url = page.url;
    const replies = [
      await s.call('settings.get', {}, sub),
      await s.call('settings.get', {}, { ...s.contents.mainFrame, url: 'https://evil.example/' }),
      await s.call('settings.get', {}, { ...s.contents.mainFrame, url: 'file:///tmp/other.html' }),
      await s.call('settings.get', {}, other.mainFrame, other),
      await s.call('settings.get', {}, null as never),
    ];
    for (const reply of replies)
      expect(reply).toEqual({ ok: false, message: expect.stringMatching(/^refused/) });
    expect(s.called).toEqual([]);
    expect(s.logs).toHaveLength(5);
  });

  it('refuses once the window navigated away from the app page', async () => {
    s.contents.mainFrame.url = 'https://evil.example/';
    expect(await s.call('settings.get', {})).toMatchObject({ ok: false });
    expect(s.called).toEqual([]);
  });

  it('answers malformed input and unknown calls with a message, not a throw', async () => {
    expect(await s.call('keys.clear', { provider: 42 })).toEqual({
      ok: false,
      message: expect.stringMatching(/^keys\.clear: invalid input: provider: /),
    });
    expect(await s.call('fs.readFile', {})).toEqual({
      ok: false,
      message: 'unknown host call: fs.readFile',
    });
    expect(s.called).toEqual([]);
  });

  it('passes a handler error to the UI as its message', async () => {
    const ipcMain = new FakeIpcMain();
    const contents = new FakeWebContents();
    contents.mainFrame.url = page.url;
    const { handlers } = spyHandlers();
    (handlers as Record<string, unknown>)['run.cancel'] = async () => {
      throw new Error('no such run');
    };
    registerHostIpc({
      ipcMain: ipcMain as never,
      table: ipcCallTable(handlers),
      isTrusted: trustedSender(() => contents as never, page.isAppUrl),
    });
    const reply = await ipcMain.invoke(contents, contents.mainFrame, CALL_CHANNEL, 'run.cancel', {
      runId: 'r1',
    });
    expect(reply).toEqual({ ok: false, message: 'no such run' });
  });

  it('takes setDirty only as a boolean from our frame', () => {
    s.ipcMain.send(s.contents, s.contents.mainFrame, DIRTY_CHANNEL, true);
    s.ipcMain.send(s.contents, s.contents.mainFrame, DIRTY_CHANNEL, 'yes');
    s.ipcMain.send(s.contents, s.contents.subframe(page.url), DIRTY_CHANNEL, false);
    s.ipcMain.send(s.contents, s.contents.mainFrame, DIRTY_CHANNEL, false);
    expect(s.dirty).toEqual([true, false]);
    expect(s.logs.join('\n')).toMatch(/setDirty: invalid input: dirty: /);
  });
});

describe('both transports cover the whole contract', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('at the type level: the IPC table and the host service handlers are keyed by CallName', () => {
    expectTypeOf<keyof IpcCallTable>().toEqualTypeOf<CallName>();
    // The web host (electron/server/apiRoutes.ts) dispatches to HostService.handlers.
    expectTypeOf<keyof HostService['handlers']>().toEqualTypeOf<CallName>();
    const table = ipcCallTable(spyHandlers().handlers);
    const _complete: Record<CallName, unknown> = table;
    expect(_complete).toBe(table);
  });

  it('at run time: every call has an IPC entry and a host-service handler', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-ipc-'));
    dirs.push(dir);
    const service = await createHostService({
      dataDir: path.join(dir, 'data'),
      workspaceDir: dir,
      keyStore: envSessionKeyStore({}),
      emulated: false,
      nativeDialogs: false,
      version: 'test',
      env: {},
    });
    try {
      const table = ipcCallTable(service.handlers);
      expect(CALL_NAMES.filter((name) => typeof table[name] !== 'function')).toEqual([]);
      expect(CALL_NAMES.filter((name) => typeof service.handlers[name] !== 'function')).toEqual([]);
      expect(Object.keys(table).sort()).toEqual([...CALL_NAMES].sort());
    } finally {
      await service.close();
    }
  });
});
