import { beforeEach, describe, expect, it } from 'vitest';
import { spyHandlers } from '../core/host/callTestKit';
import { appPage } from './appPage';
import { CALL_CHANNEL, DIRTY_CHANNEL } from './channels';
import type { CallReply } from './channels';
import { registerHostIpc, trustedSender } from './ipc';
import { FakeIpcMain, FakeWebContents } from './testing/fakeElectron';

const page = appPage('/app/out/main');
function setup() {
  const ipcMain = new FakeIpcMain();
  const contents = new FakeWebContents();
  contents.mainFrame.url = page.url;
  const { called, handlers } = spyHandlers();
  const dirty: boolean[] = [];
  const logs: string[] = [];
  registerHostIpc({
    ipcMain: ipcMain as never,
    handlers,
    isTrusted: trustedSender(() => contents as never, page.isAppUrl),
    onDirty: (d) => dirty.push(d),
    log: (m) => logs.push(m),
  });
  const call = (name: unknown, input: unknown, frame = contents.mainFrame, from = contents) =>
    ipcMain.invoke(from, frame, CALL_CHANNEL, name, input) as Promise<CallReply>;
  return { ipcMain, contents, called, dirty, logs, call };
}

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
      message: 'unknown call "fs.readFile"',
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
      handlers,
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
