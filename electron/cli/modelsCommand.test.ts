import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testGraph } from '../../shared/testing/testGraph';
import { ModelEntrySchema } from '../../shared/catalog/model';
import { cli, folderPerTest, writeGraph } from './testKit';

const folder = folderPerTest();

const SCHEMA = {
  type: 'object',
  required: ['prompt'],
  properties: {
    prompt: { type: 'string', title: 'Prompt' },
    aspect_ratio: { type: 'string', enum: ['1:1', '16:9'], default: '1:1' },
  },
};

const ADD_ACME_T2I = [
  'models',
  'add',
  '--provider',
  'runflow',
  '--endpoint',
  'acme/t2i',
  '--schema',
  'schema.json',
];

describe('nodeloom models add', () => {
  it('writes the model file into <data folder>/models, prints the node, and validate then knows the node', async () => {
    const { dir: work, dataDir } = folder;
    await writeFile(path.join(work, 'schema.json'), JSON.stringify(SCHEMA));
    const added = await cli(ADD_ACME_T2I, { cwd: work, dataDir });
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const file = path.join(dataDir, 'models', 'runflow', 'acme', 't2i.json');
    expect(added.lines).toEqual([
      'added model:runflow/acme/t2i (Acme t2i (Runflow), text-to-image)',
      '  inputs:  prompt (text)',
      '  widgets: prompt (text), aspect_ratio (select)',
      '  outputs: images (image[]), image (image)',
      `  file:    ${file}`,
    ]);
    const written: unknown = JSON.parse(await readFile(file, 'utf8'));
    expect(ModelEntrySchema.parse(written)).toEqual(written);

    const g = testGraph();
    g.node('model:runflow/acme/t2i', { prompt: 'x', aspect_ratio: '1:1' }, { id: 'm' });
    const wf = await writeGraph(work, 'mine.nodeloom', g.doc());
    const valid = await cli(['validate', wf], { cwd: work, dataDir });
    expect(valid.stdout).toMatch(/valid \(1 nodes\)/);
    expect(valid.code).toBe(0);

    const again = await cli(ADD_ACME_T2I, { cwd: work, dataDir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists already \(one of your models\)\nnothing was written/);
  });

  it('names the bad field of a pasted schema and the missing flags', async () => {
    const { dir: work, dataDir } = folder;
    await writeFile(
      path.join(work, 'bad.json'),
      JSON.stringify({ type: 'object', properties: { n: { type: 'integer', maximum: 'ten' } } }),
    );
    const bad = await cli(
      ['models', 'add', '--provider', 'runcomfy', '--endpoint', 'acme/n', '--schema', 'bad.json'],
      { cwd: work, dataDir },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^nodeloom: schema\.properties\.n\.maximum: /);
    const missing = await cli(['models', 'add', '--provider', 'runcomfy'], { cwd: work, dataDir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/models add needs --endpoint, --schema/);
  });

  it('validate warns about a broken user model file by name and still validates', async () => {
    const { dir: work, dataDir } = folder;
    await mkdir(path.join(dataDir, 'models'), { recursive: true });
    const broken = path.join(dataDir, 'models', 'broken.json');
    await writeFile(broken, JSON.stringify({ provider: 'runcomfy' }));
    const g = testGraph();
    g.prompt('hello', { id: 'p' });
    const wf = await writeGraph(work, 'p.nodeloom', g.doc());
    const res = await cli(['validate', wf], { cwd: work, dataDir });
    expect(res.stderr).toContain(`warning: catalog: ${broken}: endpoint: `);
    expect(res.code).toBe(0);
  });
});
