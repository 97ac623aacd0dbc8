import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from './context';
import { authProblem, faultReply, providerError, runcomfyError } from './errors';
import { destroySocket, json, readBody, writeReply } from './reply';
import type { Call, Reply } from './reply';
import type { ProviderId, RecordedRequest, RecordedRoute } from './types';

export interface RouteDef {
  provider: ProviderId;
  route: RecordedRoute;
  method: string;
  /** Matched against the whole path; capture groups become `call.params`. */
  pattern: RegExp;
  /** Bearer auth (API calls); storage URLs are presigned instead. */
  auth: boolean;
  /** Request body limit in bytes. */
  maxBody?: number;
  /** The model the request concerns, for fault rules with a model filter. */
  model?(call: Call): string | undefined;
  handle(call: Call): Reply | Promise<Reply>;
}

/** RunComfy's documented request limit; also plenty for Runflow's JSON calls. */
const DEFAULT_MAX_BODY = 64 * 1024 * 1024;
/** Recorded requests kept (the oldest are dropped), so benchmarks do not grow without bound. */
const MAX_LOG = 10_000;

/**
 * One request: route it, record it, pick a fault, check auth, run the handler,
 * then write the answer the way the fault says (or drop the connection).
 */
export async function handleRequest(
  ctx: EmulatorContext,
  routes: readonly RouteDef[],
  log: RecordedRequest[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', ctx.origin());
  const entry: RecordedRequest = {
    at: ctx.clock.now(),
    method,
    path: url.pathname,
    provider: providerOfPath(url.pathname),
    route: 'other',
    status: 0,
  };
  log.push(entry);
  if (log.length > MAX_LOG) log.splice(0, log.length - MAX_LOG);
  const candidates = routes.filter((r) => r.pattern.test(url.pathname));
  const def = candidates.find((r) => r.method === method);
  const body = await readBody(req, def?.maxBody ?? DEFAULT_MAX_BODY);
  const answer = async (reply: Reply, mode?: Parameters<typeof writeReply>[2]) => {
    entry.status = mode?.malformed ? 200 : reply.status;
    await writeReply(res, reply, mode);
  };

  if (!def) {
    const status = candidates.length > 0 ? 405 : 404;
    return answer(
      entry.provider ? providerError(entry.provider, status) : json(status, { error: 'Not found' }),
    );
  }
  entry.provider = def.provider;
  entry.route = def.route;
  if (body === null) return answer(providerError(def.provider, 413));

  const call: Call = {
    method,
    url,
    params: def.pattern.exec(url.pathname)!.slice(1),
    body,
    headers: req.headers,
    fault: null,
    record: {},
  };
  const fault = ctx.faults.pick({
    provider: def.provider,
    route: def.route,
    model: def.model?.(call),
  });
  call.fault = fault;
  if (fault) entry.fault = fault.kind;

  if (fault?.kind === 'reset') return destroySocket(res);
  if (fault?.kind === 'http') return answer(faultReply(def.provider, fault));
  if (fault?.kind === 'error-200') {
    return answer(json(200, { error_code: fault.error_code, error_message: fault.error_message }));
  }

  const denied = def.auth
    ? authProblem(def.provider, ctx.keys[def.provider], req.headers.authorization)
    : null;
  const reply = denied ?? (await def.handle(call));
  if (call.record.body !== undefined) entry.body = call.record.body;
  if (call.record.jobId !== undefined) entry.jobId = call.record.jobId;

  if (fault?.kind === 'reset-after-accept') return destroySocket(res);
  await answer(reply, {
    ...(fault?.kind === 'slow-body' ? { slowMs: fault.ms } : {}),
    ...(fault?.kind === 'malformed-json' ? { malformed: true } : {}),
  });
}

function providerOfPath(path: string): ProviderId | null {
  const m = /^\/(?:storage\/)?(runcomfy|runflow|google)\//.exec(path);
  return m ? (m[1] as ProviderId) : null;
}

/** Last resort for a handler that threw: a 500 in the provider's shape, if still possible. */
export function internalError(res: ServerResponse, provider: ProviderId | null, e: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const reply =
    provider === 'runflow' || provider === 'google'
      ? providerError(provider, 500, (e as Error).message)
      : runcomfyError(500, 500001, (e as Error).message);
  void writeReply(res, reply);
}
