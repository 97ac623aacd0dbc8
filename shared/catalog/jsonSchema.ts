import { z } from 'zod';

/**
 * The subset of JSON Schema the provider pages use for model inputs. Parsing a
 * catalog file with it fails loudly on anything the widget generator would not
 * understand, instead of silently dropping a field.
 */
const Base = {
  title: z.string().optional(),
  description: z.string().optional(),
};

export const StringPropertySchema = z.strictObject({
  ...Base,
  type: z.literal('string'),
  enum: z.array(z.string()).min(1).optional(),
  default: z.string().optional(),
  format: z.string().optional(),
});

export const NumberPropertySchema = z.strictObject({
  ...Base,
  type: z.enum(['integer', 'number']),
  enum: z.array(z.number()).min(1).optional(),
  default: z.number().optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
});

export const BooleanPropertySchema = z.strictObject({
  ...Base,
  type: z.literal('boolean'),
  default: z.boolean().optional(),
});

export const ArrayPropertySchema = z.strictObject({
  ...Base,
  type: z.literal('array'),
  items: z.strictObject({ type: z.literal('string'), format: z.string().optional() }),
  minItems: z.number().int().nonnegative().optional(),
  maxItems: z.number().int().positive().optional(),
  default: z.array(z.string()).optional(),
});

export const PropertySchema = z.discriminatedUnion('type', [
  StringPropertySchema,
  NumberPropertySchema,
  BooleanPropertySchema,
  ArrayPropertySchema,
]);
export type JsonSchemaProperty = z.infer<typeof PropertySchema>;

export const InputSchemaSchema = z.strictObject({
  type: z.literal('object'),
  title: z.string().optional(),
  required: z.array(z.string()).optional(),
  properties: z.record(z.string(), PropertySchema),
});
export type InputSchema = z.infer<typeof InputSchemaSchema>;
