import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeComponent } from '../../../shared/graph/componentEdit';
import type { Components } from '../../../shared/graph/document';
import { nodeId } from '../../../shared/graph/ids';
import { registryFor } from '../../../shared/nodes/componentSpecs';
import { MODELS, testGraph } from '../../../shared/testing/testGraph';
import { testRegistry } from '../testing/emulatorHarness';
import { componentsDir } from '../catalog/componentLibrary';
import { startHostKit } from './testKit';
import type { HostKit } from './testKit';

let kit: HostKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

/** A workflow whose component "outer" holds an instance of "inner", plus an unrelated "spare". */
async function nestedComponents() {
  const registry = await testRegistry();
  const g = testGraph();
  const p = g.prompt('a lantern');
  const t2i = g.model(MODELS.proTextToImage);
  const edit = g.model(MODELS.proEdit, { prompt: 'at sea' });
  g.connect(p, 'text', t2i, 'prompt');
  g.connect(t2i, 'image', edit, 'image_urls');
  const doc = g.doc();
  const inner = makeComponent(doc, [edit], {
    componentId: 'inner',
    instanceId: nodeId('k'),
    registry: registryFor(registry, doc),
  })!.doc;
  const outer = makeComponent(inner, [t2i, 'k'], {
    componentId: 'outer',
    instanceId: nodeId('o'),
    name: 'Lantern at sea',
    registry: registryFor(registry, inner),
  })!.doc;
  const components: Components = { ...outer.components, spare: outer.components!['inner']! };
  return components;
}

describe('components library in the host', () => {
  it('exports a component with what it holds, lists it and reads it back', async () => {
    kit = await startHostKit();
    const components = await nestedComponents();
    const saved = await kit.call('components.save', { id: 'outer', components });
    expect(saved.path).toBe(path.join(componentsDir(kit.dataDir), 'outer.json'));
    const onDisk = JSON.parse(await readFile(saved.path, 'utf8')) as { components: object };
    expect(Object.keys(onDisk.components).sort()).toEqual(['inner', 'outer']);

    const list = await kit.call('components.list', {});
    expect(list).toEqual({
      components: [{ id: 'outer', name: 'Lantern at sea', inputs: 1, outputs: 0, nodes: 2 }],
      errors: [],
    });
    const read = await kit.call('components.read', { id: 'outer' });
    expect(read.components['outer']).toEqual(components['outer']);
  });

  it('a bad library file is listed as an error naming the file and the JSON path', async () => {
    kit = await startHostKit();
    const dir = componentsDir(kit.dataDir);
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'broken.json'),
      JSON.stringify({
        format: 'nodeloom.component',
        version: 1,
        id: 'broken',
        components: { broken: { name: '' } },
      }),
    );
    const list = await kit.call('components.list', {});
    expect(list.components).toEqual([]);
    expect(list.errors[0]).toMatch(/^broken\.json: components\.broken\.name: must not be empty/);
  });

  it('refuses ids that would leave the library folder, at the contract', async () => {
    kit = await startHostKit();
    await expect(kit.call('components.read', { id: '../settings' })).rejects.toThrow(/id/);
    await expect(
      kit.call('components.save', { id: '..', components: await nestedComponents() }),
    ).rejects.toThrow(/id/);
  });
});
