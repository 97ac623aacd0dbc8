import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ModelEntrySchema, modelNodeType } from '../../../shared/catalog/model';
import type { CatalogLoadResult } from '../../../shared/catalog/catalog';
import { GEMINI_INPUT_SCHEMA } from '../../../shared/catalog/draftModel';
import { modelNodeSpec } from '../../../shared/nodes/registry';
import { LiveCatalog } from './liveCatalog';
import { AddModelError, addUserModel, loadAllModels } from './userModels';
import { userModelJson } from './userModelsTestKit';

const tempDirs: string[] = [];
afterEach(async () => {
  for (const dir of tempDirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function userDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-user-models-'));
  tempDirs.push(dir);
  return dir;
}

async function put(dir: string, name: string, content: unknown): Promise<string> {
  const file = path.join(dir, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const SCHEMA = JSON.stringify({
  type: 'object',
  required: ['prompt', 'image_urls'],
  properties: {
    prompt: { type: 'string', title: 'Prompt' },
    image_urls: { type: 'array', items: { type: 'string', format: 'image_uri' }, maxItems: 4 },
    aspect_ratio: { type: 'string', enum: ['1:1', '16:9'], default: '1:1' },
    seed: { type: 'integer', minimum: 0 },
  },
});

describe('the user models folder', () => {
  it("loads a model file at any depth beside the bundled ones, marked as the user's", async () => {
    const dir = await userDir();
    await put(dir, 'deep/er/mine.json', await userModelJson('acme/my-t2i'));
    const { models, errors } = await loadAllModels({ userDir: dir });
    expect(errors).toEqual([]);
    const mine = models.find((m) => modelNodeType(m) === 'model:runcomfy/acme/my-t2i');
    expect(mine?.origin).toBe('user');
    expect(models.filter((m) => m.origin === 'bundled').length).toBeGreaterThanOrEqual(4);
    expect(models.every((m) => m.origin === 'user' || m.origin === 'bundled')).toBe(true);
  });

  it('loads the bundled catalog alone when the folder does not exist', async () => {
    const result = await loadAllModels({ userDir: path.join(await userDir(), 'missing') });
    expect(result.errors).toEqual([]);
    expect(result.models.every((m) => m.origin === 'bundled')).toBe(true);
  });

  it('skips each kind of bad file with a message naming the file and the JSON path, loading the rest', async () => {
    const dir = await userDir();
    const good = await put(dir, 'good.json', await userModelJson('acme/good'));
    const notJson = await put(dir, 'broken.json', '{ "provider": "runcomfy", ');
    const wrongField = await put(dir, 'a/wrong.json', {
      ...(await userModelJson('acme/wrong')),
      task: 'paint',
    });
    const badSchema = await userModelJson('acme/bad-schema');
    (badSchema['inputSchema'] as { properties: Record<string, unknown> }).properties['seed'] = {
      type: 'integer',
      minimum: 'zero',
    };
    const badProperty = await put(dir, 'b/schema.json', badSchema);
    const withOrigin = await put(dir, 'c/origin.json', {
      ...(await userModelJson('acme/origin')),
      origin: 'bundled',
    });
    const collides = await put(dir, 'd/collide.json', {
      ...(await userModelJson('google/nano-banana/pro/text-to-image')),
    });
    const twice = await put(dir, 'z/twice.json', await userModelJson('acme/good'));

    const { models, errors } = await loadAllModels({ userDir: dir });
    expect(models.filter((m) => m.origin === 'user').map((m) => m.endpoint)).toEqual(['acme/good']);
    const about = (file: string) => errors.filter((e) => e.startsWith(`${file}: `));
    expect(about(good)).toEqual([]);
    expect(about(notJson)).toEqual([expect.stringMatching(/JSON/)]);
    expect(about(wrongField)).toEqual([expect.stringMatching(/: task: /)]);
    expect(about(badProperty)).toEqual([
      expect.stringMatching(/: inputSchema\.properties\.seed\.minimum: /),
    ]);
    expect(about(withOrigin)).toEqual([expect.stringMatching(/: \(root\): .*origin/)]);
    expect(about(collides)).toEqual([
      expect.stringMatching(/is a bundled model .*the bundled one is used/),
    ]);
    expect(about(twice)).toEqual([expect.stringMatching(/is already defined by .*good\.json/)]);
    // The bundled model the colliding file named is the bundled one, unchanged.
    const bundled = models.find((m) => m.endpoint === 'google/nano-banana/pro/text-to-image');
    expect(bundled?.origin).toBe('bundled');
    expect(bundled?.displayName).not.toBe('My T2I');
  });
});

describe('Add Model', () => {
  it('writes <provider>/<endpoint>.json that loads back as the same entry, with images/image outputs', async () => {
    const dir = await userDir();
    const existing = (await loadAllModels({ userDir: dir })).models;
    const { path: file, model } = await addUserModel(
      dir,
      { provider: 'runflow', endpoint: 'acme/edit-v2', schema: SCHEMA, displayName: 'Acme Edit' },
      existing,
    );
    expect(file).toBe(path.join(dir, 'runflow', 'acme', 'edit-v2.json'));
    const written: unknown = JSON.parse(await readFile(file, 'utf8'));
    expect(ModelEntrySchema.parse(written)).toEqual(written); // exactly the catalog format
    expect(model).toMatchObject({ task: 'edit', displayName: 'Acme Edit', origin: 'user' });

    const reloaded = (await loadAllModels({ userDir: dir })).models.find(
      (m) => m.endpoint === 'acme/edit-v2',
    );
    expect(reloaded).toEqual(model);
    const spec = modelNodeSpec(reloaded!);
    expect(spec.type).toBe('model:runflow/acme/edit-v2');
    expect(spec.inputs.map((p) => `${p.id}:${p.type}`)).toEqual([
      'prompt:text',
      'image_urls:image[]',
    ]);
    expect(spec.widgets.map((w) => `${w.key}:${w.kind}`)).toEqual([
      'prompt:text',
      'aspect_ratio:select',
      'seed:number',
    ]);
    expect(spec.outputs.map((p) => `${p.id}:${p.type}`)).toEqual(['images:image[]', 'image:image']);
  });

  it('refuses a schema it cannot read, naming the JSON path, and writes nothing', async () => {
    const dir = await userDir();
    const add = (schema: string, endpoint = 'acme/x') =>
      addUserModel(dir, { provider: 'runcomfy', endpoint, schema }, []);
    await expect(add('{ nope')).rejects.toThrow(/^schema: not JSON/);
    await expect(
      add(JSON.stringify({ type: 'object', properties: { n: { type: 'integer', minimum: 'x' } } })),
    ).rejects.toThrow(/schema\.properties\.n\.minimum: /);
    await expect(add(SCHEMA, 'acme/../../escape')).rejects.toThrow(/"\.\." segments/);
    await expect(add(SCHEMA, 'Acme/Upper')).rejects.toThrow(
      /endpoint: must be a provider model path/,
    );
    expect(await loadAllModels({ userDir: dir })).toMatchObject({ errors: [] });
    expect((await loadAllModels({ userDir: dir })).models.some((m) => m.origin === 'user')).toBe(
      false,
    );
  });

  it("refuses a node type that exists already, bundled or the user's", async () => {
    const dir = await userDir();
    const existing = (await loadAllModels({ userDir: dir })).models;
    const err = await addUserModel(
      dir,
      { provider: 'runcomfy', endpoint: 'google/nano-banana-2/edit', schema: SCHEMA },
      existing,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AddModelError);
    expect((err as AddModelError).message).toMatch(/exists already \(a bundled model\)/);
  });
});

describe('LiveCatalog', () => {
  it('sees a file added, changed and removed on the next read, and reports the change', async () => {
    const dir = await userDir();
    const changes: CatalogLoadResult[] = [];
    const live = await LiveCatalog.open({ userDir: dir, onChange: (c) => changes.push(c) });
    const types = () => live.registry.models().map((m) => modelNodeType(m));
    expect(types()).not.toContain('model:runcomfy/acme/live');

    const file = await put(dir, 'live.json', await userModelJson('acme/live'));
    await live.current();
    expect(types()).toContain('model:runcomfy/acme/live');
    expect(live.registry.get('model:runcomfy/acme/live')?.title).toBe('My T2I (RunComfy)');

    await writeFile(file, '{ broken');
    const broken = await live.current();
    expect(types()).not.toContain('model:runcomfy/acme/live');
    expect(broken.errors).toEqual([expect.stringMatching(new RegExp(`^${file}: .*JSON`))]);

    await rm(file);
    expect((await live.current()).errors).toEqual([]);
    expect(changes).toHaveLength(3);
    expect(await live.current()).toBe(changes[2]); // nothing changed: not read again
    live.close();
  });

  it('watches the folder: a new file reaches onChange without anyone asking', async () => {
    const dir = await userDir();
    const changes: CatalogLoadResult[] = [];
    const live = await LiveCatalog.open({ userDir: dir, onChange: (c) => changes.push(c) });
    live.watch();
    await put(dir, 'sub/watched.json', await userModelJson('acme/watched'));
    await vi.waitFor(
      () => {
        const last = changes.at(-1);
        expect(last?.models.some((m) => m.endpoint === 'acme/watched')).toBe(true);
      },
      { timeout: 5000 },
    );
    live.close();
  });
});

describe('Add Model for Google', () => {
  it('takes the Gemini inputs and refuses inputs the Gemini client cannot send', async () => {
    const dir = await userDir();
    const { model } = await addUserModel(
      dir,
      {
        provider: 'google',
        endpoint: 'gemini-2.5-flash-image',
        schema: JSON.stringify(GEMINI_INPUT_SCHEMA),
      },
      [],
    );
    expect(modelNodeSpec(model).type).toBe('model:google/gemini-2.5-flash-image');
    await expect(
      addUserModel(
        dir,
        {
          provider: 'google',
          endpoint: 'gemini-x',
          schema: JSON.stringify({ type: 'object', properties: { seed: { type: 'integer' } } }),
        },
        [],
      ),
    ).rejects.toThrow(/schema\.properties\.seed: Gemini models take prompt, image_urls/);
  });
});
