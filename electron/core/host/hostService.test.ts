import { chmod, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { CALL_NAMES } from '../../../shared/contract/hostApi';
import type { CallName, HostHandlers } from '../../../shared/contract/hostApi';
import type { RunEvent } from '../../../shared/run/events';
import { createHostService } from './hostService';
import { envSessionKeyStore } from './keyStore';
import { startHostKit, textToImage } from './testKit';
import type { HostKit } from './testKit';

let kit: HostKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

describe('the handlers object', () => {
  it('implements every call of the contract, with the contract types', async () => {
    kit = await startHostKit();
    expectTypeOf(kit.host.handlers).toEqualTypeOf<HostHandlers>();
    expectTypeOf<keyof typeof kit.host.handlers>().toEqualTypeOf<CallName>();
    expect(Object.keys(kit.host.handlers).sort()).toEqual([...CALL_NAMES].sort());
  });

  it('app.info and catalog.get describe this host', async () => {
    kit = await startHostKit();
    expect(await kit.call('app.info', {})).toEqual({
      version: '0.0.0-test',
      emulated: false,
      nativeDialogs: false,
      workspaceDir: kit.workspaceDir,
      revealsFiles: false,
    });
    const catalog = await kit.call('catalog.get', {});
    expect(catalog.models.length).toBeGreaterThanOrEqual(4);
    expect(catalog.errors).toEqual([]);
  });
});

/** Every folder and file under `root` with its permission bits, as "path mode". */
async function modes(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const mode = (await stat(full)).mode & 0o777;
    out.push(`${path.relative(root, full)} ${mode.toString(8)}`);
  }
  return out.sort();
}

describe('the data folder', () => {
  it.skipIf(process.platform === 'win32')(
    'is private: folders 0700 and files 0600 after a run, even where an older version made it 0755',
    async () => {
      kit = await startHostKit({ emulator: true });
      await chmod(kit.dataDir, 0o755);
      await kit.restart();
      expect((await stat(kit.dataDir)).mode & 0o777).toBe(0o700);

      const events: RunEvent[] = [];
      kit.host.subscribe(
        (name, payload) => name === 'run.event' && events.push(payload as RunEvent),
      );
      const started = await kit.call('run.start', { graph: textToImage() });
      if (!started.ok) throw new Error(started.message);
      await expect.poll(() => events.at(-1)?.type, { timeout: 10_000 }).toBe('run-finished');
      const image = events.flatMap((e) => (e.type === 'node' ? (e.images ?? []) : []))[0]!;
      expect(await kit.host.thumbnail(image.hash, 128)).not.toBeNull();
      await kit.call('settings.update', { budgetUsd: 3 });
      await kit.call('recovery.save', {
        key: 'tab-1',
        name: 'Untitled',
        filePath: null,
        savedAt: 1,
        graph: textToImage(),
      });
      await kit.restart(); // history and journal written out

      const all = await modes(kit.dataDir);
      for (const folder of ['blobs', 'thumbs', 'history', 'journal', 'results', 'recovery'])
        expect(
          all.some((m) => m.startsWith(`${folder} `)),
          folder,
        ).toBe(true);
      expect(all.filter((m) => !/ (700|600)$/.test(m))).toEqual([]);
      for (const m of all) {
        const isDir = (await stat(path.join(kit.dataDir, m.split(' ')[0]!))).isDirectory();
        expect(m.endsWith(isDir ? ' 700' : ' 600'), m).toBe(true);
      }
    },
  );

  it('serves one host at a time: a second one is refused, naming the first, until it closes', async () => {
    kit = await startHostKit({ owner: 'the desktop app' });
    const second = () =>
      createHostService({
        dataDir: kit!.dataDir,
        workspaceDir: kit!.workspaceDir,
        keyStore: envSessionKeyStore({}),
        emulated: false,
        nativeDialogs: false,
        version: '0.0.0-test',
        env: {},
        owner: 'the web host',
      });
    await expect(second()).rejects.toThrow(/the desktop app, pid \d+\) is using the data folder/);
    await kit.host.close();
    const next = await second();
    await next.close();
    kit.host = await createHostService({
      dataDir: kit.dataDir,
      workspaceDir: kit.workspaceDir,
      keyStore: envSessionKeyStore({}),
      emulated: false,
      nativeDialogs: false,
      version: '0.0.0-test',
      env: {},
    });
  });
});
