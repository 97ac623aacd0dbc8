import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, it, expect } from 'vitest';
import { modelNodeType } from '../../../shared/catalog/model';
import { createNodeRegistry } from '../../../shared/nodes/registry';
import { DEFAULT_CATALOG_DIR, loadCatalog } from './loadCatalog';

const tempDirs: string[] = [];

/** A temp copy of the real catalog folder, removed after the test. */
async function catalogCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-catalog-'));
  tempDirs.push(dir);
  await cp(DEFAULT_CATALOG_DIR, dir, { recursive: true });
  return dir;
}

afterEach(async () => {
  for (const dir of tempDirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('loadCatalog', () => {
  it('loads the six models of the real catalog folder with no errors', async () => {
    const result = await loadCatalog();
    expect(result.errors).toEqual([]);
    expect(result.models.map((m) => modelNodeType(m))).toEqual([
      'model:google/gemini-3-pro-image-preview',
      'model:google/gemini-3.1-flash-image-preview',
      'model:runcomfy/google/nano-banana-2/edit',
      'model:runcomfy/google/nano-banana/pro/edit',
      'model:runcomfy/google/nano-banana/pro/text-to-image',
      'model:runflow/google/nano-banana-pro/edit',
    ]);
  });

  it('adds a model when one JSON file is added, with no other change', async () => {
    const dir = await catalogCopy();
    const before = await loadCatalog(dir);
    expect(before.errors).toEqual([]);
    expect(before.models).toHaveLength(6);

    // A copy of an existing entry under another endpoint, in a new subfolder.
    const source = JSON.parse(
      await readFile(path.join(dir, 'runcomfy/google/nano-banana-2/edit.json'), 'utf8'),
    ) as Record<string, unknown>;
    const added = { ...source, endpoint: 'google/nano-banana-3/edit', displayName: 'NB3 Edit' };
    await mkdir(path.join(dir, 'runcomfy/google/nano-banana-3'), { recursive: true });
    await writeFile(
      path.join(dir, 'runcomfy/google/nano-banana-3/edit.json'),
      JSON.stringify(added, null, 2),
    );

    const after = await loadCatalog(dir);
    expect(after.errors).toEqual([]);
    expect(after.models).toHaveLength(7);
    expect(after.models.filter((m) => m.endpoint !== 'google/nano-banana-3/edit')).toEqual(
      before.models,
    );
    expect(after.models.find((m) => m.endpoint === 'google/nano-banana-3/edit')).toEqual(added);

    // ... and the new model is a node type at once.
    const spec = createNodeRegistry(after.models).get('model:runcomfy/google/nano-banana-3/edit');
    expect(spec?.title).toBe('NB3 Edit (RunComfy)');
    expect(spec?.inputs.map((p) => `${p.id}:${p.type}`)).toEqual([
      'prompt:text',
      'image_urls:image[]',
    ]);
  });

  it('reports a file with invalid JSON by its path and still loads the rest', async () => {
    const dir = await catalogCopy();
    const broken = path.join(dir, 'runflow/google/broken.json');
    await writeFile(broken, '{ "provider": "runflow", ');

    const result = await loadCatalog(dir);
    expect(result.models).toHaveLength(6);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.startsWith(`${broken}: `)).toBe(true);
    expect(result.errors[0]).toMatch(/JSON/);
  });

  it('reports a file whose JSON is valid but not a catalog entry, by path and field', async () => {
    const dir = await catalogCopy();
    const wrong = path.join(dir, 'runcomfy/wrong.json');
    await writeFile(wrong, JSON.stringify({ provider: 'elsewhere' }));

    const result = await loadCatalog(dir);
    expect(result.models).toHaveLength(6);
    expect(result.errors.length).toBeGreaterThan(0);
    for (const error of result.errors) expect(error.startsWith(`${wrong}: `)).toBe(true);
    expect(result.errors[0]).toMatch(/^.*: provider: /);
  });

  it('ignores files that are not JSON', async () => {
    const dir = await catalogCopy();
    await writeFile(path.join(dir, 'README.md'), '# not a model');
    const result = await loadCatalog(dir);
    expect(result.errors).toEqual([]);
    expect(result.models).toHaveLength(6);
  });
});
