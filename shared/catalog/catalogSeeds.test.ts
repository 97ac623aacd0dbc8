import { describe, expect, it } from 'vitest';
import {
  PROPERTY_FIELDS,
  RUNCOMFY_CASES,
  RUNCOMFY_PAGES,
  SEED,
  STRUCTURAL_FIELDS,
  UNTRANSLATED_TITLE,
  asRecord,
  catalog,
  entry,
  extractInputSchema,
  key,
  propertiesOf,
} from './seedsTestKit';
import type { JsonObject } from './seedsTestKit';

/**
 * The catalog must say exactly what the provider pages say: each RunComfy entry
 * against the schema its page prints, the Runflow entry's price against its page.
 */

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

  it('says where each price was looked for and when: the Runflow page, the RunComfy pages that state none', () => {
    const runflow = entry('runflow', 'google/nano-banana-pro/edit').pricing;
    expect(runflow).toMatchObject({
      source: expect.stringMatching(
        /^https:\/\/docs\.runflow\.io\/models\/google\/nano-banana-pro\/edit /,
      ),
      checkedOn: '2026-12-06',
    });
    for (const endpoint of Object.keys(RUNCOMFY_PAGES)) {
      const pricing = entry('runcomfy', endpoint).pricing;
      if (pricing.kind !== 'unknown') throw new Error(`${endpoint} has a price`);
      expect(pricing.checkedOn, endpoint).toBe('2026-12-06');
      // Its own model API page is among the pages searched (the page path drops the
      // slash of "nano-banana/pro").
      const page = endpoint.replace('nano-banana/pro', 'nano-banana-pro');
      expect(
        pricing.searched?.some((url) => url.endsWith(`/${page}/api`)),
        endpoint,
      ).toBe(true);
      expect(pricing.note).toMatch(/Enter your own price in Settings/);
    }
  });
});
