import type { ProviderId } from '../../../shared/catalog/model';
import type { NodeId } from '../../../shared/graph/ids';
import { PROMPT_NODE, LOAD_IMAGE_NODE } from '../../../shared/nodes/builtins';
import { resolveParams } from '../../../shared/nodes/params';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import { incomingEdges } from '../../../shared/plan/modelInput';
import type { Preflight } from '../../../shared/plan/preflight';
import type { ResultCache } from '../storage/resultCache';
import { loadImageKey, runPrompt } from './localNodes';
import { buildModelRequest, imageOutputs, outputsOf } from './modelJob';
import { gatherInputs } from './values';
import type { NodeOutputs } from './values';

export interface CacheProbeContext {
  cache: ResultCache;
  /** The base URL each provider's client would use (part of the cache key). */
  baseUrl: (provider: ProviderId) => string | undefined;
  /** The workflow's folder: Load Image paths are relative to it. */
  baseDir: string;
}

/**
 * The model nodes of a preflight that the result cache already answers, found
 * before the run without sending or storing anything: each node's cache key is
 * computed as the engine computes it, from what is known beforehand (prompts, Load
 * Image sources, pins, and the results of nodes found cached before it). A node
 * whose inputs are not known until the run (an upstream job to send) is not cached.
 * Pass the answer to `preflight(…, { cached })`.
 */
export async function probeCache(
  registry: NodeRegistry,
  checked: Preflight,
  context: CacheProbeContext,
): Promise<Set<NodeId>> {
  // The graph as planned: bypassed nodes and reroutes are joined through.
  const doc = checked.graph;
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]));
  const incoming = incomingEdges(doc);
  const known = new Map<NodeId, NodeOutputs>();
  const cached = new Set<NodeId>();
  for (const job of checked.jobs) {
    const node = nodes.get(job.nodeId)!;
    const spec = registry.get(node.type)!;
    if (job.action === 'local') {
      if (node.type === PROMPT_NODE)
        known.set(node.id, runPrompt(resolveParams(spec, node.params)));
      if (node.type === LOAD_IMAGE_NODE) {
        const image = await loadImageKey(resolveParams(spec, node.params), context.baseDir).catch(
          () => undefined,
        );
        if (image) known.set(node.id, image);
      }
      continue;
    }
    if (job.action === 'reuse' && job.reason === 'pinned') {
      known.set(node.id, imageOutputs(node.pinned!.images.map((image) => ({ key: image.hash }))));
      continue;
    }
    const edges = incoming.get(node.id) ?? [];
    if (!edges.every((e) => known.has(e.source))) continue;
    const baseUrl = context.baseUrl(spec.model!.provider);
    if (baseUrl === undefined) continue;
    const inputs = gatherInputs(node.id, edges, known);
    const { key } = buildModelRequest(spec, node.params, inputs, baseUrl);
    const result = await context.cache.get(key);
    if (!result) continue;
    cached.add(node.id);
    known.set(node.id, outputsOf(result));
  }
  return cached;
}
