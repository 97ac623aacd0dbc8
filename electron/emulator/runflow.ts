import type { EmulatorContext } from './context';
import { runflowError, validationError } from './errors';
import { pricePerImage, usdString } from './generate';
import { plannedEnd, reportedOutputs, reportedStatus } from './jobs';
import type { Job } from './jobs';
import { prepareInput } from './params';
import { json, parseJson } from './reply';
import type { Call, Reply } from './reply';
import { rx } from './runcomfy';
import type { FieldIssue } from './schema';
import type { RouteDef } from './server';

const P = '/runflow/v1';
/** Share of runMs a started run reports as `dispatching` before `running`. */
const DISPATCH_SHARE = 0.25;
/**
 * The run request's fields as the docs list them (seed 004: input, callback_url,
 * metadata). The docs say nothing of other fields, so any other is refused, as a
 * strict API would: a client must not rely on a field the docs do not name.
 */
const ENVELOPE_KEYS = new Set(['input', 'callback_url', 'metadata']);

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function statusCode(job: Job, now: number): string {
  switch (job.state) {
    case 'queued':
      return 'queued';
    case 'running':
      return now - job.startedAt! < job.runMs * DISPATCH_SHARE ? 'dispatching' : 'running';
    case 'cancelled':
      return 'canceled';
    default:
      return job.state;
  }
}

/** Checks the run envelope around `input`; unknown top-level keys are refused. */
function envelopeIssues(body: unknown): FieldIssue[] {
  if (!isObject(body))
    return [{ path: [], message: 'Body should be a JSON object', type: 'object_type' }];
  const issues: FieldIssue[] = [];
  const add = (field: string, message: string, type: string) =>
    issues.push({ path: [field], message, type });
  for (const key of Object.keys(body)) {
    if (!ENVELOPE_KEYS.has(key)) add(key, 'Extra inputs are not permitted', 'extra');
  }
  if (body.input === undefined) add('input', 'Field required', 'missing');
  else if (!isObject(body.input)) add('input', 'Input should be a valid object', 'object_type');
  const cb = body.callback_url;
  if (
    cb !== undefined &&
    cb !== null &&
    !(typeof cb === 'string' && /^https?:\/\/[^\s/]+/.test(cb))
  ) {
    add('callback_url', 'Input should be a valid http(s) URL', 'url_parsing');
  }
  if (body.metadata !== undefined && body.metadata !== null && !isObject(body.metadata)) {
    add('metadata', 'Input should be a valid object', 'object_type');
  }
  return issues;
}

/** Runflow runs API: create a run, read it. There is no public cancel. */
export function runflowRoutes(ctx: EmulatorContext): RouteDef[] {
  const jobOf = (call: Call) => ctx.jobs.get(decodeURIComponent(call.params[0]!), 'runflow');

  /** The run object; `costReported: false` (the no-cost fault) leaves its cost null. */
  const view = (job: Job, costReported = true) => {
    const succeeded = job.state === 'succeeded';
    const billed = succeeded && costReported;
    const unitPrice = pricePerImage(job, ctx.config.defaultPricePerImageUsd);
    const n = job.outputs.length;
    return {
      id: job.id,
      model: job.model.endpoint,
      status_code: reportedStatus(job, statusCode(job, ctx.clock.now())),
      input: job.input,
      output: succeeded
        ? {
            outputs: reportedOutputs(job).map((o) => ({
              type: 'image',
              url: o.url,
              width: o.width,
              height: o.height,
              content_type: o.contentType,
              file_size: o.bytes,
            })),
            model_data: {},
            nsfw_detected: false,
            seed: job.params.seed,
            timing: { inference_ms: job.runMs },
          }
        : null,
      // Billed only on success: "<unit price> x images", as decimal strings.
      cost: billed ? usdString(unitPrice * n) : null,
      cost_breakdown: billed
        ? [
            {
              item: 'image',
              quantity: n,
              unit_price: usdString(unitPrice),
              amount: usdString(unitPrice * n),
            },
          ]
        : null,
      // Total wall time from creation to the terminal state.
      duration_ms: job.finishedAt === null ? null : job.finishedAt - job.createdAt,
      created_at: iso(job.createdAt),
      started_at: iso(job.startedAt),
      completed_at: iso(job.finishedAt),
      callback_url: job.envelope.callback_url ?? null,
      metadata: job.envelope.metadata ?? null,
      failure_code: job.failure?.code ?? null,
      failure_message: job.failure?.message ?? null,
      failure_stage_code: job.failure?.stage ?? null,
      links: { self: `${ctx.baseUrl('runflow')}/v1/runs/${job.id}` },
    };
  };

  const submit = (call: Call): Reply => {
    const endpoint = call.params[0]!.split('/').map(decodeURIComponent).join('/');
    const model = ctx.models.get('runflow', endpoint);
    const parsed = parseJson(call);
    if (parsed.ok) call.record.body = parsed.value;
    if (!model) return runflowError(404, 'MODEL_NOT_FOUND', `Model ${endpoint} not found`);
    if (!parsed.ok) {
      return validationError(
        'runflow',
        [{ path: [], message: parsed.message, type: 'json_invalid' }],
        'body',
      );
    }
    const envelope = envelopeIssues(parsed.value);
    if (envelope.length > 0) return validationError('runflow', envelope, '');
    const body = parsed.value as Record<string, unknown>;
    const prepared = prepareInput(model, body.input, (v) => ctx.files.isOwnUrl(v));
    if ('issues' in prepared) return validationError('runflow', prepared.issues);
    const { input: _input, ...rest } = body;
    const job = ctx.jobs.submit({
      provider: 'runflow',
      model,
      input: body.input as Record<string, unknown>,
      params: prepared.params,
      envelope: rest,
      ...plannedEnd(call.fault),
    });
    call.record.jobId = job.id;
    return json(201, view(job));
  };

  const get = (call: Call): Reply => {
    const job = jobOf(call);
    if (!job) return runflowError(404, 'RUN_NOT_FOUND', `Run ${call.params[0]} not found`);
    call.record.jobId = job.id;
    ctx.stats.polled('runflow', job.id);
    return json(200, view(job, call.fault?.kind !== 'no-cost'));
  };

  const model = (c: Call) => c.params[0]!.split('/').map(decodeURIComponent).join('/');
  return [
    {
      provider: 'runflow',
      route: 'submit',
      method: 'POST',
      auth: true,
      pattern: rx(`${P}/models/(.+)/runs`),
      model,
      handle: submit,
    },
    {
      provider: 'runflow',
      route: 'status',
      method: 'GET',
      auth: true,
      pattern: rx(`${P}/runs/([^/]+)`),
      model: (c) => jobOf(c)?.model.endpoint,
      handle: get,
    },
    {
      provider: 'runflow',
      route: 'other',
      method: 'GET',
      auth: false,
      pattern: rx(`${P}/health`),
      handle: () => json(200, { ok: true }),
    },
  ];
}
