import { PROVIDER_NAMES } from '../../../shared/catalog/model';
import type { ProviderId } from '../../../shared/catalog/model';
import type { ParamValue } from '../../../shared/graph/document';
import type { NodeId } from '../../../shared/graph/ids';
import { modelInput } from '../../../shared/plan/modelInput';
import type { NodeSpec } from '../../../shared/nodes/spec';
import type { ImageInput } from '../providers/types';
import type { JournalEntry } from '../storage/jobJournal';
import type { CachedResult } from '../storage/resultCache';
import { modelCacheKey } from './cacheKey';
import { collectJob } from './collectJob';
import type { JobProgress } from './collectJob';
import { collectOpenJob, heldMessage } from './openJobs';
import { HeldJob, submitOnce } from './submitJob';
import type { EngineServices } from './services';
import { NodeStop } from './services';
import { urlValidFor } from './urlLifetime';
import type { ImageRef, NodeInputs, NodeOutputs } from './values';

export { HeldJob } from './submitJob';

/** What a model job needs from the run it belongs to. */
export interface RunScope {
  runId: string;
  /** Aborted when the artist cancels the run. */
  signal: AbortSignal;
  /** Set when the run must stop starting jobs (no credit); the message says why. */
  stopReason(): string | undefined;
  stop(reason: string): void;
  /** Providers whose key was refused during this run. */
  blockedProviders: Map<ProviderId, string>;
  /** The user chose to resend this node although its last submit may have reached the provider. */
  resends(nodeId: NodeId): boolean;
  progress(nodeId: NodeId, p: JobProgress | { state: 'submitting' }, requestId?: string): void;
  /** The node's name for people (its title, else its type's label). */
  nodeName(nodeId: NodeId): string;
  /** The node's remaining critical path (the preflight's): busier paths get slots first. */
  priority(nodeId: NodeId): number;
}

export interface ModelJobResult {
  outputs: NodeOutputs;
  result: CachedResult;
  /**
   * Where the result came from: the cache, a job another node or run had sent
   * (joined), or a job this node sent. Only a sent job's cost is this run's.
   */
  source: 'cached' | 'joined' | 'sent';
}

/** The request body and cache key of a model node, from its params and inputs. */
export function buildModelRequest(
  spec: NodeSpec,
  params: Record<string, ParamValue>,
  inputs: NodeInputs,
  /** The provider's base URL; without a configured provider nothing can be reused. */
  baseUrl = 'unconfigured',
  /** The instance's variant (1 or absent: a run without variants). */
  variant?: number,
) {
  const model = spec.model!;
  const input = modelInput(spec, params, inputs.texts);
  const images: Record<string, ImageRef[]> = {};
  for (const port of spec.inputs)
    if (port.type === 'image[]') images[port.id] = inputs.images[port.id] ?? [];
  const key = modelCacheKey({
    type: spec.type,
    provider: model.provider,
    baseUrl,
    endpoint: model.endpoint,
    params: input,
    imageHashes: Object.entries(images).flatMap(([port, refs]) =>
      refs.map((r) => `${port}:${r.key}`),
    ),
    ...(variant !== undefined ? { variant } : {}),
  });
  return { model, input, images, key };
}

export function outputsOf(result: CachedResult): NodeOutputs {
  return imageOutputs(
    result.images.map(({ url, receivedAt, ...blob }) => ({
      key: blob.hash,
      blob,
      ...(url ? { url, urlReceivedAt: receivedAt } : {}),
    })),
  );
}

/** A model's outputs: all its images, and the first one alone. */
export const imageOutputs = (refs: ImageRef[]): NodeOutputs => ({
  images: { kind: 'images', images: refs },
  image: { kind: 'images', images: refs.slice(0, 1) },
});

/** The node that claimed a key gave up before its job reached the provider. */
class NotSubmitted extends Error {}

/**
 * Runs one model node: a cached result is reused, a job already at the provider
 * (or about to be sent) for the same key is joined, a job the journal holds open
 * is collected (or, if its submit was cut off, the node is held), otherwise the
 * job is submitted once and followed.
 */
export async function runModelJob(
  svc: EngineServices,
  run: RunScope,
  nodeId: NodeId,
  spec: NodeSpec,
  params: Record<string, ParamValue>,
  inputs: NodeInputs,
  variant?: number,
): Promise<ModelJobResult> {
  const { model, input, images, key } = buildModelRequest(
    spec,
    params,
    inputs,
    svc.adapters[spec.model!.provider]?.baseUrl,
    variant,
  );
  await svc.journal.load();
  let slot: SlotRequest;
  for (;;) {
    // In the queue for a slot from the moment the node is ready, before the cache is read.
    slot = requestSlot(svc, run, nodeId, model.provider);
    const cached = await svc.cache.get(key);
    if (cached) {
      slot.giveUp();
      return { outputs: outputsOf(cached), result: cached, source: 'cached' };
    }
    let joined = svc.inflight.get(key);
    // The journal is the truth about jobs at a provider, for the life of the process.
    const open = joined ? undefined : svc.journal.openFor(key);
    if (open?.state === 'submitted' && open.requestId) {
      joined = collectOpenJob(svc, { ...open, requestId: open.requestId }, (p) =>
        run.progress(nodeId, p, open.requestId),
      );
    } else if (open) {
      slot.giveUp();
      if (!run.resends(nodeId)) throw new HeldJob(heldMessage(open), open.createdAt);
      await svc.journal.close(open.jobId, `resent by the user's choice (run ${run.runId})`);
      continue; // the journal was awaited: look again before claiming the key
    }
    if (!joined) break;
    slot.giveUp();
    run.progress(nodeId, { state: 'running', elapsedMs: 0 });
    try {
      const result = await untilCancelled(run, joined);
      return { outputs: outputsOf(result), result, source: 'joined' };
    } catch (e) {
      // Its owner never sent it (cancelled, or refused before sending), or the
      // provider cancelled it (nothing billed, or the user accepted that): look again.
      const cancelledAtProvider =
        e instanceof NodeStop && e.state === 'cancelled' && e.requestId && !run.signal.aborted;
      if (!(e instanceof NotSubmitted) && !cancelledAtProvider) throw e;
    }
  }

  // Claim the key before anything else is awaited, so an identical node (in this
  // run or another) joins this job instead of paying for its own.
  let settle!: { resolve: (r: Promise<CachedResult>) => void; reject: (e: unknown) => void };
  const claim = new Promise<CachedResult>((resolve, reject) => (settle = { resolve, reject }));
  claim.catch(() => undefined);
  svc.inflight.set(key, claim);
  let sent: { collection: Promise<CachedResult>; entry: JournalEntry & { requestId: string } };
  try {
    sent = await sendJob(svc, run, nodeId, model, key, input, images, slot);
  } catch (e) {
    slot.giveUp();
    svc.inflight.delete(key);
    // Joiners of a job that may exist must not send it either; the others try themselves.
    settle.reject(e instanceof HeldJob ? e : new NotSubmitted());
    throw e;
  }
  settle.resolve(sent.collection);
  const { collection, entry } = sent;
  const adapter = svc.adapters[model.provider]!;
  const provider = PROVIDER_NAMES[model.provider];
  // Tracked apart from the run: a cancelled run leaves it collecting in the background.
  const tracked = collection.catch(() => undefined).finally(() => svc.background.delete(tracked));
  svc.background.add(tracked);
  const result = await untilCancelled(run, collection, {
    requestId: entry.requestId,
    cancel: async () => {
      const outcome = await adapter
        .cancel(entry.requestId, model.endpoint)
        .catch(() => 'not_cancellable' as const);
      return outcome === 'cancelled'
        ? `cancelled at ${provider}`
        : `${provider} cannot cancel a job that has started: it may still be billed, and its result will be kept when it arrives`;
    },
  });
  return { outputs: outputsOf(result), result, source: 'sent' };
}

/** A place in the queue for a job slot, by the node's priority. */
interface SlotRequest {
  /** Resolves with the release once the slots are granted. */
  granted: Promise<() => void>;
  /** Leaves the queue, or frees the slots if they were granted (idempotent). */
  giveUp(): void;
}

function requestSlot(
  svc: EngineServices,
  run: RunScope,
  nodeId: NodeId,
  provider: ProviderId,
): SlotRequest {
  const leave = new AbortController();
  const granted = svc.slots.acquire(
    provider,
    AbortSignal.any([run.signal, leave.signal]),
    run.priority(nodeId),
  );
  granted.catch(() => undefined);
  return {
    granted,
    giveUp() {
      leave.abort(new Error('slot not needed'));
      void granted.then(
        (release) => release(),
        () => undefined,
      );
    },
  };
}

/** Takes its provider slot, prepares the images and submits; the slot is held until collected. */
async function sendJob(
  svc: EngineServices,
  run: RunScope,
  nodeId: NodeId,
  model: NonNullable<NodeSpec['model']>,
  key: string,
  input: Record<string, unknown>,
  images: Record<string, ImageRef[]>,
  slot: SlotRequest,
): Promise<{ collection: Promise<CachedResult>; entry: JournalEntry & { requestId: string } }> {
  const provider = PROVIDER_NAMES[model.provider];
  const adapter = svc.adapters[model.provider];
  if (!adapter) {
    throw new NodeStop(
      'failed',
      `no API key for ${provider}: add it in Settings or set ${model.provider.toUpperCase()}_API_KEY`,
    );
  }
  const blockedNow = run.blockedProviders.get(model.provider);
  if (blockedNow) throw new NodeStop('skipped', blockedNow);

  const release = await slot.granted.catch(() => {
    throw new NodeStop('cancelled', 'cancelled before it was sent');
  });
  try {
    // Much may have happened while this waited for a slot.
    const stopped = run.stopReason() ?? run.blockedProviders.get(model.provider);
    if (stopped) throw new NodeStop('skipped', stopped);
    if (run.signal.aborted) throw new NodeStop('cancelled', 'cancelled before it was sent');
    if (svc.lifetime.aborted) throw new NodeStop('cancelled', 'not sent: the app is closing');
    const body = { ...input };
    for (const [port, refs] of Object.entries(images)) {
      const prepared = await Promise.all(refs.map((r) => imageInput(svc, r)));
      body[port] = await adapter.prepareImages(prepared, run.signal);
    }
    const entry = await submitOnce(svc, run, adapter, nodeId, {
      key,
      endpoint: model.endpoint,
      body,
    });
    // The slot is held until the job is collected: concurrency counts jobs at the provider.
    const collection = collectJob(svc, entry, (p) =>
      run.progress(nodeId, p, entry.requestId),
    ).finally(() => {
      release();
      svc.inflight.delete(key);
    });
    return { collection, entry };
  } catch (e) {
    release();
    throw e;
  }
}

async function untilCancelled(
  run: RunScope,
  collection: Promise<CachedResult>,
  /** The job this node sent, which the provider is asked to cancel. */
  own?: { requestId: string; cancel: () => Promise<string> },
): Promise<CachedResult> {
  if (!run.signal.aborted) {
    let onAbort!: () => void;
    const aborted = new Promise<'aborted'>((resolve) => {
      onAbort = () => resolve('aborted');
      run.signal.addEventListener('abort', onAbort, { once: true });
    });
    const winner = await Promise.race([collection, aborted]);
    run.signal.removeEventListener('abort', onAbort);
    if (winner !== 'aborted') return winner;
  }
  // Cancelled: the job keeps being collected in the background so nothing paid for
  // is lost, and a later run with the same inputs reuses it.
  if (!own) throw new NodeStop('cancelled', 'cancelled');
  throw new NodeStop('cancelled', await own.cancel(), own.requestId);
}

/**
 * What goes to the provider for an image input. A URL the user gave goes as is. A
 * provider's output URL goes only while it says it stays valid for svc.urlMarginMs
 * more (the next provider may fetch it only after its queue); when its lifetime is
 * unknown or too short, the bytes we downloaded go instead.
 */
async function imageInput(svc: EngineServices, ref: ImageRef): Promise<ImageInput> {
  const providerUrl = ref.url !== undefined && ref.urlReceivedAt !== undefined;
  const keepUrl = providerUrl ? urlValidFor(ref.url!, svc.now(), svc.urlMarginMs) : !!ref.url;
  if (keepUrl || !ref.blob) return { kind: 'url', url: ref.url! };
  const bytes = await svc.blobs.get(ref.blob.hash);
  return { kind: 'bytes', bytes, mimeType: ref.blob.mimeType, name: ref.name ?? ref.blob.hash };
}
