import { readFileSync, readdirSync } from 'node:fs';
import { parseCatalog } from './catalog';
import type { CatalogSource } from './catalog';
import type { ModelEntry } from './model';

/**
 * Test kit of the catalog seed tests: reads the provider pages copied in
 * tests/fixtures/seeds/ (see its README.md) and pulls the input schema out of each
 * (JSON printed in RunComfy pages, a markdown table in Runflow's), so the tests can
 * compare it with the catalog entry field by field.
 */

export const SEEDS_DIR = new URL('../../tests/fixtures/seeds/', import.meta.url);
export const MODELS_DIR = new URL('./models/', import.meta.url);

export function readSeed(prefix: string): string {
  const name = readdirSync(SEEDS_DIR).find((n) => n.startsWith(`${prefix}_`) && n.endsWith('.txt'));
  if (!name) throw new Error(`seed ${prefix} not found in ${SEEDS_DIR.pathname}`);
  return readFileSync(new URL(name, SEEDS_DIR), 'utf8');
}

export function readCatalog(): { models: ModelEntry[]; errors: string[] } {
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

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

/**
 * The text of the balanced `{ ... }` that starts at `open`, skipping braces inside
 * JSON strings (descriptions such as `Default value: \"png\"` hold escaped quotes).
 */
export function balancedObjectAt(text: string, open: number): string {
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
export function extractInputSchema(page: string): JsonObject {
  const match = /\{\s*"type"\s*:\s*"object"/.exec(page);
  if (!match) throw new Error('no `"type": "object"` in the page');
  const parsed = JSON.parse(balancedObjectAt(page, match.index)) as Json;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('the input schema is not a JSON object');
  if (typeof parsed.properties !== 'object' || parsed.properties === null)
    throw new Error('the input schema has no properties');
  return parsed;
}

export const propertiesOf = (schema: JsonObject): Record<string, JsonObject> =>
  schema.properties as Record<string, JsonObject>;

/** Every field a property may carry; each one is compared on its own. */
export const PROPERTY_FIELDS = [
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
export const STRUCTURAL_FIELDS = PROPERTY_FIELDS.filter(
  (f) => f !== 'title' && f !== 'description',
);

export const asRecord = (v: unknown): Record<string, unknown> => v as Record<string, unknown>;

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
export const unescapeMarkdown = (s: string): string =>
  s.replace(/\\([\\_*$|[\](){}#+\-.!])/g, '$1');

/** Cells of one `| a | b |` row; an escaped `\|` stays inside its cell. */
export function splitRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => unescapeMarkdown(c.trim()));
}

export const stripCode = (s: string): string => s.replace(/^`(.*)`$/, '$1');

export function parseInputTable(page: string): TableRow[] {
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
export function schemaTypeOf(row: TableRow): Record<string, unknown> {
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
export function enumOf(row: TableRow): Array<string | number> | undefined {
  if (!row.allowed) return undefined;
  if (row.type === 'integer' || row.type === 'number') return row.allowed.map(Number);
  return row.allowed;
}

// ---------------------------------------------------------------------------------

export const catalog = readCatalog();
export const key = (m: Pick<ModelEntry, 'provider' | 'endpoint'>): string =>
  `${m.provider}:${m.endpoint}`;
export const entry = (provider: string, endpoint: string): ModelEntry => {
  const found = catalog.models.find((m) => m.provider === provider && m.endpoint === endpoint);
  if (!found) throw new Error(`catalog has no ${provider}:${endpoint}`);
  return found;
};

export const SEED = {
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
export const UNTRANSLATED_TITLE = 'modelApiDoc_navInputSchema';

export function nb2ReferenceSchema(): JsonObject {
  const english = extractInputSchema(SEED.nb2_edit_keys);
  const spanish = extractInputSchema(SEED.nb2_edit_es);
  if (english.title !== UNTRANSLATED_TITLE || spanish.title !== 'Input')
    throw new Error('the NB2 seed titles are not the expected untranslated key and "Input"');
  return { ...english, title: spanish.title };
}

export const RUNCOMFY_CASES: Array<{ endpoint: string; seed: string; schema: () => JsonObject }> = [
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

export const RUNCOMFY_PAGES: Record<string, string> = {
  'google/nano-banana/pro/edit': SEED.pro_edit,
  'google/nano-banana-2/edit': SEED.nb2_edit_keys,
  'google/nano-banana/pro/text-to-image': SEED.pro_t2i,
};
