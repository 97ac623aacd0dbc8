import { PROVIDER_NAMES } from '../../../shared/catalog/model';
import type { NodeId } from '../../../shared/graph/ids';
import { ProviderError } from '../providers/types';
import type { ProviderAdapter } from '../providers/types';
import type { JournalEntry } from '../storage/jobJournal';
import type { RunScope } from './modelJob';
import { heldMessage } from './openJobs';
import type { EngineServices } from './services';
import { NodeStop } from './services';
import { backoffDelay, sleep } from './timing';

/**
 * A submit whose answer was lost: the job may exist, so nothing sends it again
 * until the user chooses to (its `submitting` journal entry holds it).
 */
export class HeldJob extends NodeStop {
  constructor(
    message: string,
    /** When the request was sent. */
    readonly sentAt: number,
  ) {
    super('held', message);
    this.name = 'HeldJob';
  }
}

/**
 * Sends the job exactly once. The journal hears of it before the request leaves
 * (so a crash mid-submit is known) and gets the request id before polling starts.
 * Only a failure that surely never reached the provider is retried.
 */
export async function submitOnce(
  svc: EngineServices,
  run: RunScope,
  adapter: ProviderAdapter,
  nodeId: NodeId,
  job: { key: string; endpoint: string; body: Record<string, unknown> },
): Promise<JournalEntry & { requestId: string }> {
  const provider = PROVIDER_NAMES[adapter.id];
  const entry: JournalEntry = {
    jobId: svc.newId(),
    state: 'submitting',
    cacheKey: job.key,
    provider: adapter.id,
    endpoint: job.endpoint,
    nodeId,
    nodeName: run.nodeName(nodeId),
    runId: run.runId,
    createdAt: svc.now(),
  };
  await svc.journal.write(entry);
  run.progress(nodeId, { state: 'submitting' });
  for (let attempt = 1; ; attempt++) {
    let requestId: string;
    try {
      // No abort signal: cutting a submit short would leave it unknown whether it was billed.
      ({ requestId } = await adapter.submit({
        endpoint: job.endpoint,
        input: job.body,
        clientRef: entry.jobId,
      }));
    } catch (e) {
      const retry =
        e instanceof ProviderError &&
        e.delivery === 'no' &&
        (e.kind === 'rate_limit' || e.kind === 'transient') &&
        attempt < svc.submitRetry.attempts &&
        !run.signal.aborted;
      if (retry) {
        try {
          await sleep(
            backoffDelay(svc.submitRetry, attempt, svc.random, e.retryAfterMs),
            run.signal,
          );
          continue;
        } catch {
          await svc.journal.close(entry.jobId, 'cancelled before it was sent');
          throw new NodeStop('cancelled', 'cancelled before it was sent');
        }
      }
      if (e instanceof ProviderError && e.delivery === 'maybe') {
        // The entry stays `submitting`: the node is held until the user resends it.
        throw new HeldJob(`${heldMessage(entry)} (${e.message})`, entry.createdAt);
      }
      await svc.journal.close(entry.jobId, `not sent: ${(e as Error).message}`);
      throw submitFailure(run, provider, e);
    }
    // Accepted: the job exists and may be billed. Nothing from here on may close the
    // entry as "not sent": if it cannot be recorded, it stays `submitting` (held).
    const submitted = { ...entry, state: 'submitted' as const, requestId, submittedAt: svc.now() };
    try {
      await svc.journal.write(submitted);
    } catch (e) {
      throw new HeldJob(
        `${heldMessage(entry)} (${provider} accepted it as ${requestId}, but it could not be recorded: ${(e as Error).message})`,
        entry.createdAt,
      );
    }
    run.progress(nodeId, { state: 'in_queue', elapsedMs: 0 }, requestId);
    return submitted;
  }
}

function submitFailure(run: RunScope, provider: string, e: unknown): NodeStop {
  if (!(e instanceof ProviderError))
    return new NodeStop('failed', `sending to ${provider} failed: ${(e as Error).message}`);
  if (e.kind === 'auth') {
    const message = `${provider} refused the API key: check the API key for ${provider} in Settings`;
    run.blockedProviders.set(e.provider, message);
    return new NodeStop('failed', `${message} (${e.message})`);
  }
  if (e.kind === 'credit') {
    const message = `${provider} says the account has no credit left: the run stopped`;
    run.stop(message);
    return new NodeStop('failed', `${message} (${e.message})`);
  }
  if (e.kind === 'rate_limit')
    return new NodeStop(
      'failed',
      `${provider} kept refusing with "too many requests": ${e.message}`,
    );
  return new NodeStop('failed', `${provider}: ${e.message}`);
}
