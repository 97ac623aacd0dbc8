import type { GraphDocument, GraphNode } from '../graph/document';
import type { NodeId } from '../graph/ids';
import { resolveParams } from '../nodes/params';
import type { NodeRegistry } from '../nodes/registry';
import type { CostEstimate } from '../run/events';

export type NodeCost =
  { kind: 'known'; usd: number } | { kind: 'unknown'; reason: string } | { kind: 'free' };

/**
 * What one node will cost: the catalog price per image times `num_images`, times a
 * resolution multiplier where the provider documents one. Never a guess: a price
 * the catalog does not know is `unknown`, and so is a resolution the documented
 * multipliers do not cover. Nodes that are not models are free.
 */
export function estimateNodeCost(
  registry: NodeRegistry,
  type: string,
  params: GraphDocument['nodes'][number]['params'],
): NodeCost {
  const spec = registry.get(type);
  if (!spec?.model) return { kind: 'free' };
  const pricing = spec.model.pricing;
  if (pricing.kind === 'unknown') return { kind: 'unknown', reason: pricing.note };
  const resolved = resolveParams(spec, params);
  const n = resolved['num_images'];
  const images = typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 1;
  const resolution = resolved['resolution'];
  let multiplier = 1;
  if (pricing.resolutionMultipliers && typeof resolution === 'string') {
    const documented = pricing.resolutionMultipliers[resolution];
    if (documented === undefined) {
      return {
        kind: 'unknown',
        reason: `the price at resolution ${resolution} is not documented (${pricing.source})`,
      };
    }
    multiplier = documented;
  }
  return { kind: 'known', usd: roundCents(pricing.usd * images * multiplier) };
}

/** Sub-cent precision keeps sums of many nodes exact enough to show as dollars. */
const roundCents = (usd: number): number => Math.round(usd * 1e6) / 1e6;

/**
 * The estimate for a set of nodes (a run's plan), with the unknown parts listed.
 * `costOf` prices one node (the catalog's price unless the caller knows better).
 */
export function estimateCost(
  doc: GraphDocument,
  registry: NodeRegistry,
  nodeIds?: readonly NodeId[],
  costOf: (node: GraphNode) => NodeCost = (node) =>
    estimateNodeCost(registry, node.type, node.params),
): CostEstimate {
  const wanted = nodeIds ? new Set(nodeIds) : undefined;
  const estimate: CostEstimate = { knownUsd: 0, unknownNodes: [], perNode: {} };
  for (const node of doc.nodes) {
    if (wanted && !wanted.has(node.id)) continue;
    // A pinned node reuses its images: nothing is sent, nothing is paid.
    if (node.pinned) continue;
    const cost = costOf(node);
    if (cost.kind === 'free') continue;
    if (cost.kind === 'unknown') {
      estimate.unknownNodes.push(node.id);
      estimate.perNode[node.id] = 'unknown';
    } else {
      estimate.knownUsd = roundCents(estimate.knownUsd + cost.usd);
      estimate.perNode[node.id] = cost.usd;
    }
  }
  return estimate;
}

/** "$0.30", "$0.30 + 2 unknown", "price unknown (1 node)". */
export function formatEstimate(estimate: CostEstimate): string {
  const unknown = estimate.unknownNodes.length;
  const known = `$${estimate.knownUsd.toFixed(2)}`;
  if (unknown === 0) return known;
  const someKnown = Object.values(estimate.perNode).some((v) => typeof v === 'number');
  return someKnown
    ? `${known} + ${unknown} unknown`
    : `price unknown (${unknown} node${unknown > 1 ? 's' : ''})`;
}
