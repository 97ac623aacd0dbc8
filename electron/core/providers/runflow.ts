import { z } from 'zod';
import {
  errorFromResponse,
  isOutputUrl,
  noResultError,
  parseAnswer,
  parseUsd,
  protocolError,
  readReason,
} from './classify';
import { DEFAULT_TIMEOUT_MS, createHttpClient, encodeEndpoint, encodeId } from './http';
import type { HttpClient, HttpRequest } from './http';
import { checkUrlInput } from './images';
import { prepareRunflowImage } from './runflowAssets';
import type { UploadRetryOptions } from './runflowAssets';
import type {
  CancelOutcome,
  ImageInput,
  JobResult,
  JobState,
  JobStatus,
  OutputRef,
  ProviderAdapter,
  ProviderConfig,
  ProviderErrorKind,
  SubmitRequest,
  SubmitResult,
} from './types';

/**
 * Runflow (docs.runflow.io; seed 004): POST a run, then GET the run object, which
 * carries status, outputs and cost together. There is no public cancel.
 */

const PROVIDER = 'runflow';

// `cancelled` is the spelling of the callback payload; the run object says `canceled`.
const STATES = {
  queued: 'queued',
  dispatching: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  partial_succeeded: 'succeeded',
  failed: 'failed',
  canceled: 'cancelled',
  cancelled: 'cancelled',
} as const satisfies Record<string, JobState>;

const RunId = z.string().regex(/^[^/]{1,256}$/, 'not a run id');
const Dimension = z.number().nullish().catch(undefined);
const ContentType = z.string().nullish().catch(undefined);

const OutputItemSchema = z.looseObject({
  type: z.string().nullish(),
  url: z.string().nullish(),
  width: Dimension,
  height: Dimension,
  content_type: ContentType,
});

const ImageObjectSchema = z.looseObject({
  url: z.string(),
  width: Dimension,
  height: Dimension,
  content_type: ContentType,
});

// `outputs[]` is the unified shape; `image_urls[]` and `image.url` are older shapes
// Runflow's own SDK still reads.
const RunOutputSchema = z.looseObject({
  outputs: z.array(OutputItemSchema).nullish(),
  image_urls: z.array(z.string()).nullish(),
  image: z.union([z.string(), ImageObjectSchema]).nullish(),
  seed: z.number().nullish().catch(undefined),
});
type RunOutput = z.infer<typeof RunOutputSchema>;

const RunSchema = z.looseObject({
  id: RunId,
  status_code: z.enum(Object.keys(STATES) as [keyof typeof STATES]),
  output: RunOutputSchema.nullish(),
  cost: z.unknown().optional(),
  failure_code: z.string().nullish().catch(undefined),
  failure_message: z.string().nullish().catch(undefined),
  error: z.unknown().optional(),
});
type Run = z.infer<typeof RunSchema>;

const SubmitSchema = z.looseObject({ id: RunId });

// Documented codes; they agree with their statuses but decide when a proxy differs.
const CODE_KINDS: Record<string, ProviderErrorKind> = {
  UNAUTHORIZED: 'auth',
  INSUFFICIENT_CREDIT: 'credit',
  RUN_NOT_FOUND: 'not_found',
  RATE_LIMITED: 'rate_limit',
  MODEL_UNAVAILABLE: 'transient',
};
const kindForCode = (code: string): ProviderErrorKind | undefined =>
  Object.hasOwn(CODE_KINDS, code) ? CODE_KINDS[code] : undefined;

/** Runflow-only settings, all optional. */
export interface RunflowOptions {
  /** How a transient failure of an asset upload is retried (tests make it instant). */
  uploadRetry?: UploadRetryOptions;
}

export function createRunflowAdapter(
  config: ProviderConfig,
  options: RunflowOptions = {},
): ProviderAdapter {
  const http = createHttpClient({ provider: PROVIDER, ...config });

  async function call<T>(req: HttpRequest, schema: z.ZodType<T>): Promise<T> {
    const res = await http.request(req);
    if (res.status < 200 || res.status >= 300) throw errorFromResponse(http, res, { kindForCode });
    return parseAnswer(http, res, schema);
  }

  const assets = {
    http,
    call,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: options.uploadRetry,
  };

  const getRun = (runId: string, signal?: AbortSignal): Promise<Run> =>
    call({ method: 'GET', target: `/v1/runs/${encodeId(PROVIDER, runId)}`, signal }, RunSchema);

  return {
    id: PROVIDER,
    baseUrl: http.base.href.replace(/\/+$/, ''),

    // One at a time, in order: uploads are large and the order is the model's.
    async prepareImages(images: readonly ImageInput[], signal?: AbortSignal): Promise<string[]> {
      const prepared: string[] = [];
      for (const [index, image] of images.entries()) {
        prepared.push(
          image.kind === 'url'
            ? checkUrlInput(PROVIDER, image.url, index)
            : await prepareRunflowImage(assets, image, index, signal),
        );
      }
      return prepared;
    },

    async submit(request: SubmitRequest, signal?: AbortSignal): Promise<SubmitResult> {
      const target = `/v1/models/${encodeEndpoint(PROVIDER, request.endpoint)}/runs`;
      // The docs name input, callback_url and metadata only: our reference rides in
      // metadata ("arbitrary key-value pairs attached to the run").
      const body = JSON.stringify(
        request.clientRef === undefined
          ? { input: request.input }
          : { input: request.input, metadata: { client_ref: request.clientRef } },
      );
      const run = await call({ method: 'POST', target, body, signal }, SubmitSchema);
      return { requestId: run.id };
    },

    async status(runId: string, _endpoint: string, signal?: AbortSignal): Promise<JobStatus> {
      const run = await getRun(runId, signal);
      const state: JobState = STATES[run.status_code];
      const status: JobStatus = { state };
      if (state === 'succeeded') {
        status.outputs = outputsOf(http, run);
        // The engine skips result() when the outputs come here: the seed must too.
        const seed = seedOf(run);
        if (seed !== undefined) status.seed = seed;
      }
      if (state === 'failed') {
        const reason = run.failure_message ?? readReason(run.error) ?? run.failure_code;
        if (reason) status.message = http.redact(reason);
      }
      const costUsd = parseUsd(run.cost);
      if (costUsd !== undefined) status.costUsd = costUsd;
      return status;
    },

    // The run object is the result: the same GET, required to have succeeded.
    async result(runId: string, _endpoint: string, signal?: AbortSignal): Promise<JobResult> {
      const run = await getRun(runId, signal);
      const state: JobState = STATES[run.status_code];
      if (state !== 'succeeded') {
        throw noResultError(
          http,
          runId,
          state,
          run.failure_message ?? readReason(run.error) ?? run.failure_code ?? undefined,
        );
      }
      const outputs = outputsOf(http, run);
      if (outputs.length === 0) {
        throw protocolError(http, 'GET', `Runflow run ${runId} succeeded without image outputs.`);
      }
      const result: JobResult = { outputs };
      const costUsd = parseUsd(run.cost);
      if (costUsd !== undefined) result.costUsd = costUsd;
      const seed = seedOf(run);
      if (seed !== undefined) result.seed = seed;
      return result;
    },

    // Runflow cancels only through its admin API (and without refund).
    async cancel(): Promise<CancelOutcome> {
      return 'unsupported';
    },
  };
}

/** Image outputs of a run, first shape present wins; a bad URL is a protocol error. */
function outputsOf(http: HttpClient, run: Run): OutputRef[] {
  const output: RunOutput | null | undefined = run.output;
  if (!output) return [];
  let refs: {
    url?: string | null;
    width?: number | null;
    height?: number | null;
    ct?: string | null;
  }[];
  const images = (output.outputs ?? []).filter(
    (o) => (o.type ?? 'image').toLowerCase() === 'image',
  );
  if (images.length > 0) {
    refs = images.map((o) => ({
      url: o.url,
      width: o.width,
      height: o.height,
      ct: o.content_type,
    }));
  } else if (output.image_urls && output.image_urls.length > 0) {
    refs = output.image_urls.map((url) => ({ url }));
  } else if (typeof output.image === 'string') {
    refs = [{ url: output.image }];
  } else if (output.image) {
    const i = output.image;
    refs = [{ url: i.url, width: i.width, height: i.height, ct: i.content_type }];
  } else {
    return [];
  }
  return refs.map((r, index) => {
    if (!r.url || !isOutputUrl(r.url)) {
      throw protocolError(
        http,
        'GET',
        `Runflow run ${run.id} has an image output ${index + 1} without an http(s) or data: URL.`,
      );
    }
    const ref: OutputRef = { url: r.url };
    if (r.ct) ref.contentType = r.ct;
    if (isPositiveInt(r.width)) ref.width = r.width;
    if (isPositiveInt(r.height)) ref.height = r.height;
    return ref;
  });
}

/** The seed the model used, when the run reports a usable one. */
function seedOf(run: Run): number | undefined {
  const seed = run.output?.seed;
  return typeof seed === 'number' && Number.isSafeInteger(seed) ? seed : undefined;
}

function isPositiveInt(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0;
}
