import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testGraph } from '../../shared/testing/testGraph';
import { ModelEntrySchema } from '../../shared/catalog/model';
import { cli, removeDir, tempDir, writeGraph } from './testKit';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await removeDir(d);
});

const SCHEMA = {
  type: 'object',
  required: ['prompt'],
  properties: {
    prompt: { type: 'string', title: 'Prompt' },
    aspect_ratio: { type: 'string', enum: ['1:1', '16:9'], default: '1:1' },
  },
};

describe('nodeloom models add', () => {
  it('writes the model file into <data folder>/models, prints the node, and validate then knows the node', async () => {
    const work = await tempDir();
    const dataDir = await tempDir();
    dirs.push(work, dataDir);
    await writeFile(path.join(work, 'schema.json'), JSON.stringify(SCHEMA));
    const added = await cli(
      [
        'models',
        'add',
        '--provider',
        'runflow',
        '--endpoint',
        'acme/t2i',
        '--schema',
        'schema.json',
      ],
      { cwd: work, dataDir },
    );
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

    const again = await cli(
      [
        'models',
        'add',
        '--provider',
        'runflow',
        '--endpoint',
        'acme/t2i',
        '--schema',
        'schema.json',
      ],
      { cwd: work, dataDir },
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists already \(one of your models\)\nnothing was written/);
  });

  it('names the bad field of a pasted schema and the missing flags', async () => {
    const work = await tempDir();
    const dataDir = await tempDir();
    dirs.push(work, dataDir);
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
    const work = await tempDir();
    const dataDir = await tempDir();
    dirs.push(work, dataDir);
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
