import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { ModelEntrySchema } from '../catalog/model';
import type { ModelEntry } from '../catalog/model';
import { LOAD_IMAGE_NODE, PREVIEW_NODE, PROMPT_NODE } from './builtins';
import { checkParamValue, resolveParams } from './params';
import { canConnect } from './ports';
import { createNodeRegistry } from './registry';
import type { NodeSpec, WidgetSpec } from './spec';

function model(file: string): ModelEntry {
  const url = new URL(`../catalog/models/${file}`, import.meta.url);
  return ModelEntrySchema.parse(JSON.parse(readFileSync(url, 'utf8')));
}

const NB2_EDIT = model('runcomfy/google/nano-banana-2/edit.json');
const PRO_EDIT = model('runcomfy/google/nano-banana/pro/edit.json');
const PRO_T2I = model('runcomfy/google/nano-banana/pro/text-to-image.json');
const RUNFLOW_EDIT = model('runflow/google/nano-banana-pro/edit.json');
const MODELS = [NB2_EDIT, PRO_EDIT, PRO_T2I, RUNFLOW_EDIT];

const registry = createNodeRegistry(MODELS);

function spec(type: string): NodeSpec {
  const found = registry.get(type);
  if (!found) throw new Error(`no node type ${type}`);
  return found;
}

function widget(type: string, key: string): WidgetSpec {
  const found = spec(type).widgets.find((w) => w.key === key);
  if (!found) throw new Error(`${type} has no widget ${key}`);
  return found;
}

const NB2 = 'model:runcomfy/google/nano-banana-2/edit';
const RUNFLOW = 'model:runflow/google/nano-banana-pro/edit';
const T2I = 'model:runcomfy/google/nano-banana/pro/text-to-image';

describe('createNodeRegistry', () => {
  it('holds the built-ins and one node type per model, typed model:<provider>/<endpoint>', () => {
    expect(registry.all().map((s) => s.type)).toEqual([
      'prompt',
      'load-image',
      'preview',
      'reroute',
      'note',
      'model:runcomfy/google/nano-banana-2/edit',
      'model:runcomfy/google/nano-banana/pro/edit',
      'model:runcomfy/google/nano-banana/pro/text-to-image',
      'model:runflow/google/nano-banana-pro/edit',
    ]);
    expect([PROMPT_NODE, LOAD_IMAGE_NODE, PREVIEW_NODE]).toEqual([
      'prompt',
      'load-image',
      'preview',
    ]);
    expect(registry.models()).toEqual(MODELS);
  });

  it('finds each type by id and nothing else', () => {
    expect(spec('prompt').outputs.map((o) => `${o.id}:${o.type}`)).toEqual(['text:text']);
    expect(spec('load-image').outputs.map((o) => `${o.id}:${o.type}`)).toEqual(['image:image']);
    expect(spec('preview').inputs.map((i) => `${i.id}:${i.type}`)).toEqual(['images:image[]']);
    expect(registry.get('model:runcomfy/google/nope')).toBeUndefined();
    expect(registry.get('')).toBeUndefined();
  });

  it('builds each model node from its entry: title with provider, category, ports and the entry itself', () => {
    const nb2 = spec(NB2);
    expect(nb2.title).toBe('Nano Banana 2 Edit (RunComfy)');
    expect(nb2.category).toBe('Models');
    expect(nb2.model).toBe(NB2_EDIT);
    expect(nb2.inputs.map((i) => `${i.id}:${i.type}`)).toEqual([
      'prompt:text',
      'image_urls:image[]',
    ]);
    expect(spec(RUNFLOW).title).toBe('Nano Banana Pro Edit (Runflow)');
    expect(spec(RUNFLOW).model).toBe(RUNFLOW_EDIT);
  });

  it('throws when two models would make the same node type', () => {
    expect(() => createNodeRegistry([NB2_EDIT, PRO_EDIT, NB2_EDIT])).toThrow(
      'node type "model:runcomfy/google/nano-banana-2/edit" is defined twice',
    );
  });

  it('builds a registry with only the built-ins when the catalog is empty', () => {
    const empty = createNodeRegistry([]);
    expect(empty.all().map((s) => s.type)).toEqual([
      'prompt',
      'load-image',
      'preview',
      'reroute',
      'note',
    ]);
    expect(empty.models()).toEqual([]);
  });
});

describe('canConnect', () => {
  it('lets text feed text', () => {
    expect(canConnect('text', 'text')).toBe(true);
  });

  it('lets a single image join an image list', () => {
    expect(canConnect('image', 'image[]')).toBe(true);
    expect(canConnect('image', 'image')).toBe(true);
  });

  it('lets an image list feed an image list', () => {
    expect(canConnect('image[]', 'image[]')).toBe(true);
  });

  it('refuses an image list into a single-image input', () => {
    expect(canConnect('image[]', 'image')).toBe(false);
  });

  it('refuses text into image inputs and images into text inputs', () => {
    expect(canConnect('text', 'image')).toBe(false);
    expect(canConnect('text', 'image[]')).toBe(false);
    expect(canConnect('image', 'text')).toBe(false);
    expect(canConnect('image[]', 'text')).toBe(false);
  });
});

describe('resolveParams', () => {
  it('fills every schema default when nothing is set, but never the sample prompt', () => {
    expect(resolveParams(spec(NB2), {})).toEqual({
      num_images: 1,
      seed: 0,
      aspect_ratio: 'auto',
      resolution: '1K',
      output_format: 'png',
      safety_tolerance: 4,
      limit_generations: true,
      enable_web_search: false,
    });
  });

  it('keeps set values over defaults, including false and 0', () => {
    const out = resolveParams(spec(NB2), {
      prompt: 'a cat',
      num_images: 3,
      enable_web_search: true,
      limit_generations: false,
      safety_tolerance: 1,
    });
    expect(out).toMatchObject({
      prompt: 'a cat',
      num_images: 3,
      enable_web_search: true,
      limit_generations: false,
      safety_tolerance: 1,
      resolution: '1K',
    });
  });

  it('omits unset params that have no default, so the provider default applies', () => {
    expect(resolveParams(spec(RUNFLOW), {})).toEqual({});
    expect(resolveParams(spec(RUNFLOW), { prompt: 'a cat', resolution: '2K' })).toEqual({
      prompt: 'a cat',
      resolution: '2K',
    });
  });
});

describe('checkParamValue', () => {
  it('accepts values that fit the schema', () => {
    expect(checkParamValue(widget(NB2, 'aspect_ratio'), '16:9')).toBeUndefined();
    expect(checkParamValue(widget(NB2, 'safety_tolerance'), 6)).toBeUndefined();
    expect(checkParamValue(widget(RUNFLOW, 'safety_tolerance'), '6')).toBeUndefined();
    expect(checkParamValue(widget(NB2, 'num_images'), 4)).toBeUndefined();
    expect(checkParamValue(widget(NB2, 'seed'), -12345)).toBeUndefined();
    expect(checkParamValue(widget(NB2, 'enable_web_search'), false)).toBeUndefined();
    expect(checkParamValue(widget(NB2, 'prompt'), '')).toBeUndefined();
  });

  it('names the allowed options when a value is not in the enum', () => {
    expect(checkParamValue(widget(NB2, 'resolution'), '8K')).toBe(
      '"8K" is not one of "0.5K", "1K", "2K", "4K"',
    );
    expect(checkParamValue(widget(T2I, 'aspect_ratio'), 'auto')).toBe(
      '"auto" is not one of "21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16"',
    );
  });

  it('tells a number from a string in enums (RunComfy integers, Runflow strings)', () => {
    expect(checkParamValue(widget(NB2, 'safety_tolerance'), '4')).toBe(
      '"4" is not one of 1, 2, 3, 4, 5, 6',
    );
    expect(checkParamValue(widget(RUNFLOW, 'safety_tolerance'), 4)).toBe(
      '4 is not one of "1", "2", "3", "4", "5", "6"',
    );
  });

  it('refuses a fraction for an integer', () => {
    expect(checkParamValue(widget(NB2, 'num_images'), 1.5)).toBe('1.5 is not a whole number');
  });

  it('refuses a value below the minimum', () => {
    expect(checkParamValue(widget(NB2, 'num_images'), 0)).toBe('0 is below the minimum 1');
  });

  it('refuses a value above the maximum', () => {
    expect(checkParamValue(widget(NB2, 'num_images'), 5)).toBe('5 is above the maximum 4');
  });

  it('refuses a non-number, or a non-finite one, for a number field', () => {
    expect(checkParamValue(widget(NB2, 'seed'), '7')).toBe('"7" is not a number');
    expect(checkParamValue(widget(NB2, 'seed'), Number.NaN)).toBe('NaN is not a number');
    expect(checkParamValue(widget(NB2, 'seed'), Number.POSITIVE_INFINITY)).toBe(
      'Infinity is not a number',
    );
  });

  it('refuses a non-boolean for a toggle', () => {
    expect(checkParamValue(widget(NB2, 'limit_generations'), 'yes')).toBe(
      '"yes" is not true or false',
    );
    expect(checkParamValue(widget(NB2, 'limit_generations'), 1)).toBe('1 is not true or false');
  });

  it('refuses a non-string for text', () => {
    expect(checkParamValue(widget(NB2, 'prompt'), 42)).toBe('42 is not text');
    expect(checkParamValue(widget(RUNFLOW, 'aspect_ratio'), null)).toBe('null is not text');
  });
});
