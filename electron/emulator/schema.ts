import type { InputSchema, JsonSchemaProperty } from '../../shared/catalog/jsonSchema';

/** One bad field, located by its path inside the model input. */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
  /** A short machine-readable kind, in the style of FastAPI/pydantic error types. */
  type: string;
}

/** Extra checks for string items with a `format` (e.g. image_uri); returns a message or null. */
export type FormatCheck = (format: string, value: string) => string | null;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates a model input against the subset of JSON Schema the catalog uses.
 * Unknown fields are refused: a misspelt parameter would otherwise be silently
 * ignored by the provider and the client would never learn of it.
 */
export function validateInput(
  schema: InputSchema,
  input: unknown,
  checkFormat: FormatCheck = () => null,
): FieldIssue[] {
  if (!isObject(input)) {
    return [{ path: [], message: 'Input should be a valid object', type: 'object_type' }];
  }
  const issues: FieldIssue[] = [];
  for (const name of schema.required ?? []) {
    if (input[name] === undefined) {
      issues.push({ path: [name], message: 'Field required', type: 'missing' });
    }
  }
  for (const [name, value] of Object.entries(input)) {
    const property = schema.properties[name];
    if (!property) {
      issues.push({ path: [name], message: 'Extra inputs are not permitted', type: 'extra' });
    } else if (value !== undefined) {
      issues.push(...checkProperty(property, value, [name], checkFormat));
    }
  }
  return issues;
}

function checkProperty(
  property: JsonSchemaProperty,
  value: unknown,
  path: (string | number)[],
  checkFormat: FormatCheck,
): FieldIssue[] {
  const issue = (message: string, type: string): FieldIssue[] => [{ path, message, type }];
  switch (property.type) {
    case 'string': {
      if (typeof value !== 'string') return issue('Input should be a valid string', 'string_type');
      if (property.enum && !property.enum.includes(value)) {
        return issue(`Input should be ${listOf(property.enum)}`, 'enum');
      }
      const bad = property.format ? checkFormat(property.format, value) : null;
      return bad ? issue(bad, 'format') : [];
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return issue(`Input should be a valid ${property.type}`, `${property.type}_type`);
      }
      if (property.type === 'integer' && !Number.isInteger(value)) {
        return issue('Input should be a valid integer', 'integer_type');
      }
      if (property.enum && !property.enum.includes(value)) {
        return issue(`Input should be ${listOf(property.enum)}`, 'enum');
      }
      if (property.minimum !== undefined && value < property.minimum) {
        return issue(
          `Input should be greater than or equal to ${property.minimum}`,
          'greater_than_equal',
        );
      }
      if (property.maximum !== undefined && value > property.maximum) {
        return issue(
          `Input should be less than or equal to ${property.maximum}`,
          'less_than_equal',
        );
      }
      return [];
    }
    case 'boolean':
      return typeof value === 'boolean'
        ? []
        : issue('Input should be a valid boolean', 'bool_type');
    case 'array': {
      if (!Array.isArray(value)) return issue('Input should be a valid list', 'list_type');
      if (property.minItems !== undefined && value.length < property.minItems) {
        return issue(`List should have at least ${property.minItems} item(s)`, 'too_short');
      }
      if (property.maxItems !== undefined && value.length > property.maxItems) {
        return issue(`List should have at most ${property.maxItems} item(s)`, 'too_long');
      }
      return value.flatMap((item, i) =>
        checkProperty(
          { type: 'string', format: property.items.format },
          item,
          [...path, i],
          checkFormat,
        ),
      );
    }
  }
}

const listOf = (values: readonly (string | number)[]): string =>
  values
    .map((v) => JSON.stringify(v))
    .join(', ')
    .replace(/, ([^,]*)$/, ' or $1');

/** The input with schema defaults filled in for absent fields. */
export function withDefaults(
  schema: InputSchema,
  input: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    if (property.default !== undefined) out[name] = property.default;
  }
  return { ...out, ...input };
}

/** `image_urls[0]`-style text for a path. */
export function pathText(path: readonly (string | number)[], prefix = ''): string {
  let out = prefix;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${key}` : key;
  return out || '(root)';
}
