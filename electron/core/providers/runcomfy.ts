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
import { createHttpClient, encodeEndpoint, encodeId, providerBaseUrl } from './http';
import type { HttpRequest } from './http';
import {
  MIB,
  checkMime,
  checkUrlInput,
  formatMiB,
  imageError,
  imageLabel,
  toDataUri,
} from './images';
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
 * RunComfy Model API (docs.runcomfy.com; seeds 000-003): async submit -> request_id,
 * then status / result / cancel by request id. The endpoint is not needed after
 * submit: request ids are global.
 */

const PROVIDER = 'runcomfy';

/** RunComfy's own ComfyUI nodes cap an inline image at 6 MiB... */
export const RUNCOMFY_MAX_IMAGE_BYTES = 6 * MIB;
/** ...and a whole request at 64 MiB. */
export const RUNCOMFY_MAX_REQUEST_BYTES = 64 * MIB;

// Documented statuses first; the synonyms are ones RunComfy's own clients accept.
const STATES: Record<string, JobState> = {
  in_queue: 'queued',
  pending: 'queued',
  waiting: 'queued',
  in_progress: 'running',
  starting: 'running',
  processing: 'running',
  running: 'running',
  completed: 'succeeded',
  succeeded: 'succeeded',
  failed: 'failed',
  error: 'failed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

const State = z
  .string()
  .refine((s) => Object.hasOwn(STATES, s), { message: 'unknown request status' })
  .transform((s) => STATES[s] as JobState);

// Ids go back into URL paths: one segment, bounded.
const RequestId = z.string().regex(/^[^/]{1,256}$/, 'not a request id');

const SubmitSchema = z.looseObject({ request_id: RequestId });

const StatusSchema = z.looseObject({
  status: State,
  queue_position: z.number().int().nonnegative().nullish(),
  error: z.unknown().optional(),
  error_message: z.unknown().optional(),
});

const ResultSchema = z.looseObject({
  status: State,
  output: z
    .looseObject({
      image: z.string().nullish(),
      images: z.array(z.string()).nullish(),
    })
    .nullish(),
  cost: z.unknown().optional(),
  error: z.unknown().optional(),
});

const CancelSchema = z.looseObject({
  status: z.string().nullish(),
  outcome: z.enum(['cancelled', 'not_cancellable']).nullish(),
});

// Codes whose meaning is narrower than their HTTP-like prefix.
const CODE_KINDS: Record<string, ProviderErrorKind> = {
  '400002': 'credit', // no balance
  '400004': 'auth', // bad token
};
const kindForCode = (code: string): ProviderErrorKind | undefined =>
  Object.hasOwn(CODE_KINDS, code) ? CODE_KINDS[code] : undefined;

const ErrorCodeProbe = z.looseObject({
  error_code: z.union([z.string(), z.number()]).transform(String).nullish().catch(undefined),
});

/** The body of a RunComfy submit: the model input itself (RunComfy keeps no client reference). */
export function runcomfySubmitBody(request: SubmitRequest): Record<string, unknown> {
  return request.input;
}

export function createRunComfyAdapter(config: ProviderConfig): ProviderAdapter {
  const http = createHttpClient({ provider: PROVIDER, ...config });

  async function call<T>(req: HttpRequest, schema: z.ZodType<T>): Promise<T> {
    const res = await http.request(req);
    if (res.status < 200 || res.status >= 300) throw errorFromResponse(http, res, { kindForCode });
    // RunComfy sometimes answers HTTP 200 with an error body: the code says what it is
    // (`404001` behaves like a 404).
    const probe = ErrorCodeProbe.safeParse(res.body);
    const code = probe.success ? probe.data.error_code : undefined;
    if (code && code !== '0') {
      const implied = /^([45]\d\d)\d{3}$/.exec(code)?.[1];
      if (implied === undefined) {
        throw protocolError(
          http,
          res.method,
          `RunComfy answered ${res.what} with error code ${code}` +
            `${readReason(res.body) ? `: ${readReason(res.body)}` : ''}` +
            (res.method === 'GET' ? '.' : '; the request may have been processed.'),
          res.status,
        );
      }
      throw errorFromResponse(http, res, { status: Number(implied), kindForCode });
    }
    return parseAnswer(http, res, schema);
  }

  const requestPath = (id: string, action: string): string =>
    `/v1/requests/${encodeId(PROVIDER, id)}/${action}`;

  type ResultAnswer = z.infer<typeof ResultSchema>;

  const fetchResult = (requestId: string, signal?: AbortSignal): Promise<ResultAnswer> =>
    call(
      { method: 'GET', target: `${requestPath(requestId, 'result')}?include_cost=true`, signal },
      ResultSchema,
    );

  function readOutputs(requestId: string, res: ResultAnswer): JobResult {
    const urls = res.output?.images?.length
      ? res.output.images
      : res.output?.image
        ? [res.output.image]
        : [];
    if (urls.length === 0 || !urls.every(isOutputUrl)) {
      throw protocolError(
        http,
        'GET',
        `RunComfy request ${requestId} completed without usable image URLs in output.images or output.image.`,
      );
    }
    const outputs: OutputRef[] = urls.map((url) => ({ url }));
    const costUsd = parseUsd(res.cost);
    return costUsd === undefined ? { outputs } : { outputs, costUsd };
  }

  async function resultAsStatus(requestId: string, signal?: AbortSignal): Promise<JobStatus> {
    const res = await fetchResult(requestId, signal);
    if (res.status === 'succeeded') {
      const { outputs, costUsd } = readOutputs(requestId, res);
      return { state: 'succeeded', outputs, ...(costUsd !== undefined ? { costUsd } : {}) };
    }
    const status: JobStatus = { state: res.status };
    if (res.status === 'failed') {
      const reason = readReason(res.error);
      if (reason) status.message = http.redact(reason);
    }
    return status;
  }

  return {
    id: PROVIDER,
    baseUrl: providerBaseUrl(config.baseUrl, 'RunComfy'),

    // Data URIs, as RunComfy's own nodes send local images; no upload API exists.
    async prepareImages(images: readonly ImageInput[]): Promise<string[]> {
      return images.map((image, index) => {
        if (image.kind === 'url') return checkUrlInput(PROVIDER, image.url, index);
        const mime = checkMime(PROVIDER, image, index);
        if (image.bytes.byteLength > RUNCOMFY_MAX_IMAGE_BYTES) {
          throw imageError(
            PROVIDER,
            `${imageLabel(image, index)} is ${formatMiB(image.bytes.byteLength)}; ` +
              `RunComfy accepts local images up to ${formatMiB(RUNCOMFY_MAX_IMAGE_BYTES)}. ` +
              'Resize or compress it, or give a public URL instead.',
          );
        }
        return toDataUri(mime, image.bytes);
      });
    },

    async submit(request: SubmitRequest, signal?: AbortSignal): Promise<SubmitResult> {
      const target = `/v1/models/${encodeEndpoint(PROVIDER, request.endpoint)}`;
      const body = JSON.stringify(runcomfySubmitBody(request));
      const size = Buffer.byteLength(body);
      if (size > RUNCOMFY_MAX_REQUEST_BYTES) {
        throw imageError(
          PROVIDER,
          `the request is ${formatMiB(size)}; RunComfy accepts at most ` +
            `${formatMiB(RUNCOMFY_MAX_REQUEST_BYTES)}. Use fewer or smaller images.`,
        );
      }
      const data = await call({ method: 'POST', target, body, signal }, SubmitSchema);
      return { requestId: data.request_id };
    },

    async status(
      requestId: string,
      _endpoint: string,
      signal?: AbortSignal,
      lastSeen?: JobState,
    ): Promise<JobStatus> {
      // Once running, the queue position is moot: the result endpoint answers the
      // same state and, when done, the outputs, which saves a request per job.
      if (lastSeen === 'running') return resultAsStatus(requestId, signal);
      const data = await call(
        { method: 'GET', target: requestPath(requestId, 'status'), signal },
        StatusSchema,
      );
      const status: JobStatus = { state: data.status };
      if (data.status === 'queued' && typeof data.queue_position === 'number') {
        status.queuePosition = data.queue_position;
      }
      if (data.status === 'failed') {
        const reason = readReason(data.error, data.error_message);
        if (reason) status.message = http.redact(reason);
      }
      return status;
    },

    async result(requestId: string, _endpoint: string, signal?: AbortSignal): Promise<JobResult> {
      const res = await fetchResult(requestId, signal);
      // The result endpoint answers the current state while unfinished.
      if (res.status !== 'succeeded') {
        throw noResultError(http, requestId, res.status, readReason(res.error));
      }
      return readOutputs(requestId, res);
    },

    // Only queued requests can be cancelled; RunComfy says which in `outcome`.
    async cancel(
      requestId: string,
      _endpoint: string,
      signal?: AbortSignal,
    ): Promise<CancelOutcome> {
      const data = await call(
        { method: 'POST', target: requestPath(requestId, 'cancel'), signal },
        CancelSchema,
      );
      if (data.outcome) return data.outcome;
      if (data.status === 'cancelled') return 'cancelled';
      throw protocolError(
        http,
        'POST',
        `RunComfy answered the cancel of ${requestId} without an outcome.`,
      );
    },
  };
}
