import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { errorFromResponse, parseAnswer } from './classify';
import { createHttpClient, encodeEndpoint } from './http';
import type { HttpClient, HttpResponse } from './http';
import { MIB, checkMime, formatMiB, imageError, imageLabel, toDataUri } from './images';
import { ProviderError } from './types';
import type {
  CancelOutcome,
  FetchLike,
  ImageInput,
  JobResult,
  JobStatus,
  ProviderAdapter,
  ProviderConfig,
  SubmitRequest,
  SubmitResult,
} from './types';

/**
 * Google Gemini API, direct (ai.google.dev): `POST v1beta/models/{model}:generateContent`
 * with `x-goog-api-key`. The call is synchronous: the image comes back inline, base64,
 * in the answer. To fit the engine's submit-then-poll contract, submit() makes the
 * call and keeps its outcome under a request id of ours; status() and result() read
 * it back. The engine journals the job as `submitting` before submit(), and a call
 * cut off after it was sent is a `maybe` delivery (Google may have billed it), so it
 * is held like any uncertain submit and never resent automatically.
 */

const PROVIDER = 'google';

/** Gemini's limit for a whole request with inline data. */
export const GEMINI_MAX_REQUEST_BYTES = 20 * MIB;
/** A 4K image from the Pro model takes a while: the one call covers the whole job. */
export const GEMINI_CALL_TIMEOUT_MS = 300_000;
/** Finished calls kept for the engine to collect (each holds its images in memory). */
const KEPT_OUTCOMES = 16;

/** The catalog's parameter names for Gemini models, and where each goes in the request. */
const KNOWN_INPUTS = new Set(['prompt', 'image_urls', 'aspect_ratio', 'resolution']);

const InlineData = z.looseObject({ mimeType: z.string(), data: z.string() });
const Part = z.looseObject({
  text: z.string().optional(),
  inlineData: InlineData.optional(),
  /** Gemini 3 image models send draft "thought" images before the final one. */
  thought: z.boolean().optional(),
});
const AnswerSchema = z.looseObject({
  candidates: z
    .array(
      z.looseObject({
        content: z.looseObject({ parts: z.array(Part).nullish() }).nullish(),
        finishReason: z.string().nullish(),
        finishMessage: z.string().nullish(),
      }),
    )
    .nullish(),
  promptFeedback: z
    .looseObject({
      blockReason: z.string().nullish(),
      blockReasonMessage: z.string().nullish(),
    })
    .nullish(),
});
type Answer = z.infer<typeof AnswerSchema>;

/** Google's error envelope details: the API-key reason and the retry delay. */
const ErrorDetails = z.looseObject({
  error: z.looseObject({
    details: z
      .array(
        z.looseObject({
          reason: z.string().optional().catch(undefined),
          retryDelay: z.string().optional().catch(undefined),
        }),
      )
      .optional()
      .catch(undefined),
  }),
});

function errorOf(http: HttpClient, res: HttpResponse): ProviderError {
  const details = ErrorDetails.safeParse(res.body);
  const items = details.success ? (details.data.error.details ?? []) : [];
  // Google answers a wrong key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID.
  const badKey = items.some((d) => d.reason === 'API_KEY_INVALID');
  const error = errorFromResponse(http, res, badKey ? { status: 401 } : {});
  const delay = items.map((d) => /^(\d+(?:\.\d+)?)s$/.exec(d.retryDelay ?? '')?.[1]).find(Boolean);
  if (error.retryAfterMs !== undefined || delay === undefined) return error;
  // RetryInfo in the body instead of a Retry-After header.
  return new ProviderError({
    provider: error.provider,
    kind: error.kind,
    delivery: error.delivery,
    message: `${error.message.replace(/\.$/, '')}; retry after ${Math.ceil(Number(delay))} s.`,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.code !== undefined ? { code: error.code } : {}),
    retryAfterMs: Math.round(Number(delay) * 1000),
  });
}

/** The answer as a job outcome: its images, or why there are none (a safety block). */
function outcomeOf(answer: Answer): JobStatus {
  const candidate = answer.candidates?.[0];
  const parts = candidate?.content?.parts ?? [];
  const outputs = parts.flatMap((p) =>
    p.inlineData && !p.thought && p.inlineData.mimeType.startsWith('image/')
      ? [
          {
            url: `data:${p.inlineData.mimeType};base64,${p.inlineData.data}`,
            contentType: p.inlineData.mimeType,
          },
        ]
      : [],
  );
  if (outputs.length > 0) return { state: 'succeeded', outputs };
  const block = answer.promptFeedback?.blockReason;
  if (block) {
    const said = answer.promptFeedback?.blockReasonMessage;
    return {
      state: 'failed',
      message: `Google blocked the prompt (${block})${said ? `: ${said}` : ''}. Change the prompt or the images.`,
    };
  }
  const reason = candidate?.finishReason ?? 'no candidate';
  const text = parts
    .filter((p) => !p.thought && p.text)
    .map((p) => p.text)
    .join(' ')
    .trim();
  const why = candidate?.finishMessage ?? (text || undefined);
  const safety = /SAFETY|PROHIBITED|BLOCKLIST|SPII|RECITATION/.test(reason);
  return {
    state: 'failed',
    message:
      `Google returned no image (finishReason ${reason})` +
      (safety ? ': the image was withheld by its safety filters' : '') +
      (why ? `. The model said: ${why.slice(0, 300)}` : '.'),
  };
}

/** `data:image/png;base64,AAAA` -> the inline part Gemini reads. */
function inlinePart(
  uri: string,
  index: number,
): { inlineData: { mimeType: string; data: string } } {
  const m = /^data:(image\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=]+)$/i.exec(uri);
  if (!m) {
    throw imageError(PROVIDER, `image ${index + 1} is not an image data URI, which Gemini needs.`);
  }
  return { inlineData: { mimeType: m[1]!.toLowerCase(), data: m[2]! } };
}

/**
 * The generateContent body of a submit, as the client POSTs it; `--dry-run` prints it
 * with the images the run does not have yet named by where they come from (text in
 * angle brackets) in place of their inline data.
 */
export function geminiSubmitBody(request: SubmitRequest): Record<string, unknown> {
  return generateContentBody(request.input);
}

/** The generateContent body for a catalog model's inputs. */
export function generateContentBody(input: Record<string, unknown>): Record<string, unknown> {
  const unknown = Object.keys(input).filter((k) => !KNOWN_INPUTS.has(k));
  if (unknown.length > 0) {
    throw new ProviderError({
      provider: PROVIDER,
      kind: 'validation',
      delivery: 'no',
      message: `Google: Nodeloom does not know where ${unknown.map((k) => `"${k}"`).join(', ')} goes in a Gemini request; nothing was sent.`,
    });
  }
  const { prompt, image_urls: images, aspect_ratio: aspectRatio, resolution } = input;
  const parts: unknown[] = [];
  if (typeof prompt === 'string' && prompt !== '') parts.push({ text: prompt });
  if (Array.isArray(images))
    images.forEach((uri, i) =>
      parts.push(
        String(uri).startsWith('<')
          ? { inlineData: { mimeType: 'image/*', data: String(uri) } }
          : inlinePart(String(uri), i),
      ),
    );
  const imageConfig = {
    ...(typeof aspectRatio === 'string' ? { aspectRatio } : {}),
    ...(typeof resolution === 'string' ? { imageSize: resolution } : {}),
  };
  return {
    contents: [{ role: 'user', parts }],
    generationConfig: {
      responseModalities: ['IMAGE'],
      ...(Object.keys(imageConfig).length > 0 ? { imageConfig } : {}),
    },
  };
}

/** Downloads a URL input: Gemini reads images inline only. */
async function download(
  doFetch: FetchLike,
  url: string,
  index: number,
  signal?: AbortSignal,
): Promise<string> {
  if (!/^https?:\/\//i.test(url)) {
    if (url.startsWith('data:')) return url;
    throw imageError(PROVIDER, `image ${index + 1} is not an http(s) or data: URL.`);
  }
  let res;
  try {
    res = await doFetch(url, { method: 'GET', ...(signal ? { signal } : {}) });
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    throw imageError(
      PROVIDER,
      `image ${index + 1} could not be downloaded: ${(e as Error).message}`,
    );
  }
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!res.ok || !type.startsWith('image/')) {
    await res.body?.cancel().catch(() => undefined);
    throw imageError(
      PROVIDER,
      `image ${index + 1} could not be downloaded (HTTP ${res.status}, ${type || 'no type'}).`,
    );
  }
  return toDataUri(type, new Uint8Array(await res.arrayBuffer()));
}

export function createGeminiAdapter(config: ProviderConfig): ProviderAdapter {
  const http = createHttpClient({ provider: PROVIDER, keyHeader: 'x-goog-api-key', ...config });
  const doFetch = config.fetch ?? (globalThis.fetch as unknown as FetchLike);
  const outcomes = new Map<string, JobStatus>();

  const outcome = (requestId: string): JobStatus => {
    const found = outcomes.get(requestId);
    if (found) return found;
    throw new ProviderError({
      provider: PROVIDER,
      kind: 'not_found',
      delivery: 'yes',
      message:
        `Google answered call ${requestId} to an earlier session of Nodeloom; Gemini keeps no ` +
        'copy of its image. Run the node again for a new one (billed again).',
    });
  };

  return {
    id: PROVIDER,
    baseUrl: http.base.href.replace(/\/+$/, ''),

    async prepareImages(images: readonly ImageInput[], signal?: AbortSignal): Promise<string[]> {
      const out: string[] = [];
      for (const [index, image] of images.entries()) {
        if (image.kind === 'url') {
          out.push(await download(doFetch, image.url, index, signal));
          continue;
        }
        const mime = checkMime(PROVIDER, image, index);
        if (image.bytes.byteLength > GEMINI_MAX_REQUEST_BYTES) {
          throw imageError(
            PROVIDER,
            `${imageLabel(image, index)} is ${formatMiB(image.bytes.byteLength)}; a Gemini request carries at most ${formatMiB(GEMINI_MAX_REQUEST_BYTES)}.`,
          );
        }
        out.push(toDataUri(mime, image.bytes));
      }
      return out;
    },

    // The whole job in one call. Its answer is kept until the engine collects it.
    async submit(request: SubmitRequest, signal?: AbortSignal): Promise<SubmitResult> {
      const target = `/v1beta/models/${encodeEndpoint(PROVIDER, request.endpoint)}:generateContent`;
      const body = JSON.stringify(geminiSubmitBody(request));
      const size = Buffer.byteLength(body);
      if (size > GEMINI_MAX_REQUEST_BYTES) {
        throw imageError(
          PROVIDER,
          `the request is ${formatMiB(size)}; Gemini accepts at most ${formatMiB(GEMINI_MAX_REQUEST_BYTES)}. Use fewer or smaller images.`,
        );
      }
      const res = await http.request({
        method: 'POST',
        target,
        body,
        signal,
        timeoutMs: config.timeoutMs ?? GEMINI_CALL_TIMEOUT_MS,
      });
      if (res.status < 200 || res.status >= 300) throw errorOf(http, res);
      const answer = parseAnswer(http, res, AnswerSchema);
      const requestId = `gemini-${randomUUID()}`;
      outcomes.set(requestId, outcomeOf(answer));
      while (outcomes.size > KEPT_OUTCOMES) outcomes.delete(outcomes.keys().next().value!);
      return { requestId };
    },

    async status(requestId: string): Promise<JobStatus> {
      return outcome(requestId);
    },

    async result(requestId: string): Promise<JobResult> {
      const status = outcome(requestId);
      if (status.state !== 'succeeded' || !status.outputs) {
        throw new ProviderError({
          provider: PROVIDER,
          kind: 'validation',
          delivery: 'yes',
          message: status.message ?? `Google call ${requestId} returned no image.`,
        });
      }
      return { outputs: status.outputs };
    },

    // Nothing runs at Google after the answer: there is nothing to cancel.
    async cancel(): Promise<CancelOutcome> {
      return 'unsupported';
    },
  };
}
