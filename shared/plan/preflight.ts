import { PROVIDER_NAMES } from '../catalog/model';
import type { ProviderId } from '../catalog/model';
import { estimateCost, estimateNodeCost } from '../cost/estimate';
import type { UserPrices } from '../cost/estimate';
import type { NodeCost } from '../cost/estimate';
import type { GraphDocument, GraphEdge, GraphNode } from '../graph/document';
import type { NodeId } from '../graph/ids';
import { LOAD_IMAGE_NODE, PROMPT_NODE } from '../nodes/builtins';
import { imageSourceKind } from '../nodes/imageSource';
import { resolveParams } from '../nodes/params';
import type { NodeRegistry } from '../nodes/registry';
import type { NodeSpec } from '../nodes/spec';
import type { CostEstimate } from '../run/events';
import { blockingIssues } from '../validation/issues';
import type { GraphIssue } from '../validation/issues';
import { validateGraph } from '../validation/validateGraph';
import { remainingPathLengths } from './criticalPath';
import { flattenComponents } from './flattenComponents';
import type { FlatGraph } from './flattenComponents';
import { incomingEdges, modelInput } from './modelInput';
import { expandRun, takeTargets } from './expand/expandRun';
import type { ExpandedRun, RunExpansionOptions } from './expand/expandRun';
import { baseNodeId } from './expand/instances';
import type { ExecutionPlan, PlanError } from './planExecution';
import { applyNodeModes, modedTargets, skippedFor } from './nodeModes';
import type { SkippedNode } from './nodeModes';
import { isPinned, planRun } from './runPlan';
import { ok } from '../result';

export interface PreflightOptions {
  /**
   * Model nodes the caller found in its result cache (the cache lives in
   * electron/core and is read asynchronously, so it probes and passes the answer):
   * they are reused, neither sent nor paid for.
   */
  cached?: ReadonlySet<string>;
  /** Providers that have an API key. When given, a job for any other provider blocks. */
  keyedProviders?: ReadonlySet<ProviderId>;
  /** The user's own prices per image by model node type (Settings), over the catalog's. */
  userPrices?: UserPrices;
  /** Variants, combine mode and "new take" of this run (shared/plan/expand). */
  expansion?: RunExpansionOptions;
}

/** Where an image a request carries comes from, before the run has it. */
export type PlannedImage =
  /** An https Load Image: the provider fetches the URL itself. */
  | { from: 'url'; nodeId: NodeId; url: string }
  /** A file next to the workflow: sent as the provider accepts local images. */
  | { from: 'file'; nodeId: NodeId; path: string }
  /** An image embedded in the workflow (a data URI). */
  | { from: 'embedded'; nodeId: NodeId }
  /** Image `index` (from 0) of another model's output, pinned or produced by this run. */
  | { from: 'output'; nodeId: NodeId; index: number };

/** A request as it will go out: the model input plus, by port, the images it carries. */
export interface PlannedRequest {
  provider: ProviderId;
  endpoint: string;
  /** The input as the provider's schema names it, without the image ports. */
  input: Record<string, unknown>;
  /** The image ports (`image_urls`), in the order they are sent. */
  images: Record<string, PlannedImage[]>;
}

/**
 * What the run does with one planned node instance (`nodeId` is an instance id when
 * the run is expanded: `expansion.labels` says what differs).
 */
export type PlannedJob =
  | { nodeId: NodeId; action: 'send'; request: PlannedRequest; cost: NodeCost }
  | { nodeId: NodeId; action: 'reuse'; reason: 'pinned' | 'cached' }
  | { nodeId: NodeId; action: 'local' };

export interface Preflight {
  /**
   * The graph the run executes, made from the document by the transforms of
   * shared/plan, in this order: components flattened, node modes applied (see
   * `plan/nodeModes.ts`), variants and combinations expanded (the same document as
   * `expansion.doc`). The engine runs this, so what it sends is what was checked and
   * estimated; plan and jobs name its nodes.
   */
  graph: GraphDocument;
  /** Muted nodes and what needs them: not run, each with the reason to show. */
  skipped: SkippedNode[];
  /** What runs, in order (empty when the graph cannot be planned). */
  plan: ExecutionPlan;
  /** Why no plan could be made: a cycle, or a target that does not exist. */
  planError?: PlanError;
  /** One per planned node, in plan order. */
  jobs: PlannedJob[];
  /** What blocks the run: errors in what it would execute, and missing keys. */
  issues: GraphIssue[];
  /** Providers that jobs need and that have no key (with `keyedProviders`). */
  missingKeys: ProviderId[];
  /** The cost of the jobs to send; what is reused is free. */
  estimate: CostEstimate;
  /** Paid jobs on the longest path ahead of each node: ready jobs start largest first. */
  priority: Record<NodeId, number>;
  /**
   * The document as run (one node per variant and combination) and the labels of its
   * instances; the plan, jobs and estimate are over it. The unexpanded graph when the
   * run has no variants or combinations.
   */
  expansion: ExpandedRun;
}

const EMPTY_PLAN: ExecutionPlan = { order: [], dependencies: {}, levels: [] };

/** Whether the run must not start. */
export const isBlocked = (p: Preflight): boolean =>
  p.planError !== undefined || p.issues.length > 0;

/**
 * The one check before a run, used by the Run button, the host, the engine and the
 * CLI (run and --dry-run) alike: what will be sent (each request, as built for the
 * provider), what is reused (pins, cache), what it costs and what blocks it. Pure.
 */
export function preflight(
  doc: GraphDocument,
  registry: NodeRegistry,
  targets?: readonly string[],
  options: PreflightOptions = {},
): Preflight {
  // The graph transforms, in their one place and in this order: components flattened,
  // node modes applied, then the run's variants and combinations (preflightGraph).
  const flat = flattenComponents(doc, registry);
  const wanted = targets && targets.length > 0 ? flatTargets(targets, flat) : undefined;
  return preflightGraph(flat.graph, registry, wanted, options, flat.problems);
}

/** A target that is a component instance stands for every node inside it. */
function flatTargets(targets: readonly string[], flat: FlatGraph): string[] {
  if (flat.origins.size === 0) return [...targets];
  return targets.flatMap((t) => {
    const inside = [...flat.origins].filter(([, o]) => o.instanceId === t).map(([id]) => id);
    return inside.length > 0 ? inside : [t];
  });
}

function preflightGraph(
  source: GraphDocument,
  registry: NodeRegistry,
  targets: readonly string[] | undefined,
  options: PreflightOptions,
  problems: FlatGraph['problems'],
): Preflight {
  const componentIssues: GraphIssue[] = problems.map((p) => ({
    nodeId: p.nodeId,
    code: 'component',
    severity: 'error',
    message: p.message,
  }));
  const moded = applyNodeModes(source, registry);
  const doc = moded.graph;
  const take = options.expansion?.take;
  const asked = take ? takeTargets(source, take.nodeId) : targets?.length ? targets : undefined;
  const skipped = skippedFor(source, moded, asked);
  const wanted = asked && modedTargets(source, moded, asked);
  const unexpanded: ExpandedRun = {
    doc,
    labels: {},
    targets: undefined,
    combinations: 1,
    variants: 1,
  };
  // Every node asked for is muted (or needs a muted one): nothing to run.
  let planned =
    wanted?.length === 0 ? ok<ExecutionPlan>(EMPTY_PLAN) : planRun(doc, registry, wanted);
  // Variants, alternatives and sweeps expand the planned nodes into instances here, the
  // one place every caller's plan is made: the engine, journal, cache, estimate and CLI
  // all see the same jobs.
  let expansion = unexpanded;
  if (planned.ok && planned.value.order.length > 0) {
    const expanded = expandRun(doc, registry, planned.value.order, wanted, options.expansion);
    if (!expanded.ok) {
      const { kind, message, nodeIds } = expanded.error;
      return {
        ...NOTHING_PLANNED,
        graph: doc,
        skipped,
        planError: { kind, message, nodeIds },
        expansion,
      };
    }
    expansion = expanded.value;
    if (expansion.doc !== doc) planned = planRun(expansion.doc, registry, expansion.targets);
  }
  if (!planned.ok) {
    const inCycle = new Set<string>(
      planned.error.kind === 'cycle' ? planned.error.cycles.flat() : [],
    );
    return {
      graph: doc,
      skipped,
      plan: EMPTY_PLAN,
      planError: planned.error,
      jobs: [],
      issues: blockingIssues(validateGraph(doc, registry)).filter(
        (i) => i.code === 'cycle' && inCycle.has(i.nodeId),
      ),
      missingKeys: [],
      estimate: { knownUsd: 0, unknownNodes: [], perNode: {} },
      priority: {},
      expansion,
    };
  }
  const plan = planned.value;
  const run = expansion.doc;
  const nodes = new Map(run.nodes.map((n) => [n.id as string, n]));
  const incoming = incomingEdges(run);
  const costOf = (node: GraphNode): NodeCost =>
    estimateNodeCost(registry, node.type, node.params, options.userPrices);

  const jobs: PlannedJob[] = plan.order.map((nodeId) => {
    const node = nodes.get(nodeId)!;
    const spec = registry.get(node.type);
    if (!spec?.model) return { nodeId, action: 'local' };
    if (isPinned(node, registry)) return { nodeId, action: 'reuse', reason: 'pinned' };
    if (options.cached?.has(nodeId)) return { nodeId, action: 'reuse', reason: 'cached' };
    const request = plannedRequest(spec, node, incoming.get(nodeId) ?? [], nodes, registry);
    return { nodeId, action: 'send', request, cost: costOf(node) };
  });
  const sent = jobs.filter((j) => j.action === 'send');

  // A pinned node sends nothing, so what is wrong with its own settings cannot block.
  const checked = new Set<string>(
    jobs.filter((j) => !(j.action === 'reuse' && j.reason === 'pinned')).map((j) => j.nodeId),
  );
  // Issues name the workflow's nodes (an instance's problem is its node's), once each.
  const seen = new Set<string>();
  const issues = [
    ...componentIssues,
    ...blockingIssues(validateGraph(run, registry))
      .filter((i) => checked.has(i.nodeId))
      .map((i) => ({ ...i, nodeId: baseNodeId(i.nodeId, expansion.labels) }))
      .filter((i) => {
        const key = `${i.nodeId}\u0000${i.code}\u0000${i.message}`;
        return !seen.has(key) && Boolean(seen.add(key));
      }),
  ];
  const missingKeys: ProviderId[] = [];
  if (options.keyedProviders) {
    for (const job of sent) {
      const provider = job.request.provider;
      if (options.keyedProviders.has(provider)) continue;
      if (!missingKeys.includes(provider)) missingKeys.push(provider);
      const nodeId = baseNodeId(job.nodeId, expansion.labels);
      if (issues.some((i) => i.nodeId === nodeId && i.code === 'missing-key')) continue;
      issues.push({
        nodeId,
        code: 'missing-key',
        severity: 'error',
        message: `${PROVIDER_NAMES[provider]} has no usable API key`,
      });
    }
  }

  const sending = new Set<string>(sent.map((j) => j.nodeId));
  return {
    graph: run,
    skipped,
    plan,
    jobs,
    issues,
    missingKeys,
    estimate: estimateCost(
      run,
      registry,
      sent.map((j) => j.nodeId),
      options.userPrices,
    ),
    priority: remainingPathLengths(plan, (id) => (sending.has(id) ? 1 : 0)),
    expansion,
  };
}

const NOTHING_PLANNED: Omit<Preflight, 'expansion' | 'graph' | 'skipped'> = {
  plan: EMPTY_PLAN,
  jobs: [],
  issues: [],
  missingKeys: [],
  estimate: { knownUsd: 0, unknownNodes: [], perNode: {} },
  priority: {},
};

/** The request a model node will send, built as the engine builds it (modelInput). */
function plannedRequest(
  spec: NodeSpec,
  node: GraphNode,
  edges: readonly GraphEdge[],
  nodes: ReadonlyMap<string, GraphNode>,
  registry: NodeRegistry,
): PlannedRequest {
  const texts: Record<string, string> = {};
  const images: Record<string, PlannedImage[]> = {};
  for (const port of spec.inputs) if (port.type === 'image[]') images[port.id] = [];
  for (const edge of edges) {
    const port = spec.inputs.find((p) => p.id === edge.targetHandle);
    const source = nodes.get(edge.source);
    if (!port || !source) continue;
    if (port.type === 'text') {
      // The first wire wins, as the engine gathers inputs.
      texts[port.id] ??=
        source.type === PROMPT_NODE
          ? String(source.params['text'] ?? '')
          : `<text from "${source.id}">`;
    } else if (images[port.id]) {
      images[port.id]!.push(...imagesFrom(source, edge.sourceHandle, registry));
    }
  }
  const model = spec.model!;
  return {
    provider: model.provider,
    endpoint: model.endpoint,
    input: modelInput(spec, node.params, texts),
    images,
  };
}

/** The images one wire carries: a Load Image's one, or a model output's (all, or the first). */
function imagesFrom(source: GraphNode, handle: string, registry: NodeRegistry): PlannedImage[] {
  const nodeId = source.id;
  if (source.type === LOAD_IMAGE_NODE) {
    const value = source.params['source'];
    const kind = imageSourceKind(value);
    const text = String(value ?? '').trim();
    if (kind === 'url') return [{ from: 'url', nodeId, url: text }];
    if (kind === 'data') return [{ from: 'embedded', nodeId }];
    if (kind === 'file') return [{ from: 'file', nodeId, path: text }];
    return [];
  }
  const spec = registry.get(source.type);
  if (!spec?.model) return [];
  let count = 1;
  if (handle !== 'image') {
    if (source.pinned && isPinned(source, registry)) count = source.pinned.images.length;
    else {
      const n = resolveParams(spec, source.params)['num_images'];
      count = typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 1;
    }
  }
  return Array.from({ length: count }, (_, index) => ({ from: 'output', nodeId, index }));
}
