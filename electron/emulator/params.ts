import { createHash } from 'node:crypto';
import { parseRatio } from './images';
import type { OutputFormat } from './images';
import { safeUrl } from './files';
import { validateInput, withDefaults } from './schema';
import type { FieldIssue } from './schema';
import type { EmulatorModel, ProviderId } from './types';

/** What the renderer needs, resolved from a validated input. */
export interface GenerationParams {
  prompt: string;
  seed: number;
  numImages: number;
  /** "W:H" or "auto". */
  aspectRatio: string;
  resolution: string;
  format: OutputFormat;
  imageUrls: string[];
  /** Runflow: return data URIs instead of URLs. */
  syncMode: boolean;
}

/**
 * Inline image limits. RunComfy's own nodes send data URIs up to 6 MiB per image;
 * Runflow documents inline base64 under 1 MiB and asset uploads for anything larger.
 */
const MAX_DATA_URI_BYTES: Record<ProviderId, number> = {
  runcomfy: 6 * 1024 * 1024,
  runflow: 1024 * 1024,
  // Gemini: the whole request, inline images included, stays under 20 MB.
  google: 20 * 1024 * 1024,
};
/** num_images bounds where a schema gives none (Runflow): the upstream model's 1-4. */
const NUM_IMAGES_MAX = 4;

const DATA_URI = /^data:(image\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/]*={0,2})$/i;

export interface DataUri {
  mime: string;
  bytes: Buffer;
}

export function parseDataUri(value: string): DataUri | null {
  const m = DATA_URI.exec(value);
  return m ? { mime: m[1]!.toLowerCase(), bytes: Buffer.from(m[2]!, 'base64') } : null;
}

/**
 * What a provider accepts as an image input at submit time: an https URL, an
 * inline image data URI, or one of this emulator's own storage URLs (standing in
 * for the provider's signed asset/output URLs). Whether it can actually be
 * fetched is found out when the job runs, as with a real provider.
 */
export function imageUriProblem(
  provider: ProviderId,
  value: string,
  isOwnUrl: (v: string) => boolean,
): string | null {
  if (value.startsWith('data:')) {
    if (!DATA_URI.test(value))
      return 'must be a base64 data URI of an image (data:image/...;base64,...)';
    if (provider === 'runflow' && value.length >= MAX_DATA_URI_BYTES.runflow) {
      return 'inline data URI must be under 1 MiB; upload larger files via /v1/asset-uploads';
    }
    const bytes = Math.floor((value.length - value.indexOf(',') - 1) * 0.75);
    if (bytes > MAX_DATA_URI_BYTES[provider]) return 'inline image exceeds 6 MiB';
    return null;
  }
  const url = safeUrl(value);
  if (!url) return 'must be a valid URL';
  if (url.protocol === 'https:' || isOwnUrl(value)) return null;
  return 'must be a publicly reachable https URL or a data URI';
}

/** Validates a submit's input; on success returns the generation parameters. */
export function prepareInput(
  model: EmulatorModel,
  input: unknown,
  isOwnUrl: (v: string) => boolean,
): { issues: FieldIssue[] } | { params: GenerationParams } {
  const issues = validateInput(model.inputSchema, input, (format, value) =>
    format === 'image_uri' ? imageUriProblem(model.provider, value, isOwnUrl) : null,
  );
  if (issues.length > 0) return { issues };
  const full = withDefaults(model.inputSchema, input as Record<string, unknown>);
  const aspectRatio = typeof full.aspect_ratio === 'string' ? full.aspect_ratio : 'auto';
  if (aspectRatio !== 'auto' && !parseRatio(aspectRatio)) {
    issues.push({
      path: ['aspect_ratio'],
      message: 'Input should be "auto" or W:H',
      type: 'value_error',
    });
  }
  const numImages = typeof full.num_images === 'number' ? full.num_images : 1;
  if (numImages < 1 || numImages > NUM_IMAGES_MAX) {
    issues.push({
      path: ['num_images'],
      message: `Input should be between 1 and ${NUM_IMAGES_MAX}`,
      type: 'value_error',
    });
  }
  const prompt = typeof full.prompt === 'string' ? full.prompt : '';
  if (prompt.trim() === '' && 'prompt' in model.inputSchema.properties) {
    issues.push({
      path: ['prompt'],
      message: 'String should not be empty',
      type: 'string_too_short',
    });
  }
  if (issues.length > 0) return { issues };
  return {
    params: {
      prompt,
      // An absent seed is derived from the prompt so repeated requests give the same pixels.
      seed: typeof full.seed === 'number' ? full.seed : promptSeed(prompt),
      numImages,
      aspectRatio,
      resolution: typeof full.resolution === 'string' ? full.resolution : '1K',
      format: (typeof full.output_format === 'string' ? full.output_format : 'png') as OutputFormat,
      imageUrls: Array.isArray(full.image_urls) ? (full.image_urls as string[]) : [],
      syncMode: full.sync_mode === true,
    },
  };
}

const promptSeed = (prompt: string): number =>
  createHash('sha256').update(prompt).digest().readUInt32BE(0);
