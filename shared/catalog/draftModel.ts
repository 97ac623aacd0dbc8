import { z } from 'zod';
import { zodIssues } from '../workflow/zodPath';
import type { Result } from '../result';
import { err, ok } from '../result';
import { InputSchemaSchema } from './jsonSchema';
import type { InputSchema } from './jsonSchema';
import { ModelEntrySchema, PROVIDER_NAMES, ProviderIdSchema } from './model';
import type { ModelEntry } from './model';

/**
 * What Add Model asks for: a provider, the endpoint id from the model's API page and
 * the input schema JSON copied from that page (as text, exactly as pasted).
 */
export const AddModelRequestSchema = z
  .object({
    provider: ProviderIdSchema,
    endpoint: z.string().trim().min(1).max(300),
    /** The input JSON Schema as pasted; parsed here so both hosts and the CLI say the same. */
    schema: z
      .string()
      .min(1)
      .max(512 * 1024),
    displayName: z.string().trim().max(120).optional(),
  })
  .strict();
export type AddModelRequest = z.input<typeof AddModelRequestSchema>;

/**
 * Google publishes no per-model input schema: a Gemini model's node takes these
 * inputs, which the Gemini client turns into a generateContent request (text part,
 * inline images, imageConfig.aspectRatio, imageConfig.imageSize).
 */
export const GEMINI_INPUT_SCHEMA: InputSchema = {
  type: 'object',
  title: 'Input',
  required: ['prompt'],
  properties: {
    prompt: { title: 'Prompt', type: 'string' },
    image_urls: {
      title: 'Reference images',
      type: 'array',
      items: { type: 'string', format: 'image_uri' },
      maxItems: 14,
    },
    aspect_ratio: {
      title: 'Aspect Ratio (W:H)',
      type: 'string',
      enum: ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'],
      default: '1:1',
    },
    resolution: { title: 'Image Size', type: 'string', enum: ['1K', '2K', '4K'], default: '1K' },
  },
};
const GEMINI_INPUTS = Object.keys(GEMINI_INPUT_SCHEMA.properties);

/** The image-list formats fromJsonSchema turns into an image input. */
const IMAGE_FORMATS = new Set(['image_uri', 'image_url', 'uri']);

/** A model that takes a required image list edits images; otherwise it makes them. */
function taskOf(schema: InputSchema): ModelEntry['task'] {
  const required = new Set(schema.required ?? []);
  const editsImages = Object.entries(schema.properties).some(
    ([key, p]) =>
      p.type === 'array' && IMAGE_FORMATS.has(p.items.format ?? '') && required.has(key),
  );
  return editsImages ? 'edit' : 'text-to-image';
}

/** `google/nano-banana-2/text-to-image` -> `Nano banana 2 text to image`. */
function nameFromEndpoint(endpoint: string): string {
  const parts = endpoint.split('/').filter((p) => p !== '');
  const words = parts.slice(-2).join(' ').replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Turns what the user pasted into a catalog entry, or says what is wrong with it
 * (each problem names its JSON path). The entry passes the same parser as every
 * catalog file, so what previews here is what loads from the folder.
 */
export function draftModelEntry(request: AddModelRequest): Result<ModelEntry, string[]> {
  const { provider, displayName } = request;
  const endpoint = request.endpoint.trim().replace(/^\/+|\/+$/g, '');
  if (endpoint.split('/').some((part) => part === '..' || part === '.')) {
    return err([`endpoint: "${endpoint}" may not contain "." or ".." segments`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(request.schema);
  } catch (e) {
    return err([`schema: not JSON: ${(e as Error).message}`]);
  }
  const schema = InputSchemaSchema.safeParse(json);
  if (!schema.success) {
    return err(zodIssues(schema.error, ['schema']).map((i) => `${i.path}: ${i.message}`));
  }
  if (provider === 'google') {
    const unknown = Object.keys(schema.data.properties).filter((k) => !GEMINI_INPUTS.includes(k));
    if (unknown.length > 0) {
      return err(
        unknown.map(
          (k) => `schema.properties.${k}: Gemini models take ${GEMINI_INPUTS.join(', ')} only`,
        ),
      );
    }
  }
  const entry = ModelEntrySchema.safeParse({
    provider,
    endpoint,
    displayName: displayName && displayName !== '' ? displayName : nameFromEndpoint(endpoint),
    family: `Your ${PROVIDER_NAMES[provider]} models`,
    task: taskOf(schema.data),
    pricing: {
      kind: 'unknown',
      note: 'Added by you from the provider page; Nodeloom does not know its price.',
    },
    inputSchema: schema.data,
  });
  if (!entry.success) return err(zodIssues(entry.error).map((i) => `${i.path}: ${i.message}`));
  return ok(entry.data);
}

/** Where a user's model file goes, relative to the models folder: `<provider>/<endpoint>.json`. */
export const userModelFile = (m: Pick<ModelEntry, 'provider' | 'endpoint'>): string =>
  `${m.provider}/${m.endpoint}.json`;
