import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, EVENT_NAMES } from '../../shared/contract/hostApi';
import { CALL_CHANNEL, DIRTY_CHANNEL, EVENT_CHANNEL } from '../main/channels';
import type { PreloadBridge } from '../../shared/contract/bridge';

type EventListener = (event: unknown, ...args: unknown[]) => void;

const ipc = vi.hoisted(() => ({
  listeners: new Map<string, EventListener>(),
  invoke: vi.fn(),
  send: vi.fn(),
  exposed: new Map<string, unknown>(),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => ipc.exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: ipc.invoke,
    send: ipc.send,
    on: (channel: string, listener: EventListener) => ipc.listeners.set(channel, listener),
  },
}));

let bridge: PreloadBridge;
/** What the main process sending an event looks like from the preload. */
const push = (name: string, payload: unknown) =>
  ipc.listeners.get(EVENT_CHANNEL)!({ sender: 'ipcRenderer (must not leak)' }, name, payload);

beforeAll(async () => {
  await import('./index');
  bridge = ipc.exposed.get('nodeloom') as PreloadBridge;
});

describe('preload', () => {
  it('exposes window.nodeloom with named methods only', () => {
    expect([...ipc.exposed.keys()]).toEqual(['nodeloom']);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'imageUrl', 'on', 'setDirty', 'thumbUrl']);
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('calls only contract names, unwrapping the reply', async () => {
    ipc.invoke.mockResolvedValueOnce({ ok: true, value: { version: '1' } });
    await expect(bridge.call('app.info', {})).resolves.toEqual({ version: '1' });
    expect(ipc.invoke).toHaveBeenLastCalledWith(CALL_CHANNEL, 'app.info', {});
    ipc.invoke.mockResolvedValueOnce({
      ok: false,
      message: 'keys.set: invalid input: key: too short',
    });
    await expect(bridge.call('keys.set', {})).rejects.toThrow(
      'keys.set: invalid input: key: too short',
    );

    ipc.invoke.mockClear();
    for (const name of ['fs.readFile', 'constructor', '__proto__', '', 42, null])
      await expect(bridge.call(name as string, {})).rejects.toThrow(/unknown host call/);
    expect(ipc.invoke).not.toHaveBeenCalled();
    for (const name of CALL_NAMES) {
      ipc.invoke.mockResolvedValueOnce({ ok: true, value: null });
      await bridge.call(name, {});
    }
    expect(ipc.invoke).toHaveBeenCalledTimes(CALL_NAMES.length);
  });

  it('subscribes only to contract events; listeners get the payload, never the IPC event', () => {
    expect(() => bridge.on('ipc.raw', () => undefined)).toThrow(/unknown host event/);
    expect(() => bridge.on('run.event', 'nope' as never)).toThrow(/listener must be a function/);
    const got: unknown[] = [];
    const off = bridge.on('run.event', (...args: unknown[]) => got.push(args));
    push('run.event', { kind: 'x' });
    push('not.an.event', { kind: 'y' });
    off();
    push('run.event', { kind: 'z' });
    expect(got).toEqual([[{ kind: 'x' }]]);
    expect(EVENT_NAMES).toContain('run.event');
  });

  it('keeps app.command events that arrive before the UI subscribes', () => {
    push('app.command', { command: 'file.openPath', path: '/a.nodeloom' });
    const got: unknown[] = [];
    const off = bridge.on('app.command', (p) => got.push(p));
    push('app.command', { command: 'run.run' });
    off();
    expect(got).toEqual([
      { command: 'file.openPath', path: '/a.nodeloom' },
      { command: 'run.run' },
    ]);
  });

  it('builds image URLs from a content hash only', () => {
    const hash = 'a'.repeat(64);
    expect(bridge.imageUrl(hash)).toBe(`nodeloom-blob://${hash}`);
    expect(() => bridge.imageUrl('../../etc/passwd')).toThrow(/sha256/);
  });

  it('builds thumbnail URLs from a content hash and an allowed size only', () => {
    const hash = 'b'.repeat(64);
    expect(bridge.thumbUrl(hash, 128)).toBe(`nodeloom-blob://${hash}?thumb=128`);
    expect(bridge.thumbUrl(hash, 512)).toBe(`nodeloom-blob://${hash}?thumb=512`);
    expect(bridge.thumbUrl(hash)).toBe(`nodeloom-blob://${hash}?thumb=256`);
    for (const bad of ['../../etc/passwd', hash.toUpperCase(), `${hash}?thumb=1`, 42])
      expect(() => bridge.thumbUrl(bad as string, 128)).toThrow(/sha256/);
    for (const size of [64, 100, 2048, 0, 128.5, Number.NaN, '128', null])
      expect(() => bridge.thumbUrl(hash, size as number)).toThrow(/size must be one of/);
  });

  it('sends setDirty as a boolean only', () => {
    bridge.setDirty(true);
    expect(ipc.send).toHaveBeenLastCalledWith(DIRTY_CHANNEL, true);
    expect(() => bridge.setDirty('yes' as never)).toThrow(/boolean/);
    expect(ipc.send).toHaveBeenCalledTimes(1);
  });
});
