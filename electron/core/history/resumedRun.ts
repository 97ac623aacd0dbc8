import { addJobCost } from '../../../shared/cost/reported';
import type { ReportedCost } from '../../../shared/cost/reported';
import type { GraphDocument } from '../../../shared/graph/document';
import { PREVIEW_NODE, PROMPT_NODE } from '../../../shared/nodes/builtins';
import { resolveParams } from '../../../shared/nodes/params';
import { nodeName, nodeNamer, skippedMessage } from '../../../shared/nodes/nodeName';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import { TERMINAL_STATES } from '../../../shared/run/events';
import type { ResumedJob } from '../engine/resume';
import type { NodeRecord, RunRecord } from './historyStore';
import { paramsAsSent, runImages } from './nodeRecords';

/** The note on a node whose job was collected by a later start of the app. */
export const COLLECTED_AFTER_RESTART = 'collected after a restart';

const TERMINAL: ReadonlySet<string> = TERMINAL_STATES;
const OK: ReadonlySet<string> = new Set(['done', 'cached']);

/**
 * A run's status once no node is left unfinished, as the engine decides it:
 * succeeded when every node is done or cached, failed otherwise; null while some
 * node has not ended.
 */
export function settledStatus(nodes: readonly NodeRecord[]): 'succeeded' | 'failed' | null {
  if (nodes.some((n) => !TERMINAL.has(n.state))) return null;
  return nodes.every((n) => OK.has(n.state)) ? 'succeeded' : 'failed';
}

/**
 * The record of an interrupted run once a job it left at a provider has been
 * followed to its end by a later start: the job's node gets its outcome (state,
 * request id, images, cost, duration, the params it was sent with), what only
 * waited for it is settled as the engine would have (a Preview shows its images,
 * the dependents of a failed node are skipped), and once no node is left
 * unfinished the run gets the status it would have had. Null when there is
 * nothing to change: the run was not interrupted, or that node already ended.
 */
export function settleResumedJob(
  record: RunRecord,
  job: ResumedJob,
  registry: NodeRegistry,
): RunRecord | null {
  if (record.status !== 'interrupted') return null;
  const { entry } = job;
  const node = record.nodes.find((n) => n.nodeId === entry.nodeId);
  if (!node || node.state !== 'interrupted') return null;
  // The node may have sent (or joined) another job than this one.
  if (node.requestId && entry.requestId && node.requestId !== entry.requestId) return null;
  const replace = (next: NodeRecord): NodeRecord[] =>
    record.nodes.map((n) => (n.nodeId === next.nodeId ? next : n));

  if (job.outcome === 'uncertain' || (job.outcome === 'failed' && !job.final)) {
    // The node stays unfinished: say why it will not be (or not yet be) collected.
    const message =
      job.outcome === 'uncertain'
        ? job.message
        : `could not be collected after a restart (${job.message}); the next start tries again`;
    if (node.message === message) return null;
    return { ...record, nodes: replace({ ...node, message }) };
  }

  const params = paramsAsSent(
    record.graph,
    registry,
    node.nodeId,
    promptText(record.graph, registry),
  );
  const ended: NodeRecord = {
    ...node,
    ...(entry.requestId ? { requestId: entry.requestId } : {}),
    durationMs: Math.max(0, job.at - entry.createdAt),
    ...(params ? { params } : {}),
  };
  // The journal names the node that sent the job: its run is the one that pays.
  let cost: ReportedCost = record;
  if (job.outcome === 'collected') {
    const { result } = job;
    ended.state = 'done';
    ended.requestId = result.requestId;
    ended.images = result.images.map(({ url: _u, receivedAt: _r, ...img }) => img);
    ended.sentJob = true;
    if (result.costUsd !== undefined) ended.costUsd = result.costUsd;
    cost = addJobCost(record, result.costUsd);
    ended.message = COLLECTED_AFTER_RESTART;
  } else {
    ended.state = job.state;
    ended.message = `${job.message} (found after a restart)`;
  }

  const nodes = settleDependents(
    settleTwins(replace(ended), ended, record.graph, registry),
    nodeNamer(record.graph, registry),
    record.graph,
  );
  const status = settledStatus(nodes);
  return {
    ...record,
    nodes,
    images: runImages(nodes),
    actualUsd: cost.actualUsd,
    ...(cost.jobCount !== undefined
      ? { jobCount: cost.jobCount, jobsWithoutCost: cost.jobsWithoutCost ?? 0 }
      : {}),
    ...(status ? { status, finishedAt: job.at } : {}),
  };
}

/**
 * Nodes that joined the job instead of sending their own (the same request: same
 * model, params as sent and image inputs) share its outcome. The journal names only
 * the node that sent it. A twin paid nothing, so it carries no cost.
 */
function settleTwins(
  nodes: readonly NodeRecord[],
  ended: NodeRecord,
  graph: GraphDocument,
  registry: NodeRegistry,
): NodeRecord[] {
  const texts = promptText(graph, registry);
  const request = (nodeId: string): string => {
    const type = graph.nodes.find((n) => n.id === nodeId)?.type;
    const params = paramsAsSent(graph, registry, nodeId, texts);
    // Text inputs are in the params; what is left are the image wires, in order.
    const spec = type ? registry.get(type) : undefined;
    const imagePorts = new Set(spec?.inputs.filter((p) => !p.param).map((p) => p.id));
    const images = graph.edges
      .filter((e) => e.target === nodeId && imagePorts.has(e.targetHandle))
      .map((e) => `${e.targetHandle}<${e.source}.${e.sourceHandle}`);
    return JSON.stringify([type, params, images]);
  };
  const mine = request(ended.nodeId);
  const { costUsd: _paid, sentJob: _sent, ...shared } = ended;
  return nodes.map((n) =>
    n.state === 'interrupted' &&
    n.nodeId !== ended.nodeId &&
    (n.requestId === undefined || n.requestId === ended.requestId) &&
    request(n.nodeId) === mine
      ? {
          ...shared,
          nodeId: n.nodeId,
          type: n.type,
          message: `shared the job of "${nodeName(
            graph.nodes.find((g) => g.id === ended.nodeId),
            registry,
          )}"; ${ended.message ?? ''}`.replace(/; $/, ''),
        }
      : n,
  );
}

/**
 * Interrupted nodes that only waited for nodes now ended: a Preview passes its
 * inputs' images on (it sends nothing), and a node with a dependency that did not
 * finish is skipped, as the engine would have done. A model node whose inputs are
 * ready stays interrupted: it was never sent, and nothing sends it now.
 */
function settleDependents(
  nodes: readonly NodeRecord[],
  name: (nodeId: string) => string,
  graph: GraphDocument,
): NodeRecord[] {
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  for (let changed = true; changed;) {
    changed = false;
    for (const n of byId.values()) {
      if (n.state !== 'interrupted') continue;
      const incoming = graph.edges.filter((e) => e.target === n.nodeId && byId.has(e.source));
      const deps = [...new Set(incoming.map((e) => e.source))].map((id) => byId.get(id)!);
      if (deps.some((d) => !TERMINAL.has(d.state))) continue;
      const bad = deps.find((d) => !OK.has(d.state));
      if (bad) {
        byId.set(n.nodeId, {
          ...n,
          state: 'skipped',
          message: skippedMessage(name(bad.nodeId)),
        });
        changed = true;
      } else if (n.type === PREVIEW_NODE) {
        // As runPreview: the images wired to its "images" input, in edge order.
        const images = incoming
          .filter((e) => e.targetHandle === 'images')
          .flatMap((e) => {
            const source = byId.get(e.source)!.images;
            return e.sourceHandle === 'image' ? source.slice(0, 1) : source;
          });
        const { message: _m, ...rest } = n;
        byId.set(n.nodeId, { ...rest, state: 'done', images });
        changed = true;
      }
    }
  }
  return nodes.map((n) => byId.get(n.nodeId)!);
}

/** The text a Prompt node sends (as runPrompt makes it), for params as sent. */
function promptText(
  graph: GraphDocument,
  registry: NodeRegistry,
): (nodeId: string) => string | undefined {
  return (nodeId) => {
    const node = graph.nodes.find((n) => n.id === nodeId);
    const spec = node?.type === PROMPT_NODE ? registry.get(node.type) : undefined;
    if (!node || !spec) return undefined;
    return String(resolveParams(spec, node.params)['text'] ?? '');
  };
}
