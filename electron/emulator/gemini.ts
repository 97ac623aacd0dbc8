import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from './context';
import { outputSize, parseRatio, probeImage, renderImage } from './images';
import { json, parseJson } from './reply';
import type { Call, Reply } from './reply';
import type { RouteDef } from './server';

/**
 * Google Gemini API, as ai.google.dev documents `models.generateContent` for the
 * image models: `POST /v1beta/models/{model}:generateContent`, key in
 * `x-goog-api-key` (or `?key=`), text and inline image parts in, the image inline
 * (base64) out, in the same call. Strict where the docs are: unknown fields are
 * refused the way Google's JSON parser refuses them, image sizes need an uppercase K.
 */

/** Google's error envelope: `{error: {code, message, status, details?}}`. */
export function googleError(
  code: number,
  status: string,
  message: string,
  details?: unknown[],
): Reply {
  return json(code, { error: { code, message, status, ...(details ? { details } : {}) } });
}

/** Google's default error for an HTTP status (faults without a body use it). */
export function googleErrorFor(status: number, message?: string): Reply {
  const [name, text] =
    GOOGLE_STATUS[status] ??
    (status >= 500 ? ['INTERNAL', 'An internal error has occurred.'] : ['UNKNOWN', 'Error']);
  const details =
    status === 429
      ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2s' }]
      : undefined;
  return googleError(status, name, message ?? text, details);
}

const GOOGLE_STATUS: Record<number, [string, string]> = {
  400: ['INVALID_ARGUMENT', 'Request contains an invalid argument.'],
  403: ['PERMISSION_DENIED', 'The caller does not have permission.'],
  404: ['NOT_FOUND', 'Requested entity was not found.'],
  429: [
    'RESOURCE_EXHAUSTED',
    'You exceeded your current quota, please check your plan and billing details.',
  ],
  500: [
    'INTERNAL',
    'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  ],
  503: ['UNAVAILABLE', 'The model is overloaded. Please try again later.'],
  504: ['DEADLINE_EXCEEDED', 'The request timed out. Please try again.'],
};

const ASPECT_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'];
const IMAGE_SIZES = ['1K', '2K', '4K'];
/** Reference images one request may carry (the docs: up to 14). */
const MAX_IMAGES = 14;

// Proto JSON: each field may be spelled lowerCamel or snake_case.
const REQUEST_FIELDS = [
  'contents',
  'generationConfig',
  'safetySettings',
  'systemInstruction',
  'tools',
  'toolConfig',
  'cachedContent',
];
const CONTENT_FIELDS = ['role', 'parts'];
const PART_FIELDS = ['text', 'inlineData'];
const BLOB_FIELDS = ['mimeType', 'data'];
const GENERATION_FIELDS = [
  'responseModalities',
  'imageConfig',
  'temperature',
  'topP',
  'topK',
  'seed',
  'candidateCount',
];
const IMAGE_CONFIG_FIELDS = ['aspectRatio', 'imageSize'];

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

class BadRequest extends Error {}

/** The object's fields by their camelCase names; an unknown one is refused like Google does. */
function fields(value: unknown, allowed: readonly string[], where: string): Map<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadRequest(`Invalid value at '${where}': expected an object.`);
  }
  const out = new Map<string, unknown>();
  for (const [key, v] of Object.entries(value)) {
    const name = camel(key);
    if (!allowed.includes(name)) {
      throw new BadRequest(
        `Invalid JSON payload received. Unknown name "${key}"${where ? ` at '${where}'` : ''}: Cannot find field.`,
      );
    }
    out.set(name, v);
  }
  return out;
}

interface Parsed {
  prompt: string;
  images: Buffer[];
  wantsImage: boolean;
  aspectRatio: string | undefined;
  imageSize: string;
  seed: number;
}

function parseRequest(body: unknown): Parsed {
  const top = fields(body, REQUEST_FIELDS, '');
  const contents = top.get('contents');
  if (!Array.isArray(contents) || contents.length === 0) {
    throw new BadRequest('* GenerateContentRequest.contents: contents is not specified');
  }
  const texts: string[] = [];
  const images: Buffer[] = [];
  contents.forEach((content, c) => {
    const f = fields(content, CONTENT_FIELDS, `contents[${c}]`);
    const role = f.get('role');
    if (role !== undefined && role !== 'user' && role !== 'model') {
      throw new BadRequest(`Please use a valid role: user, model.`);
    }
    const parts = f.get('parts');
    if (!Array.isArray(parts) || parts.length === 0) {
      throw new BadRequest(
        `* GenerateContentRequest.contents[${c}].parts: contents.parts must not be empty.`,
      );
    }
    parts.forEach((part, p) => {
      const where = `contents[${c}].parts[${p}]`;
      const pf = fields(part, PART_FIELDS, where);
      if (pf.size !== 1)
        throw new BadRequest(
          `Invalid value at '${where}': a part holds exactly one of text, inline_data.`,
        );
      const text = pf.get('text');
      if (text !== undefined) {
        if (typeof text !== 'string')
          throw new BadRequest(`Invalid value at '${where}.text' (TYPE_STRING)`);
        texts.push(text);
        return;
      }
      const blob = fields(pf.get('inlineData'), BLOB_FIELDS, `${where}.inline_data`);
      const mime = blob.get('mimeType');
      const data = blob.get('data');
      if (typeof mime !== 'string' || !/^image\/(png|jpeg|webp|heic|heif)$/.test(mime)) {
        throw new BadRequest(`Unsupported MIME type: ${String(mime)}`);
      }
      if (typeof data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data === '') {
        throw new BadRequest(
          `Invalid value at '${where}.inline_data.data' (TYPE_BYTES), Base64 decoding failed.`,
        );
      }
      images.push(Buffer.from(data, 'base64'));
    });
  });
  if (images.length > MAX_IMAGES) {
    throw new BadRequest(
      `Too many input images: at most ${MAX_IMAGES} are supported, got ${images.length}.`,
    );
  }
  const gen = top.has('generationConfig')
    ? fields(top.get('generationConfig'), GENERATION_FIELDS, 'generation_config')
    : new Map<string, unknown>();
  const modalities = gen.get('responseModalities') ?? ['TEXT', 'IMAGE'];
  if (!Array.isArray(modalities) || !modalities.every((m) => m === 'TEXT' || m === 'IMAGE')) {
    throw new BadRequest(
      `Invalid value at 'generation_config.response_modalities': expected TEXT or IMAGE.`,
    );
  }
  const config = gen.has('imageConfig')
    ? fields(gen.get('imageConfig'), IMAGE_CONFIG_FIELDS, 'generation_config.image_config')
    : new Map<string, unknown>();
  const aspectRatio = config.get('aspectRatio');
  if (aspectRatio !== undefined && !ASPECT_RATIOS.includes(String(aspectRatio))) {
    throw new BadRequest(
      `Invalid aspect ratio: ${String(aspectRatio)}. Supported: ${ASPECT_RATIOS.join(', ')}.`,
    );
  }
  const imageSize = config.get('imageSize') ?? '1K';
  if (!IMAGE_SIZES.includes(String(imageSize))) {
    throw new BadRequest(
      `Invalid image size: ${String(imageSize)}. Supported: ${IMAGE_SIZES.join(', ')} (uppercase K).`,
    );
  }
  const seed = gen.get('seed');
  return {
    prompt: texts.join('\n'),
    images,
    wantsImage: modalities.includes('IMAGE'),
    aspectRatio: aspectRatio as string | undefined,
    imageSize: String(imageSize),
    seed: typeof seed === 'number' ? seed : 0,
  };
}

/** The key check: Google answers a missing key 403 and a wrong one 400 API_KEY_INVALID. */
function keyProblem(ctx: EmulatorContext, call: Call): Reply | null {
  const raw = call.headers['x-goog-api-key'];
  const key = (Array.isArray(raw) ? raw[0] : raw) ?? call.url.searchParams.get('key');
  if (key === ctx.keys.google) return null;
  if (!key) {
    return googleError(
      403,
      'PERMISSION_DENIED',
      "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
    );
  }
  return googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'API_KEY_INVALID',
      domain: 'googleapis.com',
    },
  ]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function geminiRoutes(ctx: EmulatorContext): RouteDef[] {
  const generate = async (call: Call): Promise<Reply> => {
    const name = decodeURIComponent(call.params[0]!);
    const denied = keyProblem(ctx, call);
    if (denied) return denied;
    const model = ctx.models.get('google', name);
    if (!model) {
      return googleError(
        404,
        'NOT_FOUND',
        `models/${name} is not found for API version v1beta, or is not supported for generateContent.`,
      );
    }
    const body = parseJson(call);
    if (!body.ok)
      return googleError(400, 'INVALID_ARGUMENT', `Invalid JSON payload received. ${body.message}`);
    call.record.body = body.value;
    let req: Parsed;
    try {
      req = parseRequest(body.value);
    } catch (e) {
      if (e instanceof BadRequest) return googleError(400, 'INVALID_ARGUMENT', e.message);
      throw e;
    }
    for (const [i, bytes] of req.images.entries()) {
      if (!(await probeImage(bytes))) {
        return googleError(
          400,
          'INVALID_ARGUMENT',
          `Unable to process input image ${i + 1}. Please retry or report in https://developers.generativeai.google/guide/troubleshooting`,
        );
      }
    }

    // The call is the job: counted (billed) once it is accepted, finished in the same answer.
    const requestId = randomUUID();
    call.record.jobId = requestId;
    ctx.stats.submitted('google', name);
    ctx.stats.started('google');
    const spec = ctx.config.latency;
    const latency =
      typeof spec === 'function'
        ? spec({
            provider: 'google',
            model: name,
            requestId,
            input: body.value as Record<string, unknown>,
          })
        : { queueMs: spec.queueMs ?? 0, runMs: spec.runMs ?? 0 };
    await sleep(latency.queueMs + latency.runMs);

    const usage = { promptTokenCount: 8 + req.images.length * 258, totalTokenCount: 0 };
    const fault = call.fault;
    if (fault?.kind === 'safety-block' && fault.stage === 'prompt') {
      ctx.stats.finished('google', 'failed', 0, true);
      return json(200, {
        promptFeedback: {
          blockReason: 'SAFETY',
          safetyRatings: [
            { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
          ],
        },
        usageMetadata: { ...usage, totalTokenCount: usage.promptTokenCount },
        modelVersion: name,
        responseId: requestId,
      });
    }
    if (fault?.kind === 'safety-block' || !req.wantsImage) {
      ctx.stats.finished('google', 'failed', 0, true);
      return json(200, {
        candidates: [
          {
            content: {
              role: 'model',
              parts: req.wantsImage
                ? []
                : [{ text: 'I can describe it, but you asked for text only.' }],
            },
            finishReason: req.wantsImage ? 'IMAGE_SAFETY' : 'STOP',
            index: 0,
          },
        ],
        usageMetadata: { ...usage, totalTokenCount: usage.promptTokenCount },
        modelVersion: name,
        responseId: requestId,
      });
    }
    const first = req.images[0] ? await probeImage(req.images[0]) : null;
    const ratio = req.aspectRatio
      ? (parseRatio(req.aspectRatio) ?? { w: 1, h: 1 })
      : first
        ? { w: first.width, h: first.height }
        : { w: 1, h: 1 };
    const { width, height } = outputSize(req.imageSize, ratio, ctx.config.imageScale);
    const bytes = await renderImage({
      width,
      height,
      format: 'png',
      prompt: req.prompt,
      seed: req.seed,
      index: 0,
      inputs: req.images,
    });
    ctx.stats.finished('google', 'completed', 1, true);
    const imageTokens = req.imageSize === '4K' ? 2000 : 1120;
    return json(200, {
      candidates: [
        {
          content: {
            role: 'model',
            parts: [{ inlineData: { mimeType: 'image/png', data: bytes.toString('base64') } }],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: {
        ...usage,
        candidatesTokenCount: imageTokens,
        totalTokenCount: usage.promptTokenCount + imageTokens,
      },
      modelVersion: name,
      responseId: requestId,
    });
  };

  return [
    {
      provider: 'google',
      route: 'submit',
      method: 'POST',
      pattern: /^\/google\/v1beta\/models\/([^/:]+):generateContent$/,
      auth: false, // the key travels in x-goog-api-key, checked by the handler
      maxBody: 20 * 1024 * 1024,
      model: (call) => decodeURIComponent(call.params[0]!),
      handle: generate,
    },
  ];
}
