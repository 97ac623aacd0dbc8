import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../shared/contract/hostApi';
import type { RunEvent } from '../../../shared/run/events';
import { testGraph } from '../../../shared/testing/testGraph';
import { serveUserModels } from '../../emulator/userModels';
import { userModelJson } from '../catalog/userModelsTestKit';
import { startHostKit } from './testKit';
import type { HostKit } from './testKit';

let kit: HostKit | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await kit?.close();
  kit = undefined;
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function modelsFolder(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-host-models-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(
      path.join(dir, name),
      typeof content === 'string' ? content : JSON.stringify(content),
    );
  }
  return dir;
}

describe('user models in the host', () => {
  it('starts with bad model files, reporting each in catalog.get and as a warning', async () => {
    const dir = await modelsFolder({
      'ok.json': await userModelJson('acme/ok'),
      'broken.json': '{',
      'bad/field.json': { ...(await userModelJson('acme/field')), displayName: '' },
    });
    kit = await startHostKit({ userModelsDir: dir });
    const catalog = await kit.call('catalog.get', {});
    expect(catalog.models.find((m) => m.endpoint === 'acme/ok')?.origin).toBe('user');
    expect(catalog.errors).toEqual([
      expect.stringMatching(new RegExp(`^${path.join(dir, 'broken.json')}: .*JSON`)),
      `${path.join(dir, 'bad/field.json')}: displayName: Too small: expected string to have >=1 characters`,
    ]);
    expect(kit.warnings.filter((w) => w.startsWith('catalog: '))).toHaveLength(2);
  });

  it('runs a user model file against the emulator', async () => {
    const dir = await modelsFolder({ 'runcomfy/acme/mine.json': await userModelJson('acme/mine') });
    kit = await startHostKit({ emulator: true, userModelsDir: dir });
    await serveUserModels(kit.emu!, kit.host);
    const g = testGraph();
    g.node('model:runcomfy/acme/mine', { prompt: 'a red kite', aspect_ratio: '1:1' }, { id: 'm' });
    const events: RunEvent[] = [];
    kit.host.subscribe((name, e) => name === 'run.event' && events.push(e as RunEvent));
    const res = await kit.call('run.start', { graph: g.doc() });
    expect(res).toMatchObject({ ok: true });
    await expect
      .poll(() => events.some((e) => e.type === 'run-finished'), { timeout: 10_000 })
      .toBe(true);
    const end = events.filter((e) => e.type === 'node' && e.nodeId === 'm').at(-1);
    expect(end).toMatchObject({ state: 'done' });
    expect(kit.emu!.stats().runcomfy.submissionsByModel).toEqual({ 'acme/mine': 1 });
  });

  it('models.add writes the file, announces catalog.changed and the emulator serves it', async () => {
    const dir = await modelsFolder({});
    kit = await startHostKit({ emulator: true, userModelsDir: dir });
    await serveUserModels(kit.emu!, kit.host);
    const changed: EventPayload<'catalog.changed'>[] = [];
    kit.host.subscribe((name, p) => name === 'catalog.changed' && changed.push(p as never));
    const schema = JSON.stringify({
      type: 'object',
      required: ['prompt'],
      properties: { prompt: { type: 'string' } },
    });
    const added = await kit.call('models.add', {
      provider: 'runcomfy',
      endpoint: 'acme/added',
      schema,
    });
    expect(added.path).toBe(path.join(dir, 'runcomfy', 'acme', 'added.json'));
    expect(changed.at(-1)?.models.find((m) => m.endpoint === 'acme/added')?.origin).toBe('user');
    await expect(
      kit.call('models.add', { provider: 'runcomfy', endpoint: 'acme/added', schema }),
    ).rejects.toThrow(
      /Cannot add the model:\nendpoint: model:runcomfy\/acme\/added exists already/,
    );

    const g = testGraph();
    g.node('model:runcomfy/acme/added', { prompt: 'x' }, { id: 'a' });
    const events: RunEvent[] = [];
    kit.host.subscribe((name, e) => name === 'run.event' && events.push(e as RunEvent));
    expect(await kit.call('run.start', { graph: g.doc() })).toMatchObject({ ok: true });
    await expect
      .poll(() => events.some((e) => e.type === 'run-finished'), { timeout: 10_000 })
      .toBe(true);
    expect(events.filter((e) => e.type === 'node' && e.nodeId === 'a').at(-1)).toMatchObject({
      state: 'done',
    });
  });
});
