import type { EmulatorContext } from './context';
import { runcomfyError, validationError } from './errors';
import { pricePerImage } from './generate';
import { plannedEnd, reportedOutputs, reportedStatus } from './jobs';
import type { Job } from './jobs';
import { prepareInput } from './params';
import { json, parseJson } from './reply';
import type { Call, Reply } from './reply';
import type { RouteDef } from './server';

const P = '/runcomfy/v1';

/** Provider status names for the emulator's job states. */
const STATUS: Record<Job['state'], string> = {
  queued: 'in_queue',
  running: 'in_progress',
  succeeded: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const decodeModel = (raw: string) => raw.split('/').map(decodeURIComponent).join('/');

/** RunComfy Model API: submit, status, result, cancel, plus the model catalog reads. */
export function runcomfyRoutes(ctx: EmulatorContext): RouteDef[] {
  const base = () => ctx.baseUrl('runcomfy');
  const urls = (id: string) => ({
    status_url: `${base()}/v1/requests/${id}/status`,
    result_url: `${base()}/v1/requests/${id}/result`,
  });
  const jobOf = (call: Call) => ctx.jobs.get(call.params[0]!, 'runcomfy');
  const unknown = (id: string) => runcomfyError(404, 404001, `Request ${id} not found or expired`);
  const withJob = (fn: (job: Job, call: Call) => Reply) => (call: Call) => {
    const job = jobOf(call);
    if (job) call.record.jobId = job.id;
    return job ? fn(job, call) : unknown(call.params[0]!);
  };
  const common = {
    provider: 'runcomfy',
    auth: true,
    model: (c: Call) => jobOf(c)?.model.endpoint,
  } as const;

  const submit = (call: Call): Reply => {
    const endpoint = decodeModel(call.params[0]!);
    const model = ctx.models.get('runcomfy', endpoint);
    const parsed = parseJson(call);
    if (parsed.ok) call.record.body = parsed.value;
    if (!model) return runcomfyError(404, 400001, `Invalid model: ${endpoint}`);
    if (!parsed.ok) {
      return validationError('runcomfy', [
        { path: [], message: parsed.message, type: 'json_invalid' },
      ]);
    }
    const prepared = prepareInput(model, parsed.value, (v) => ctx.files.isOwnUrl(v));
    if ('issues' in prepared) return validationError('runcomfy', prepared.issues);
    const job = ctx.jobs.submit({
      provider: 'runcomfy',
      model,
      input: parsed.value as Record<string, unknown>,
      params: prepared.params,
      envelope: {},
      ...plannedEnd(call.fault),
    });
    call.record.jobId = job.id;
    return json(200, {
      request_id: job.id,
      ...urls(job.id),
      cancel_url: `${base()}/v1/requests/${job.id}/cancel`,
    });
  };

  const status = withJob((job) => {
    ctx.stats.polled('runcomfy', job.id);
    return json(200, {
      request_id: job.id,
      status: reportedStatus(job, STATUS[job.state]),
      ...urls(job.id),
      ...(job.state === 'queued' ? { queue_position: ctx.jobs.queuePosition(job) } : {}),
    });
  });

  const result = withJob((job, call) => {
    ctx.stats.count('runcomfy', 'resultFetches');
    // Asking for the result of an unfinished job is a poll (the docs allow it).
    if (job.state === 'queued' || job.state === 'running') ctx.stats.polled('runcomfy', job.id);
    const images = reportedOutputs(job).map((o) => o.url);
    const body: Record<string, unknown> = {
      request_id: job.id,
      status: reportedStatus(job, STATUS[job.state]),
      output: job.state === 'succeeded' ? { images, image: images[0] } : null,
      created_at: iso(job.createdAt),
      finished_at: iso(job.finishedAt),
    };
    // The failure reason as a plain message string (the docs name the field, not its shape).
    if (job.failure) body.error = job.failure.message;
    if (call.url.searchParams.get('include_cost') === 'true' && call.fault?.kind !== 'no-cost')
      body.cost = cost(job, ctx.config.defaultPricePerImageUsd);
    return json(200, body);
  });

  const cancel = withJob((job) => {
    const cancelled = ctx.jobs.cancel(job);
    return json(200, {
      request_id: job.id,
      status: STATUS[job.state],
      outcome: cancelled ? 'cancelled' : 'not_cancellable',
    });
  });

  // Catalog reads: the plainest shape carrying the documented pricing fields.
  const describe = (endpoint: string) => {
    const model = ctx.models.get('runcomfy', endpoint);
    const price = model?.pricing?.kind === 'per_image' ? model.pricing.usd : null;
    return {
      model_id: endpoint,
      base_price_usd: price,
      price_unit: price === null ? null : 'image',
      pricing_note: model?.pricing?.kind === 'unknown' ? model.pricing.note : null,
      input_schema: model?.inputSchema,
    };
  };

  return [
    {
      ...common,
      route: 'submit',
      method: 'POST',
      pattern: rx(`${P}/models/(.+)`),
      model: (c) => decodeModel(c.params[0]!),
      handle: submit,
    },
    {
      ...common,
      route: 'status',
      method: 'GET',
      pattern: rx(`${P}/requests/([^/]+)/status`),
      handle: status,
    },
    {
      ...common,
      route: 'result',
      method: 'GET',
      pattern: rx(`${P}/requests/([^/]+)/result`),
      handle: result,
    },
    {
      ...common,
      route: 'cancel',
      method: 'POST',
      pattern: rx(`${P}/requests/([^/]+)/cancel`),
      handle: cancel,
    },
    {
      ...common,
      route: 'catalog',
      method: 'GET',
      pattern: rx(`${P}/models`),
      model: () => undefined,
      handle: () =>
        json(200, { models: ctx.models.list('runcomfy').map((m) => describe(m.endpoint)) }),
    },
    {
      ...common,
      route: 'catalog',
      method: 'GET',
      pattern: rx(`${P}/models/(.+)`),
      model: (c) => decodeModel(c.params[0]!),
      handle: (c) => {
        const endpoint = decodeModel(c.params[0]!);
        return ctx.models.get('runcomfy', endpoint)
          ? json(200, describe(endpoint))
          : runcomfyError(404, 400001, `Invalid model: ${endpoint}`);
      },
    },
  ];
}

/** USD billed, as a number (RunComfy's cost field); 0 for anything not completed. */
function cost(job: Job, fallbackUsd: number): number | null {
  if (job.state === 'queued' || job.state === 'running') return null;
  if (job.state !== 'succeeded') return 0;
  return Number((pricePerImage(job, fallbackUsd) * job.outputs.length).toFixed(6));
}

export const rx = (path: string): RegExp => new RegExp(`^${path}$`);
