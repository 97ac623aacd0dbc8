import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { ModelEntrySchema } from '../catalog/model';
import type { ModelEntry } from '../catalog/model';
import { fromJsonSchema, humanizeKey } from './fromJsonSchema';
import type { SchemaPorts } from './fromJsonSchema';
import type { WidgetSpec } from './spec';

/**
 * The schemas here are the catalog files, which catalogSeeds.test.ts proves equal,
 * field by field, to the provider pages in tests/fixtures/seeds/.
 */
function model(file: string): ModelEntry {
  const url = new URL(`../catalog/models/${file}`, import.meta.url);
  return ModelEntrySchema.parse(JSON.parse(readFileSync(url, 'utf8')));
}

const PRO_EDIT = model('runcomfy/google/nano-banana/pro/edit.json'); // seed 000
const NB2_EDIT = model('runcomfy/google/nano-banana-2/edit.json'); // seeds 001/002
const PRO_T2I = model('runcomfy/google/nano-banana/pro/text-to-image.json'); // seed 003
const RUNFLOW_EDIT = model('runflow/google/nano-banana-pro/edit.json'); // seed 004
const ALL = [PRO_EDIT, NB2_EDIT, PRO_T2I, RUNFLOW_EDIT];

const ports = (m: ModelEntry): SchemaPorts => fromJsonSchema(m.inputSchema);
const name = (m: ModelEntry): string => `${m.provider}:${m.endpoint}`;

function widget(m: ModelEntry, key: string): WidgetSpec {
  const found = ports(m).widgets.find((w) => w.key === key);
  if (!found) throw new Error(`${name(m)} has no widget "${key}"`);
  return found;
}

describe('fromJsonSchema on the seed-derived schemas', () => {
  it('turns string enums into selects with the enum as options, in order, and the default', () => {
    expect(widget(PRO_EDIT, 'aspect_ratio')).toMatchObject({
      kind: 'select',
      options: ['auto', '21:9', '16:9', '3:2', '4:3', '5:4', '1:1', '4:5', '3:4', '2:3', '9:16'],
      default: 'auto',
    });
    expect(widget(PRO_T2I, 'aspect_ratio')).toMatchObject({
      kind: 'select',
      options: ['21:9', '16:9', '3:2', '4:3', '5:4', '1:1', '4:5', '3:4', '2:3', '9:16'],
      default: '16:9',
    });
    expect(widget(NB2_EDIT, 'resolution')).toMatchObject({
      kind: 'select',
      options: ['0.5K', '1K', '2K', '4K'],
      default: '1K',
    });
    expect(widget(PRO_EDIT, 'output_format')).toMatchObject({
      kind: 'select',
      options: ['jpeg', 'png', 'webp'],
      default: 'png',
    });
  });

  it('turns a bounded integer into an integer number field with min and max (num_images 1..4)', () => {
    expect(widget(NB2_EDIT, 'num_images')).toEqual({
      key: 'num_images',
      label: 'Number of Images',
      description: 'The number of images to generate.',
      required: false,
      default: 1,
      kind: 'number',
      integer: true,
      min: 1,
      max: 4,
    });
  });

  it('turns an integer enum into a select of numbers (RunComfy NB2 safety_tolerance)', () => {
    const w = widget(NB2_EDIT, 'safety_tolerance');
    expect(w).toMatchObject({ kind: 'select', options: [1, 2, 3, 4, 5, 6], default: 4 });
    if (w.kind !== 'select') throw new Error('not a select');
    expect(w.options.every((o) => typeof o === 'number')).toBe(true);
  });

  it('turns the Runflow string enum "1".."6" into a select of strings without a default', () => {
    const w = widget(RUNFLOW_EDIT, 'safety_tolerance');
    expect(w).toMatchObject({ kind: 'select', options: ['1', '2', '3', '4', '5', '6'] });
    expect(w.default).toBeUndefined();
    if (w.kind !== 'select') throw new Error('not a select');
    expect(w.options.every((o) => typeof o === 'string')).toBe(true);
  });

  it('turns booleans into toggles with their defaults', () => {
    expect(widget(NB2_EDIT, 'limit_generations')).toMatchObject({ kind: 'toggle', default: true });
    expect(widget(NB2_EDIT, 'enable_web_search')).toMatchObject({
      kind: 'toggle',
      default: false,
    });
    const sync = widget(RUNFLOW_EDIT, 'sync_mode');
    expect(sync.kind).toBe('toggle');
    expect(sync.default).toBeUndefined();
  });

  it('turns an integer without bounds into a number field without min or max', () => {
    const seed = widget(NB2_EDIT, 'seed');
    expect(seed).toMatchObject({ kind: 'number', integer: true, default: 0 });
    expect(seed).not.toHaveProperty('min');
    expect(seed).not.toHaveProperty('max');
    const runflowCount = widget(RUNFLOW_EDIT, 'num_images');
    expect(runflowCount).toMatchObject({ kind: 'number', integer: true });
    expect(runflowCount).not.toHaveProperty('min');
    expect(runflowCount).not.toHaveProperty('max');
    expect(runflowCount.default).toBeUndefined();
  });

  it('turns prompt into a multiline, convertible text widget and a text input port feeding it', () => {
    for (const m of ALL) {
      const p = ports(m);
      expect(widget(m, 'prompt'), name(m)).toMatchObject({
        kind: 'text',
        multiline: true,
        convertible: true,
        required: true,
      });
      const textPorts = p.inputs.filter((i) => i.type === 'text');
      expect(textPorts, name(m)).toHaveLength(1);
      // The port is an alternative source for the required prompt widget, so the
      // port itself is optional: typing the prompt is enough.
      expect(textPorts[0], name(m)).toMatchObject({
        id: 'prompt',
        type: 'text',
        param: 'prompt',
        required: false,
      });
    }
  });

  it('turns a free string (Runflow aspect_ratio) into single-line text with no port', () => {
    expect(widget(RUNFLOW_EDIT, 'aspect_ratio')).toMatchObject({
      kind: 'text',
      multiline: false,
      convertible: false,
    });
    expect(ports(RUNFLOW_EDIT).inputs.map((i) => i.id)).not.toContain('aspect_ratio');
  });

  it('turns image_urls into exactly one image[] input accepting several connections, with 1..20 on RunComfy', () => {
    for (const m of [PRO_EDIT, NB2_EDIT]) {
      const lists = ports(m).inputs.filter((i) => i.type === 'image[]');
      expect(lists, name(m)).toHaveLength(1);
      expect(lists[0], name(m)).toMatchObject({
        id: 'image_urls',
        type: 'image[]',
        multiple: true,
        required: true,
        minItems: 1,
        maxItems: 20,
      });
      expect(ports(m).widgets.map((w) => w.key)).not.toContain('image_urls');
    }
  });

  it('gives the Runflow image list no item bounds, as its page documents none', () => {
    const lists = ports(RUNFLOW_EDIT).inputs.filter((i) => i.type === 'image[]');
    expect(lists).toHaveLength(1);
    expect(lists[0]).toMatchObject({ id: 'image_urls', multiple: true, required: true });
    expect(lists[0]).not.toHaveProperty('minItems');
    expect(lists[0]).not.toHaveProperty('maxItems');
  });

  it('gives the text-to-image model no image input', () => {
    expect(ports(PRO_T2I).inputs.map((i) => `${i.id}:${i.type}`)).toEqual(['prompt:text']);
  });

  it('carries titles, descriptions and defaults over; a sample prompt only as placeholder', () => {
    expect(widget(NB2_EDIT, 'prompt')).toMatchObject({
      label: 'Prompt',
      description: 'The prompt for image editing.',
      placeholder:
        'Keep the subject identity unchanged, convert the background into a rainy neon cyberpunk street at night, cinematic lighting, high detail.',
    });
    expect(widget(NB2_EDIT, 'prompt').default).toBeUndefined();
    expect(widget(PRO_EDIT, 'aspect_ratio')).toMatchObject({
      label: 'Aspect Ratio (W:H)',
      description: 'The aspect ratio of the generated image.',
    });
    const images = ports(NB2_EDIT).inputs.find((i) => i.id === 'image_urls');
    expect(images).toMatchObject({
      label: 'Images',
      description: 'The URLs of the images to use for image-to-image generation or image editing.',
    });
    expect(widget(RUNFLOW_EDIT, 'sync_mode').description).toBe(
      "If `True`, the media will be returned as a data URI and the output data won't be available in the request history.",
    );
  });

  it('never makes a provider sample prompt a value, and requires the prompt on every model', () => {
    for (const m of ALL) {
      const prompt = widget(m, 'prompt');
      expect(prompt.default, name(m)).toBeUndefined();
      expect(prompt.required, name(m)).toBe(true);
    }
    // RunComfy's text-to-image page prints an 820-character sample as the default.
    expect(PRO_T2I.inputSchema.properties.prompt).toMatchObject({ type: 'string' });
    const sample = (PRO_T2I.inputSchema.properties.prompt as { default?: string }).default;
    expect(sample?.length).toBe(820);
    expect(widget(PRO_T2I, 'prompt')).toMatchObject({ placeholder: sample });
  });

  it('makes the prompt required even where a schema leaves it optional', () => {
    const { widgets } = fromJsonSchema({
      type: 'object',
      properties: { prompt: { type: 'string', default: 'a sample' }, note: { type: 'string' } },
    });
    expect(widgets.find((w) => w.key === 'prompt')).toMatchObject({
      required: true,
      placeholder: 'a sample',
    });
    expect(widgets.find((w) => w.key === 'note')).toMatchObject({ required: false });
  });

  it('drops empty descriptions', () => {
    // Seed 000 documents prompt and image_urls with "description": "".
    expect(PRO_EDIT.inputSchema.properties.prompt?.description).toBe('');
    expect(widget(PRO_EDIT, 'prompt').description).toBeUndefined();
    const p = ports(PRO_EDIT);
    expect(p.inputs.find((i) => i.id === 'prompt')?.description).toBeUndefined();
    expect(p.inputs.find((i) => i.id === 'image_urls')?.description).toBeUndefined();
  });

  it('humanises keys for labels when the schema gives no title', () => {
    expect(humanizeKey('aspect_ratio')).toBe('Aspect ratio');
    expect(widget(RUNFLOW_EDIT, 'aspect_ratio').label).toBe('Aspect ratio');
    expect(widget(RUNFLOW_EDIT, 'enable_web_search').label).toBe('Enable web search');
    expect(widget(RUNFLOW_EDIT, 'prompt').label).toBe('Prompt');
  });

  it('labels an untitled image list "Images" rather than humanising image_urls', () => {
    expect(ports(RUNFLOW_EDIT).inputs.find((i) => i.id === 'image_urls')?.label).toBe('Images');
  });

  it('outputs images (image[]) then image (image) for every model', () => {
    for (const m of ALL)
      expect(
        ports(m).outputs.map((o) => `${o.id}:${o.type}`),
        name(m),
      ).toEqual(['images:image[]', 'image:image']);
  });

  it('makes every widget and image port required exactly when the schema requires it', () => {
    for (const m of ALL) {
      const required = new Set(m.inputSchema.required ?? []);
      const p = ports(m);
      for (const w of p.widgets)
        expect(w.required, `${name(m)} ${w.key}`).toBe(required.has(w.key));
      for (const i of p.inputs.filter((port) => port.type === 'image[]'))
        expect(i.required, `${name(m)} ${i.id}`).toBe(required.has(i.id));
    }
    expect(widget(NB2_EDIT, 'num_images').required).toBe(false);
  });

  it('maps every schema property to one widget or one image port, in schema order', () => {
    for (const m of ALL) {
      const p = ports(m);
      const imageLists = p.inputs.filter((i) => i.type === 'image[]').map((i) => i.id);
      const widgetKeys = p.widgets.map((w) => w.key);
      const keys = Object.keys(m.inputSchema.properties);
      expect(
        keys.filter((k) => !imageLists.includes(k)),
        name(m),
      ).toEqual(widgetKeys);
      expect([...widgetKeys, ...imageLists].sort(), name(m)).toEqual([...keys].sort());
    }
  });
});
