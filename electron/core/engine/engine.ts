import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import path from 'node:path';
import { ProviderIdSchema } from '../../../shared/catalog/model';
import type { ProviderId } from '../../../shared/catalog/model';
import { tallyReportedCost } from '../../../shared/cost/reported';
import type { NodeCostFacts } from '../../../shared/cost/reported';
import type { UserPrices } from '../../../shared/cost/estimate';
import type { GraphDocument } from '../../../shared/graph/document';
import type { NodeId } from '../../../shared/graph/ids';
import { LOAD_IMAGE_NODE, PREVIEW_NODE, PROMPT_NODE } from '../../../shared/nodes/builtins';
import { resolveParams } from '../../../shared/nodes/params';
import { nodeNamer, skippedMessage } from '../../../shared/nodes/nodeName';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import { incomingEdges } from '../../../shared/plan/modelInput';
import { preflight } from '../../../shared/plan/preflight';
import type { RunExpansionOptions } from '../../../shared/plan/expand/expandRun';
import type {
  NodeEvent,
  NodeState,
  OutputImage,
  RunEvent,
  RunStatus,
} from '../../../shared/run/events';
import { TERMINAL_STATES } from '../../../shared/run/events';
import type { GraphIssue } from '../../../shared/validation/issues';
import { providersWithKeys } from '../providers/config';
import type { ProviderAdapter } from '../providers/types';
import { BlobStore } from '../storage/blobStore';
import { JobJournal } from '../storage/jobJournal';
import { ResultCache } from '../storage/resultCache';
import { createDownloader } from './download';
import type { Downloader } from './download';
import { JobSlots } from './limiter';
import { runLoadImage, runPreview, runPrompt } from './localNodes';
import { HeldJob, runModelJob } from './modelJob';
import { isPinned, runPinned } from './pins';
import type { RunScope } from './modelJob';
import { resumeJournal } from './resume';
import type { ResumeListener, ResumeStart } from './resume';
import type { EngineServices } from './services';
import { NodeStop } from './services';
import type { BackoffPolicy } from './timing';
import { gatherInputs } from './values';
import type { NodeOutputs } from './values';

export interface EngineOptions {
  registry: NodeRegistry;
  adapters: Partial<Record<ProviderId, ProviderAdapter>>;
  /** Holds blobs/, results/ and journal/. */
  dataDir: string;
  concurrency?: { global?: number; perProvider?: Partial<Record<ProviderId, number>> };
  pollIntervalMs?: number;
  submitRetry?: Partial<BackoffPolicy>;
  pollRetry?: Partial<BackoffPolicy>;
  /**
   * A provider's output URL feeds the next node only while it says it stays valid
   * this much longer (default 10 minutes); otherwise the downloaded bytes are sent.
   */
  urlMarginMs?: number;
  download?: Downloader;
  now?: () => number;
  random?: () => number;
}

export interface RunOptions {
  /** Run these nodes and their ancestors only. */
  targets?: readonly string[];
  /** The workflow's folder: Load Image paths are relative to it. */
  baseDir?: string;
  onEvent?: (event: RunEvent) => void;
  signal?: AbortSignal;
  /**
   * Held nodes (their last submit may have reached the provider) to send again,
   * by the user's explicit choice: these node ids, or 'all-held'.
   */
  resend?: readonly string[] | 'all-held';
  /** The user's own prices per image (Settings), for the run's estimate. */
  userPrices?: UserPrices;
  /** Variants, combine mode, "new take" (shared/plan/expand); targets come from a take. */
  expansion?: RunExpansionOptions;
}

export interface RunSummary {
  runId: string;
  status: RunStatus;
  states: Map<NodeId, NodeState>;
  /** Images each node produced (models, Load Image, Preview). */
  images: Map<NodeId, OutputImage[]>;
  /** Where each model output came from, by image hash. */
  provenance: Map<string, ImageProvenance>;
  /** Cost the providers reported for the jobs this run sent (see shared/cost/reported). */
  actualUsd: number;
  jobCount: number;
  jobsWithoutCost: number;
  durationMs: number;
}

export interface ImageProvenance {
  provider: string;
  endpoint: string;
  requestId: string;
  seed?: number;
  costUsd?: number;
}

export interface RunHandle {
  runId: string;
  done: Promise<RunSummary>;
  cancel(): void;
}

/** A run was refused before anything was sent: the graph has errors. */
export class RunRefusedError extends Error {
  constructor(
    readonly issues: GraphIssue[],
    name: (nodeId: string) => string = (id) => id,
  ) {
    super(
      `the graph has ${issues.length} problem${issues.length === 1 ? '' : 's'}: ${issues.map((i) => `${name(i.nodeId)}: ${i.message}`).join('; ')}`,
    );
    this.name = 'RunRefusedError';
  }
}

export const DEFAULT_CONCURRENCY = { global: 8, perProvider: 4 };

export interface Engine {
  run(doc: GraphDocument, options?: RunOptions): RunHandle;
  /**
   * Starts collecting the jobs a previous process left at a provider (never
   * resubmitting them); resolves once they are registered, so a run started after
   * it joins them instead of paying again. `onJob` hears what became of each job
   * (the run history updates the interrupted run it belonged to).
   */
  resume(onJob?: ResumeListener): Promise<ResumeStart>;
  /** Resolves when background collections (cancelled or resumed jobs) have ended. */
  idle(): Promise<void>;
  /** Stops polling; open jobs stay in the journal for the next start. */
  close(): Promise<void>;
}

export function createEngine(options: EngineOptions): Engine {
  const lifetime = new AbortController();
  // Every poll and download in flight listens to it: many listeners are expected.
  setMaxListeners(0, lifetime.signal);
  const perProvider = (p: ProviderId): number =>
    options.concurrency?.perProvider?.[p] ?? DEFAULT_CONCURRENCY.perProvider;
  const blobs = new BlobStore(path.join(options.dataDir, 'blobs'));
  const svc: EngineServices = {
    adapters: options.adapters,
    blobs,
    cache: new ResultCache(path.join(options.dataDir, 'results'), blobs),
    journal: new JobJournal(path.join(options.dataDir, 'journal')),
    download: options.download ?? createDownloader(),
    slots: new JobSlots(
      options.concurrency?.global ?? DEFAULT_CONCURRENCY.global,
      Object.fromEntries(ProviderIdSchema.options.map((p) => [p, perProvider(p)])) as Record<
        ProviderId,
        number
      >,
    ),
    inflight: new Map(),
    background: new Set(),
    lifetime: lifetime.signal,
    pollIntervalMs: options.pollIntervalMs ?? 2000,
    submitRetry: { baseMs: 1000, maxMs: 30_000, attempts: 4, ...options.submitRetry },
    pollRetry: { baseMs: 1000, maxMs: 30_000, attempts: 8, ...options.pollRetry },
    urlMarginMs: options.urlMarginMs ?? 10 * 60_000,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    newId: () => randomUUID().replaceAll('-', ''),
  };

  return {
    run: (doc, runOptions = {}) => startRun(svc, options.registry, doc, runOptions),
    resume: (onJob) => resumeJournal(svc, onJob),
    idle: async () => {
      while (svc.background.size > 0) await Promise.allSettled([...svc.background]);
    },
    close: async () => {
      lifetime.abort(new Error('engine closed'));
      await Promise.allSettled([...svc.background, ...svc.inflight.values()]);
      await svc.journal.shutdown();
    },
  };
}

function startRun(
  svc: EngineServices,
  registry: NodeRegistry,
  doc: GraphDocument,
  opts: RunOptions,
): RunHandle {
  // The same check the Run button, the host and the CLI make: pinned nodes reuse
  // their images (what only they need is not run), and nothing starts on an error.
  const checked = preflight(doc, registry, opts.targets, {
    keyedProviders: providersWithKeys(svc.adapters),
    ...(opts.userPrices ? { userPrices: opts.userPrices } : {}),
    ...(opts.expansion ? { expansion: opts.expansion } : {}),
  });
  // The document as run: one node per variant and combination (the preflight's expansion).
  const runDoc = checked.expansion.doc;
  const name = nodeNamer(runDoc, registry);
  if (checked.planError && checked.planError.kind !== 'cycle')
    throw new Error(checked.planError.message);
  if (checked.planError || checked.issues.length > 0)
    throw new RunRefusedError(checked.issues, name);
  const plan = checked.plan;

  const runId = svc.newId();
  const controller = new AbortController();
  // Every waiting node listens to the run's signal: many listeners are expected.
  setMaxListeners(0, controller.signal);
  if (opts.signal?.aborted) controller.abort(opts.signal.reason);
  else
    opts.signal?.addEventListener('abort', () => controller.abort(opts.signal!.reason), {
      once: true,
    });
  const started = svc.now();
  const emit = (event: RunEvent): void => opts.onEvent?.(event);
  const states = new Map<NodeId, NodeState>();
  const images = new Map<NodeId, OutputImage[]>();
  const provenance = new Map<string, ImageProvenance>();
  /** The jobs this run sent that finished: its cost, each job once. */
  const sentJobs: NodeCostFacts[] = [];
  const nodeEvent = (nodeId: NodeId, state: NodeState, extra: Partial<NodeEvent> = {}): void => {
    states.set(nodeId, state);
    emit({ type: 'node', runId, nodeId, state, at: svc.now(), ...extra });
  };
  let stopReason: string | undefined;
  const scope: RunScope = {
    runId,
    signal: controller.signal,
    stopReason: () => stopReason,
    stop: (reason) => (stopReason ??= reason),
    blockedProviders: new Map(),
    resends: (nodeId) => opts.resend === 'all-held' || (opts.resend?.includes(nodeId) ?? false),
    nodeName: name,
    priority: (nodeId) => checked.priority[nodeId] ?? 0,
    progress: (nodeId, p, requestId) => {
      if (TERMINAL_STATES.has(states.get(nodeId) ?? 'queued')) return;
      nodeEvent(nodeId, p.state, {
        ...(requestId ? { requestId } : {}),
        ...('elapsedMs' in p ? { elapsedMs: p.elapsedMs } : {}),
        ...('queuePosition' in p && p.queuePosition !== undefined
          ? { queuePosition: p.queuePosition }
          : {}),
      });
    },
  };

  emit({
    type: 'run-started',
    runId,
    at: started,
    nodeIds: [...plan.order, ...checked.skipped.map((s) => s.nodeId)],
    estimate: checked.estimate,
    ...(Object.keys(checked.expansion.labels).length > 0
      ? { labels: checked.expansion.labels }
      : {}),
  });
  for (const id of plan.order) nodeEvent(id, 'queued');
  // Muted on purpose: shown with the reason, but not kept in `states`, so a run that
  // did all it was asked to does not count as failed.
  for (const { nodeId, reason } of checked.skipped) {
    emit({ type: 'node', runId, nodeId, state: 'skipped', at: svc.now(), message: reason });
  }

  // The graph as run: components flattened, node modes applied (bypassed nodes and
  // reroutes gone, their wires joined), one node per variant and combination.
  const nodes = new Map(runDoc.nodes.map((n) => [n.id, n]));
  const incoming = incomingEdges(runDoc);
  const labels = checked.expansion.labels;
  const outputs = new Map<NodeId, NodeOutputs>();
  const settled = new Map<NodeId, Promise<boolean>>();
  const baseDir = opts.baseDir ?? process.cwd();

  const runNode = async (id: NodeId): Promise<boolean> => {
    const deps = plan.dependencies[id] ?? [];
    const depOk = await Promise.all(deps.map((d) => settled.get(d)!));
    const bad = deps.find((_, i) => !depOk[i]);
    if (bad !== undefined) {
      nodeEvent(id, controller.signal.aborted ? 'cancelled' : 'skipped', {
        message: controller.signal.aborted ? 'cancelled' : skippedMessage(name(bad)),
      });
      return false;
    }
    const node = nodes.get(id)!;
    const spec = registry.get(node.type)!;
    const inputs = gatherInputs(id, incoming.get(id) ?? [], outputs);
    try {
      if (isPinned(node, registry)) {
        const pin = await runPinned(node, spec, svc.blobs);
        outputs.set(id, pin.outputs);
        images.set(id, pin.images);
        for (const img of pin.images) provenance.set(img.hash, pin.provenance);
        nodeEvent(id, 'cached', pin.event);
        return true;
      }
      if (spec.model) {
        const variant = labels[id]?.variant;
        const job = await runModelJob(svc, scope, id, spec, node.params, inputs, variant);
        outputs.set(id, job.outputs);
        const produced = job.result.images.map(({ url: _u, receivedAt: _r, ...img }) => img);
        images.set(id, produced);
        const { provider, endpoint, requestId, seed, costUsd } = job.result;
        for (const img of produced) {
          provenance.set(img.hash, {
            provider,
            endpoint,
            requestId,
            ...(seed !== undefined ? { seed } : {}),
            ...(costUsd !== undefined ? { costUsd } : {}),
          });
        }
        // A job's cost is counted once, by the node (and run) that sent it.
        const sent = job.source === 'sent';
        if (sent) sentJobs.push({ state: 'done', sentJob: true, costUsd });
        nodeEvent(id, job.source === 'cached' ? 'cached' : 'done', {
          requestId: job.result.requestId,
          images: produced,
          ...(sent ? { sentJob: true as const } : {}),
          ...(sent && costUsd !== undefined ? { costUsd } : {}),
        });
        return true;
      }
      if (controller.signal.aborted) throw new NodeStop('cancelled', 'cancelled');
      const params = resolveParams(spec, node.params);
      let out: NodeOutputs;
      if (node.type === PROMPT_NODE) out = runPrompt(params);
      else if (node.type === LOAD_IMAGE_NODE) out = await runLoadImage(params, baseDir, svc.blobs);
      else if (node.type === PREVIEW_NODE) out = runPreview(inputs);
      else throw new NodeStop('failed', `no runner for node type "${node.type}"`);
      outputs.set(id, out);
      const local = Object.values(out).flatMap((v) =>
        v.kind === 'images' ? v.images.flatMap((r) => (r.blob ? [r.blob] : [])) : [],
      );
      if (local.length > 0) images.set(id, local);
      const text = out['text']?.kind === 'text' ? out['text'].text : undefined;
      nodeEvent(id, 'done', {
        ...(local.length > 0 ? { images: local } : {}),
        ...(text !== undefined ? { text } : {}),
      });
      return true;
    } catch (e) {
      const stop =
        e instanceof NodeStop
          ? e
          : controller.signal.aborted
            ? new NodeStop('cancelled', 'cancelled')
            : new NodeStop('failed', (e as Error).message);
      nodeEvent(id, stop.state, {
        message: stop.message,
        ...(stop.requestId ? { requestId: stop.requestId } : {}),
        ...(stop instanceof HeldJob ? { sentAt: stop.sentAt } : {}),
      });
      return false;
    }
  };

  for (const id of plan.order) settled.set(id, runNode(id));

  const done = Promise.all(settled.values()).then((): RunSummary => {
    const counts = {} as Record<NodeState, number>;
    for (const s of states.values()) counts[s] = (counts[s] ?? 0) + 1;
    const status: RunStatus = controller.signal.aborted
      ? 'cancelled'
      : [...states.values()].some(
            (s) => s === 'failed' || s === 'skipped' || s === 'cancelled' || s === 'held',
          )
        ? 'failed'
        : 'succeeded';
    const durationMs = svc.now() - started;
    const cost = tallyReportedCost(sentJobs);
    emit({ type: 'run-finished', runId, at: svc.now(), status, counts, ...cost, durationMs });
    return { runId, status, states, images, provenance, ...cost, durationMs };
  });
  return { runId, done, cancel: () => controller.abort(new Error('cancelled by the user')) };
}
