import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CALL_NAMES } from '../../../shared/contract/hostApi';
import type { CallName } from '../../../shared/contract/hostApi';
import { spyHandlers } from './callTestKit';
import { checkedCall, isCallName } from './checkedCall';
import { createHostService } from './hostService';
import type { HostService } from './hostService';
import { envSessionKeyStore } from './keyStore';

describe('checkedCall (the one call pipeline of IPC and the web host)', () => {
  it('refuses malformed input naming the call and the field, without calling the handler', async () => {
    const { called, handlers } = spyHandlers();
    expect(await checkedCall(handlers, 'keys.set', { provider: 'runcomfy', key: 'short' })).toEqual(
      {
        ok: false,
        kind: 'invalid-input',
        message: expect.stringMatching(/^keys\.set: invalid input: key: /),
        issues: [{ path: 'key', message: expect.any(String) }],
      },
    );
    expect(
      await checkedCall(handlers, 'keys.set', { provider: 'nope', key: 'long-enough-key' }),
    ).toMatchObject({ kind: 'invalid-input', message: expect.stringMatching(/provider: /) });
    expect(await checkedCall(handlers, 'run.cancel', { runId: 'r', extra: 1 })).toMatchObject({
      kind: 'invalid-input',
    });
    expect(await checkedCall(handlers, 'workflow.read', 'just a string')).toMatchObject({
      message: expect.stringMatching(/\(input\): /),
    });
    expect(called).toEqual([]);
  });

  it('never quotes the rejected value', async () => {
    const secret = 'sk-0123456789abcdef-TOO-LONG'.repeat(30);
    const outcome = await checkedCall(spyHandlers().handlers, 'keys.set', {
      provider: 'runcomfy',
      key: secret,
    });
    expect(outcome).toMatchObject({ ok: false, message: expect.stringMatching(/key: /) });
    expect(JSON.stringify(outcome)).not.toContain('sk-0123');
  });

  it('refuses a name outside the contract, inherited names too', async () => {
    const { called, handlers } = spyHandlers();
    for (const name of ['fs.readFile', '__proto__', 'constructor', 42])
      expect(await checkedCall(handlers, name, {})).toMatchObject({
        ok: false,
        kind: 'unknown-call',
      });
    expect((await checkedCall(handlers, 'fs.readFile', {})) as { message: string }).toMatchObject({
      message: 'unknown call "fs.readFile"',
    });
    expect(isCallName('app.info')).toBe(true);
    expect(called).toEqual([]);
  });

  it('parses valid input and answers through the output schema', async () => {
    const { called, handlers } = spyHandlers();
    expect(await checkedCall(handlers, 'app.info', {})).toMatchObject({
      ok: true,
      name: 'app.info',
      value: { version: '1' },
    });
    expect(called).toEqual(['app.info']);
  });

  it("hands a handler's error on as its message only", async () => {
    const { handlers } = spyHandlers();
    (handlers as Record<string, unknown>)['run.cancel'] = async () => {
      throw new Error('no such run');
    };
    expect(await checkedCall(handlers, 'run.cancel', { runId: 'r1' })).toEqual({
      ok: false,
      kind: 'failed',
      message: 'no such run',
    });
  });

  it('refuses an answer outside the contract', async () => {
    const { handlers } = spyHandlers();
    (handlers as Record<string, unknown>)['app.info'] = async () => ({ version: 1 });
    expect(await checkedCall(handlers, 'app.info', {})).toEqual({
      ok: false,
      kind: 'bad-output',
      message: 'app.info: the host produced an answer outside the contract',
    });
  });

  it('covers the whole contract: the host service has a handler for every call', async () => {
    expectTypeOf<keyof HostService['handlers']>().toEqualTypeOf<CallName>();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-call-'));
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
      expect(CALL_NAMES.filter((name) => typeof service.handlers[name] !== 'function')).toEqual([]);
      expect(await checkedCall(service.handlers, 'app.info', {})).toMatchObject({ ok: true });
    } finally {
      await service.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
