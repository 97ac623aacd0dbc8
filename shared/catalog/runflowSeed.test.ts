import { describe, expect, it } from 'vitest';
import { SEED, asRecord, entry, enumOf, parseInputTable, schemaTypeOf } from './seedsTestKit';

/** The Runflow entry against the input table of its page (seed 004). */

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
