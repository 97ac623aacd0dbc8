import { readFileSync, readdirSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { parseCatalog } from './catalog';
import type { CatalogSource } from './catalog';
import type { ModelEntry } from './model';

/**
 * The catalog must say exactly what the provider pages say. The pages are copied in
 * tests/fixtures/seeds/ (see its README.md); this file reads them, pulls the input
 * schema out of each, and compares it with the catalog entry field by field.
 */

const SEEDS_DIR = new URL('../../tests/fixtures/seeds/', import.meta.url);
const MODELS_DIR = new URL('./models/', import.meta.url);

function readSeed(prefix: string): string {
  const name = readdirSync(SEEDS_DIR).find((n) => n.startsWith(`${prefix}_`) && n.endsWith('.txt'));
  if (!name) throw new Error(`seed ${prefix} not found in ${SEEDS_DIR.pathname}`);
  return readFileSync(new URL(name, SEEDS_DIR), 'utf8');
}

function readCatalog(): { models: ModelEntry[]; errors: string[] } {
  const names = readdirSync(MODELS_DIR, { recursive: true, encoding: 'utf8' })
    .filter((n) => n.endsWith('.json'))
    .sort();
  const sources: CatalogSource[] = names.map((n) => ({
    origin: n,
    json: JSON.parse(readFileSync(new URL(n, MODELS_DIR), 'utf8')) as unknown,
  }));
  return parseCatalog(sources);
}

// ---------------------------------------------------------------------------------
// RunComfy pages: the input schema is printed as JSON in the page text.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

/**
 * The text of the balanced `{ ... }` that starts at `open`, skipping braces inside
 * JSON strings (descriptions such as `Default value: \"png\"` hold escaped quotes).
 */
function balancedObjectAt(text: string, open: number): string {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return text.slice(open, i + 1);
    }
  }
  throw new Error(`unbalanced JSON object at offset ${open}`);
}

/**
 * The input JSON Schema of a RunComfy page: the object whose first key is
 * `"type": "object"`. It is the first such object on the page (the curl examples
 * carry no schema, and the output schema nests its `"type": "object"` under
 * `"output"`, after the input schema).
 */
function extractInputSchema(page: string): JsonObject {
  const match = /\{\s*"type"\s*:\s*"object"/.exec(page);
  if (!match) throw new Error('no `"type": "object"` in the page');
  const parsed = JSON.parse(balancedObjectAt(page, match.index)) as Json;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('the input schema is not a JSON object');
  if (typeof parsed.properties !== 'object' || parsed.properties === null)
    throw new Error('the input schema has no properties');
  return parsed;
}

const propertiesOf = (schema: JsonObject): Record<string, JsonObject> =>
  schema.properties as Record<string, JsonObject>;

/** Every field a property may carry; each one is compared on its own. */
const PROPERTY_FIELDS = [
  'type',
  'enum',
  'default',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'items',
  'title',
  'description',
] as const;

/** Types, enums, defaults, bounds and items: what a translation must not change. */
const STRUCTURAL_FIELDS = PROPERTY_FIELDS.filter((f) => f !== 'title' && f !== 'description');

const asRecord = (v: unknown): Record<string, unknown> => v as Record<string, unknown>;

// ---------------------------------------------------------------------------------
// Runflow page: the input schema is a markdown table.

interface TableRow {
  field: string;
  type: string;
  required: boolean;
  /** `undefined` when the page says `Any`. */
  allowed: string[] | undefined;
  description: string;
}

/** Markdown escapes (`image\_list`, `\$0.15`) back to plain text; backticks stay. */
const unescapeMarkdown = (s: string): string => s.replace(/\\([\\_*$|[\](){}#+\-.!])/g, '$1');

/** Cells of one `| a | b |` row; an escaped `\|` stays inside its cell. */
function splitRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => unescapeMarkdown(c.trim()));
}

const stripCode = (s: string): string => s.replace(/^`(.*)`$/, '$1');

function parseInputTable(page: string): TableRow[] {
  const start = page.indexOf('## Input schema');
  if (start < 0) throw new Error('no "## Input schema" section');
  const lines = page.slice(start).split('\n').slice(1);
  const table: string[] = [];
  for (const line of lines) {
    if (line.trim().startsWith('|')) table.push(line);
    else if (table.length > 0) break;
  }
  const [header, rule, ...rows] = table;
  if (!header || !rule) throw new Error('the input schema table has no header');
  const columns = splitRow(header).join(' | ');
  if (columns !== 'Field | Type | Required | Allowed values | Description')
    throw new Error(`unexpected input schema columns: ${columns}`);
  return rows.map((line) => {
    const [field, type, required, allowed, description, ...rest] = splitRow(line);
    if (
      field === undefined ||
      type === undefined ||
      required === undefined ||
      allowed === undefined ||
      description === undefined ||
      rest.length > 0
    )
      throw new Error(`malformed row: ${line}`);
    if (required !== 'required' && required !== 'optional')
      throw new Error(`row ${field}: Required is "${required}"`);
    return {
      field: stripCode(field),
      type,
      required: required === 'required',
      allowed: allowed === 'Any' ? undefined : allowed.split(',').map((v) => stripCode(v.trim())),
      description,
    };
  });
}

/** The JSON Schema type a Runflow table type stands for. */
function schemaTypeOf(row: TableRow): Record<string, unknown> {
  switch (row.type) {
    case 'string':
    case 'boolean':
    case 'integer':
    case 'number':
      return { type: row.type };
    case 'image_list':
      return { type: 'array', items: { type: 'string', format: 'image_uri' } };
    default:
      throw new Error(`row ${row.field}: unknown table type "${row.type}"`);
  }
}

/** Allowed values as the enum of the field's type (`Any` is no enum). */
function enumOf(row: TableRow): Array<string | number> | undefined {
  if (!row.allowed) return undefined;
  if (row.type === 'integer' || row.type === 'number') return row.allowed.map(Number);
  return row.allowed;
}

// ---------------------------------------------------------------------------------

const catalog = readCatalog();
const key = (m: Pick<ModelEntry, 'provider' | 'endpoint'>): string => `${m.provider}:${m.endpoint}`;
const entry = (provider: string, endpoint: string): ModelEntry => {
  const found = catalog.models.find((m) => m.provider === provider && m.endpoint === endpoint);
  if (!found) throw new Error(`catalog has no ${provider}:${endpoint}`);
  return found;
};

const SEED = {
  pro_edit: readSeed('000'),
  nb2_edit_es: readSeed('001'),
  nb2_edit_keys: readSeed('002'),
  pro_t2i: readSeed('003'),
  runflow_pro_edit: readSeed('004'),
};

/**
 * Seed 002 is the English page with its UI strings left as untranslated keys; that
 * includes the schema title, printed as the i18n key "modelApiDoc_navInputSchema".
 * The catalog uses "Input", the title seed 001 (same endpoint) and every other
 * RunComfy page print. That key is the one difference accepted against seed 002:
 * the property titles and descriptions of 002 are real English text and must match.
 */
const UNTRANSLATED_TITLE = 'modelApiDoc_navInputSchema';

function nb2ReferenceSchema(): JsonObject {
  const english = extractInputSchema(SEED.nb2_edit_keys);
  const spanish = extractInputSchema(SEED.nb2_edit_es);
  if (english.title !== UNTRANSLATED_TITLE || spanish.title !== 'Input')
    throw new Error('the NB2 seed titles are not the expected untranslated key and "Input"');
  return { ...english, title: spanish.title };
}

const RUNCOMFY_CASES: Array<{ endpoint: string; seed: string; schema: () => JsonObject }> = [
  {
    endpoint: 'google/nano-banana/pro/edit',
    seed: '000',
    schema: () => extractInputSchema(SEED.pro_edit),
  },
  { endpoint: 'google/nano-banana-2/edit', seed: '002 (title as 001)', schema: nb2ReferenceSchema },
  {
    endpoint: 'google/nano-banana/pro/text-to-image',
    seed: '003',
    schema: () => extractInputSchema(SEED.pro_t2i),
  },
];

const RUNCOMFY_PAGES: Record<string, string> = {
  'google/nano-banana/pro/edit': SEED.pro_edit,
  'google/nano-banana-2/edit': SEED.nb2_edit_keys,
  'google/nano-banana/pro/text-to-image': SEED.pro_t2i,
};

describe('catalog coverage', () => {
  it('parses every catalog file without errors', () => {
    expect(catalog.errors).toEqual([]);
  });

  it('covers exactly the four documented endpoints', () => {
    expect(catalog.models.map(key).sort()).toEqual([
      'runcomfy:google/nano-banana-2/edit',
      'runcomfy:google/nano-banana/pro/edit',
      'runcomfy:google/nano-banana/pro/text-to-image',
      'runflow:google/nano-banana-pro/edit',
    ]);
  });

  it('maps each RunComfy entry to the page that documents its endpoint URL', () => {
    for (const [endpoint, page] of Object.entries(RUNCOMFY_PAGES))
      expect(page).toContain(`https://model-api.runcomfy.net/v1/models/${endpoint}`);
    expect(SEED.nb2_edit_es).toContain(
      'https://model-api.runcomfy.net/v1/models/google/nano-banana-2/edit',
    );
  });

  it('maps the Runflow entry to the page that documents its model id', () => {
    expect(SEED.runflow_pro_edit).toContain('**Model ID**: google/nano-banana-pro/edit');
  });
});

describe('the schema extractor', () => {
  it('takes the input schema, not the output schema, and keeps escaped quotes', () => {
    const schema = extractInputSchema(SEED.pro_edit);
    expect(Object.keys(propertiesOf(schema))).toEqual([
      'prompt',
      'aspect_ratio',
      'resolution',
      'output_format',
      'image_urls',
    ]);
    expect(propertiesOf(schema).output_format?.description).toBe(
      'The format of the generated image. Default value: "png"',
    );
  });
});

for (const c of RUNCOMFY_CASES) {
  describe(`runcomfy:${c.endpoint} against seed ${c.seed}`, () => {
    const seed = c.schema();
    const model = entry('runcomfy', c.endpoint);
    const actual = model.inputSchema as unknown as JsonObject;
    const seedProps = propertiesOf(seed);
    const actualProps = propertiesOf(actual);

    it('is an object schema with the page title', () => {
      expect(actual.type).toBe('object');
      expect(actual.type).toBe(seed.type);
      expect(actual.title).toBe(seed.title);
    });

    it('requires exactly the fields the page requires, in its order', () => {
      expect(actual.required).toEqual(seed.required);
    });

    it('has the page properties in the page order, nothing more', () => {
      expect(Object.keys(actualProps)).toEqual(Object.keys(seedProps));
    });

    it('carries no schema key the page does not have', () => {
      expect(Object.keys(actual).sort()).toEqual(Object.keys(seed).sort());
    });

    for (const [name, expected] of Object.entries(seedProps)) {
      it(`property "${name}" has the page type, enum, default, bounds, items, title and description`, () => {
        const got = asRecord(actualProps[name]);
        for (const field of PROPERTY_FIELDS)
          expect(got[field], `${c.endpoint} ${name}.${field}`).toEqual(expected[field]);
        // Nothing beyond the compared fields, on either side.
        expect(
          Object.keys(got).filter((f) => !(PROPERTY_FIELDS as readonly string[]).includes(f)),
        ).toEqual([]);
        expect(
          Object.keys(expected).filter((f) => !(PROPERTY_FIELDS as readonly string[]).includes(f)),
        ).toEqual([]);
      });
    }
  });
}

describe('runcomfy:google/nano-banana-2/edit seeds 001 (Spanish) and 002 (untranslated keys)', () => {
  const spanish = extractInputSchema(SEED.nb2_edit_es);
  const english = extractInputSchema(SEED.nb2_edit_keys);

  it('have as schema title "Input" (001) and the untranslated key (002): the one accepted difference', () => {
    expect(spanish.title).toBe('Input');
    expect(english.title).toBe(UNTRANSLATED_TITLE);
    expect(entry('runcomfy', 'google/nano-banana-2/edit').inputSchema.title).toBe('Input');
  });

  it('give the same required list and property order', () => {
    expect(spanish.required).toEqual(english.required);
    expect(Object.keys(propertiesOf(spanish))).toEqual(Object.keys(propertiesOf(english)));
  });

  it('give the same types, enums, defaults, bounds and items for every property', () => {
    const es = propertiesOf(spanish);
    const en = propertiesOf(english);
    for (const [name, prop] of Object.entries(en))
      for (const field of STRUCTURAL_FIELDS)
        expect(es[name]?.[field], `${name}.${field}`).toEqual(prop[field]);
  });

  it('differ only in titles and descriptions (the translated text)', () => {
    const strip = (schema: JsonObject): unknown =>
      Object.fromEntries(
        Object.entries(propertiesOf(schema)).map(([name, prop]) => {
          const { title: _t, description: _d, ...rest } = prop;
          return [name, rest];
        }),
      );
    expect(strip(spanish)).toEqual(strip(english));
    expect(propertiesOf(spanish).num_images?.title).toBe('Número de imágenes');
  });
});

describe('runflow:google/nano-banana-pro/edit against seed 004 (markdown table)', () => {
  const rows = parseInputTable(SEED.runflow_pro_edit);
  const model = entry('runflow', 'google/nano-banana-pro/edit');
  const props = model.inputSchema.properties;

  it('reads the eleven rows of the page table', () => {
    expect(rows.map((r) => r.field)).toEqual([
      'prompt',
      'aspect_ratio',
      'enable_web_search',
      'resolution',
      'num_images',
      'output_format',
      'sync_mode',
      'safety_tolerance',
      'seed',
      'image_urls',
      'limit_generations',
    ]);
  });

  it('has the table fields in the table order, nothing more', () => {
    expect(Object.keys(props)).toEqual(rows.map((r) => r.field));
  });

  it('requires exactly the fields marked required', () => {
    expect(model.inputSchema.required).toEqual(rows.filter((r) => r.required).map((r) => r.field));
  });

  for (const row of rows) {
    it(`field "${row.field}" has the table type, allowed values and description, and nothing invented`, () => {
      const got = asRecord(props[row.field]);
      const type = schemaTypeOf(row);
      expect(got.type, `${row.field}.type`).toBe(type.type);
      expect(got.items, `${row.field}.items`).toEqual(type.items);
      expect(got.enum, `${row.field}.enum`).toEqual(enumOf(row));
      expect(got.description, `${row.field}.description`).toBe(row.description);
      // The table gives no titles, defaults or bounds: the catalog must not add any.
      const documented = ['type', 'description', ...(type.items ? ['items'] : [])];
      if (row.allowed) documented.push('enum');
      expect(Object.keys(got).sort()).toEqual(documented.sort());
    });
  }

  it('keeps safety_tolerance as the string enum "1".."6" the page lists', () => {
    expect(props.safety_tolerance).toMatchObject({
      type: 'string',
      enum: ['1', '2', '3', '4', '5', '6'],
    });
  });

  it('turns image_list into an array of image_uri strings', () => {
    expect(props.image_urls).toMatchObject({
      type: 'array',
      items: { type: 'string', format: 'image_uri' },
    });
  });
});

describe('pricing', () => {
  it('gives the Runflow entry the page price of $0.15 per image', () => {
    const base = /\*\*Base price\*\*:\s*\\?\$([0-9.]+)\/image/.exec(SEED.runflow_pro_edit);
    expect(base?.[1]).toBe('0.15');
    const pricing = entry('runflow', 'google/nano-banana-pro/edit').pricing;
    expect(pricing.kind).toBe('per_image');
    if (pricing.kind !== 'per_image') return;
    expect(pricing.usd).toBe(Number(base?.[1]));
    expect(pricing.usd).toBe(0.15);
    // The page documents no per-resolution price.
    expect(pricing.resolutionMultipliers).toBeUndefined();
  });

  it('leaves the RunComfy entries unknown, as their pages state no price', () => {
    for (const [endpoint, page] of Object.entries(RUNCOMFY_PAGES)) {
      expect(page, endpoint).not.toMatch(/\$\s?\d/);
      expect(entry('runcomfy', endpoint).pricing.kind, endpoint).toBe('unknown');
    }
    expect(SEED.nb2_edit_es).not.toMatch(/\$\s?\d/);
  });
});
