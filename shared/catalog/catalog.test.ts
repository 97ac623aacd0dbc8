import { describe, it, expect } from 'vitest';
import { parseCatalog } from './catalog';
import { modelNodeType } from './model';

/** A minimal valid catalog file; `overrides` replace top-level fields. */
function entryJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    provider: 'runcomfy',
    endpoint: 'google/example/edit',
    displayName: 'Example Edit',
    family: 'Example',
    task: 'edit',
    pricing: { kind: 'unknown', note: 'The page states no price.' },
    inputSchema: {
      type: 'object',
      title: 'Input',
      required: ['prompt'],
      properties: {
        prompt: { title: 'Prompt', type: 'string' },
        num_images: { type: 'integer', minimum: 1, maximum: 4, default: 1 },
      },
    },
    ...overrides,
  };
}

describe('parseCatalog', () => {
  it('parses valid entries and sorts them by node type, whatever the input order', () => {
    const result = parseCatalog([
      { origin: 'c.json', json: entryJson({ provider: 'runflow', endpoint: 'google/a/edit' }) },
      { origin: 'b.json', json: entryJson({ endpoint: 'google/b/edit' }) },
      { origin: 'a.json', json: entryJson({ endpoint: 'google/a/edit' }) },
    ]);
    expect(result.errors).toEqual([]);
    expect(result.models.map((m) => modelNodeType(m))).toEqual([
      'model:runcomfy/google/a/edit',
      'model:runcomfy/google/b/edit',
      'model:runflow/google/a/edit',
    ]);
    expect(result.models[0]).toEqual(entryJson({ endpoint: 'google/a/edit' }));
  });

  it('returns no models and no errors for no sources', () => {
    expect(parseCatalog([])).toEqual({ models: [], errors: [] });
  });

  it('skips a broken entry with an error naming its origin, JSON path and problem, and keeps the others', () => {
    const broken = entryJson({ endpoint: 'google/broken/edit' });
    const schema = broken.inputSchema as { properties: Record<string, Record<string, unknown>> };
    schema.properties.num_images = { type: 'integer', minimum: '1' };
    const result = parseCatalog([
      { origin: 'models/good-1.json', json: entryJson({ endpoint: 'google/good-1/edit' }) },
      { origin: 'models/broken.json', json: broken },
      { origin: 'models/good-2.json', json: entryJson({ endpoint: 'google/good-2/edit' }) },
    ]);
    expect(result.models.map((m) => m.endpoint)).toEqual([
      'google/good-1/edit',
      'google/good-2/edit',
    ]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toBe(
      'models/broken.json: inputSchema.properties.num_images.minimum: Invalid input: expected number, received string',
    );
  });

  it('reports every bad field of a broken entry, each with its path', () => {
    const result = parseCatalog([
      {
        origin: 'x.json',
        json: entryJson({
          endpoint: 'Not A Path',
          task: 'upscale',
          inputSchema: { type: 'object', properties: { mask: { type: 'object' } } },
        }),
      },
    ]);
    expect(result.models).toEqual([]);
    expect(result.errors).toHaveLength(3);
    expect(result.errors[0]).toBe('x.json: endpoint: must be a provider model path');
    expect(result.errors[1]).toBe(
      'x.json: task: Invalid option: expected one of "text-to-image"|"edit"',
    );
    expect(result.errors[2]).toMatch(
      /^x\.json: inputSchema\.properties\.mask\.type: Invalid discriminator value\. Expected 'string'/,
    );
  });

  it('refuses schema keys the widget generator would not understand instead of dropping them', () => {
    const entry = entryJson();
    const schema = entry.inputSchema as { properties: Record<string, Record<string, unknown>> };
    schema.properties.prompt = { type: 'string', maxLength: 100 };
    const result = parseCatalog([{ origin: 'y.json', json: entry }]);
    expect(result.models).toEqual([]);
    expect(result.errors).toEqual([
      'y.json: inputSchema.properties.prompt: Unrecognized key: "maxLength"',
    ]);
  });

  it('reports an entry that is not an object at its root', () => {
    const result = parseCatalog([
      { origin: 'z.json', json: [1, 2] },
      { origin: 'ok.json', json: entryJson() },
    ]);
    expect(result.models).toHaveLength(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^z\.json: \(root\): /);
  });

  it('refuses a second entry for the same provider and endpoint, naming both files', () => {
    const result = parseCatalog([
      { origin: 'first.json', json: entryJson({ displayName: 'First' }) },
      { origin: 'second.json', json: entryJson({ displayName: 'Second' }) },
    ]);
    expect(result.models.map((m) => m.displayName)).toEqual(['First']);
    expect(result.errors).toEqual([
      'second.json: model:runcomfy/google/example/edit is already defined by first.json',
    ]);
  });

  it('accepts the same endpoint path on two different providers', () => {
    const result = parseCatalog([
      { origin: 'a.json', json: entryJson({ provider: 'runcomfy' }) },
      { origin: 'b.json', json: entryJson({ provider: 'runflow' }) },
    ]);
    expect(result.errors).toEqual([]);
    expect(result.models).toHaveLength(2);
  });

  it('keeps unknown pricing unknown, with no invented price', () => {
    const result = parseCatalog([{ origin: 'a.json', json: entryJson() }]);
    expect(result.models[0]?.pricing).toEqual({
      kind: 'unknown',
      note: 'The page states no price.',
    });
    expect(result.models[0]?.pricing).not.toHaveProperty('usd');
  });

  it('refuses a price attached to unknown pricing', () => {
    const result = parseCatalog([
      {
        origin: 'a.json',
        json: entryJson({ pricing: { kind: 'unknown', note: 'n', usd: 0.1 } }),
      },
    ]);
    expect(result.models).toEqual([]);
    expect(result.errors).toEqual(['a.json: pricing: Unrecognized key: "usd"']);
  });

  it('keeps a documented per-image price with its source', () => {
    const pricing = { kind: 'per_image', usd: 0.15, source: 'https://example.test/pricing' };
    const result = parseCatalog([{ origin: 'a.json', json: entryJson({ pricing }) }]);
    expect(result.errors).toEqual([]);
    expect(result.models[0]?.pricing).toEqual(pricing);
  });

  it('keeps the day a price was checked, and the pages searched where none is published', () => {
    const priced = {
      kind: 'per_image',
      usd: 0.15,
      source: 'https://example.test/pricing',
      checkedOn: '2026-12-06',
    };
    const unpriced = {
      kind: 'unknown',
      note: 'No public price.',
      searched: ['https://example.test/model/api', 'https://example.test/billing'],
      checkedOn: '2026-12-06',
    };
    const result = parseCatalog([
      { origin: 'a.json', json: entryJson({ endpoint: 'google/a/edit', pricing: priced }) },
      { origin: 'b.json', json: entryJson({ endpoint: 'google/b/edit', pricing: unpriced }) },
    ]);
    expect(result.errors).toEqual([]);
    expect(result.models.map((m) => m.pricing)).toEqual([priced, unpriced]);
  });

  it('refuses a check date that is not a calendar day and a searched page that is not an https URL', () => {
    const result = parseCatalog([
      {
        origin: 'a.json',
        json: entryJson({
          pricing: { kind: 'per_image', usd: 0.1, source: 's', checkedOn: '6 Dec 2026' },
        }),
      },
      {
        origin: 'b.json',
        json: entryJson({
          endpoint: 'google/b/edit',
          pricing: {
            kind: 'unknown',
            note: 'n',
            searched: ['http://example.test/page'],
            checkedOn: '2026-02-30',
          },
        }),
      },
    ]);
    expect(result.models).toEqual([]);
    expect(result.errors).toEqual([
      'a.json: pricing.checkedOn: must be a date as YYYY-MM-DD',
      expect.stringMatching(/^b\.json: pricing\.searched\[0\]: /),
      'b.json: pricing.checkedOn: must be a date as YYYY-MM-DD',
    ]);
  });
});
