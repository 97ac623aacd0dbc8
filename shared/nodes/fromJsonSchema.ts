import type { InputSchema, JsonSchemaProperty } from '../catalog/jsonSchema';
import type { PortSpec, WidgetSpec } from './spec';

/** Text params that may be fed by a wire instead of typed in. */
const CONVERTIBLE_TEXT = new Set(['prompt', 'negative_prompt']);
const IMAGE_FORMATS = new Set(['image_uri', 'image_url', 'uri']);

export interface SchemaPorts {
  inputs: PortSpec[];
  outputs: PortSpec[];
  widgets: WidgetSpec[];
}

/** `aspect_ratio` -> `Aspect ratio`, for schemas without titles. */
export function humanizeKey(key: string): string {
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const isImageList = (p: JsonSchemaProperty): p is Extract<JsonSchemaProperty, { type: 'array' }> =>
  p.type === 'array' && IMAGE_FORMATS.has(p.items.format ?? '');

function describe(p: JsonSchemaProperty): string | undefined {
  return p.description && p.description.trim() !== '' ? p.description : undefined;
}

/** The text every model needs from the user: never left to a provider default. */
const PROMPT_KEY = 'prompt';

function widgetFor(key: string, p: JsonSchemaProperty, required: boolean): WidgetSpec | undefined {
  const base = {
    key,
    label: p.title ?? humanizeKey(key),
    description: describe(p),
    required,
  };
  const withDefault = { ...base, ...(p.default !== undefined ? { default: p.default } : {}) };
  switch (p.type) {
    case 'string':
      if (p.enum) return { ...withDefault, kind: 'select', options: p.enum };
      // A free-text default on a provider page is a sample (RunComfy's is an
      // 820-character prompt): shown as a placeholder, never sent, so an untouched
      // node is empty and one click cannot pay for the provider's sample.
      return {
        ...base,
        required: required || key === PROMPT_KEY,
        kind: 'text',
        multiline: CONVERTIBLE_TEXT.has(key),
        convertible: CONVERTIBLE_TEXT.has(key),
        ...(p.default !== undefined && p.default.trim() !== '' ? { placeholder: p.default } : {}),
      };
    case 'integer':
    case 'number':
      if (p.enum) return { ...withDefault, kind: 'select', options: p.enum };
      return {
        ...withDefault,
        kind: 'number',
        integer: p.type === 'integer',
        ...(p.minimum !== undefined ? { min: p.minimum } : {}),
        ...(p.maximum !== undefined ? { max: p.maximum } : {}),
      };
    case 'boolean':
      return { ...withDefault, kind: 'toggle' };
    case 'array':
      // A list of plain strings has no widget yet; image lists become ports.
      return undefined;
  }
}

/**
 * Turns a model's input JSON Schema into the node's ports and widgets:
 * string enums become selects, numbers number fields (with bounds), booleans
 * toggles, `prompt` a multiline text that a wire can feed (required on every
 * model; the provider's sample prompt is its placeholder), and `image_urls` one
 * ordered image-list input. Every model outputs `images` (all) and `image` (first).
 */
export function fromJsonSchema(schema: InputSchema): SchemaPorts {
  const required = new Set(schema.required ?? []);
  const inputs: PortSpec[] = [];
  const widgets: WidgetSpec[] = [];
  for (const [key, prop] of Object.entries(schema.properties)) {
    const isRequired = required.has(key);
    if (isImageList(prop)) {
      inputs.push({
        id: key,
        // Untitled image lists (Runflow's) read better as "Images" than "Image urls".
        label: prop.title ?? 'Images',
        type: 'image[]',
        description: describe(prop),
        required: isRequired,
        multiple: true,
        ...(prop.minItems !== undefined ? { minItems: prop.minItems } : {}),
        ...(prop.maxItems !== undefined ? { maxItems: prop.maxItems } : {}),
      });
      continue;
    }
    const widget = widgetFor(key, prop, isRequired);
    if (!widget) continue;
    widgets.push(widget);
    if (widget.kind === 'text' && widget.convertible) {
      inputs.push({
        id: key,
        label: widget.label,
        type: 'text',
        description: widget.description,
        required: false,
        param: key,
      });
    }
  }
  const outputs: PortSpec[] = [
    {
      id: 'images',
      label: 'Images',
      type: 'image[]',
      description: 'Every image the model returned',
    },
    {
      id: 'image',
      label: 'Image',
      type: 'image',
      description: 'The first image the model returned',
    },
  ];
  return { inputs, outputs, widgets };
}
