import type { GraphDocument } from '../graph/document';
import type { NodeId } from '../graph/ids';
import { resolveParams } from '../nodes/params';
import type { NodeRegistry } from '../nodes/registry';
import type { CostEstimate } from '../run/events';

/** Where a known price comes from: the catalog's documented price, or the user's own figure. */
export type PriceSource = 'catalog' | 'user';

export type NodeCost =
  | { kind: 'known'; usd: number; source: PriceSource }
  | { kind: 'unknown'; reason: string }
  | { kind: 'free' };

/**
 * Prices per image the user entered in Settings, by model node type
 * (`model:runcomfy/google/nano-banana/pro/edit`).
 */
export type UserPrices = Readonly<Record<string, number>>;

const NO_USER_PRICES: UserPrices = Object.freeze({});

/**
 * What one node will cost: a price per image times `num_images`. The price is the
 * user's own figure where they entered one (it is what they pay, at any
 * resolution), else the catalog's, times a resolution multiplier where the provider
 * documents one. Never a guess: a price neither knows is `unknown`, and so is a
 * resolution the documented multipliers do not cover. Nodes that are not models are free.
 */
export function estimateNodeCost(
  registry: NodeRegistry,
  type: string,
  params: GraphDocument['nodes'][number]['params'],
  userPrices: UserPrices = NO_USER_PRICES,
): NodeCost {
  const spec = registry.get(type);
  if (!spec?.model) return { kind: 'free' };
  const resolved = resolveParams(spec, params);
  const n = resolved['num_images'];
  const images = typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 1;
  const own = Object.hasOwn(userPrices, type) ? userPrices[type] : undefined;
  if (own !== undefined) return { kind: 'known', usd: roundCents(own * images), source: 'user' };
  const pricing = spec.model.pricing;
  if (pricing.kind === 'unknown') return { kind: 'unknown', reason: pricing.note };
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
  return { kind: 'known', usd: roundCents(pricing.usd * images * multiplier), source: 'catalog' };
}

/** Sub-cent precision keeps sums of many nodes exact enough to show as dollars. */
const roundCents = (usd: number): number => Math.round(usd * 1e6) / 1e6;

/**
 * The estimate for a set of nodes (a run's plan), with the unknown parts listed and
 * each paid node's price source (catalog, user, or unknown).
 */
export function estimateCost(
  doc: GraphDocument,
  registry: NodeRegistry,
  nodeIds?: readonly NodeId[],
  userPrices: UserPrices = NO_USER_PRICES,
): CostEstimate {
  const wanted = nodeIds ? new Set(nodeIds) : undefined;
  // perNode and priceSources have no prototype: a node id is only ever a key in them.
  const priceSources = Object.create(null) as NonNullable<CostEstimate['priceSources']>;
  const estimate: CostEstimate = {
    knownUsd: 0,
    unknownNodes: [],
    perNode: Object.create(null) as CostEstimate['perNode'],
    priceSources,
  };
  for (const node of doc.nodes) {
    if (wanted && !wanted.has(node.id)) continue;
    // A pinned node reuses its images: nothing is sent, nothing is paid.
    if (node.pinned) continue;
    const cost = estimateNodeCost(registry, node.type, node.params, userPrices);
    if (cost.kind === 'free') continue;
    if (cost.kind === 'unknown') {
      estimate.unknownNodes.push(node.id);
      estimate.perNode[node.id] = 'unknown';
      priceSources[node.id] = 'unknown';
    } else {
      estimate.knownUsd = roundCents(estimate.knownUsd + cost.usd);
      estimate.perNode[node.id] = cost.usd;
      priceSources[node.id] = cost.source;
    }
  }
  return estimate;
}

/** Whether any part of the estimate is the user's own figure rather than a documented price. */
export const usesUserPrices = (estimate: CostEstimate): boolean =>
  Object.values(estimate.priceSources ?? {}).includes('user');

/** "$0.12 (your price)": a known node cost, marked where it is the user's own figure. */
export const formatNodeCost = (cost: Extract<NodeCost, { kind: 'known' }>): string =>
  `$${cost.usd.toFixed(2)}${cost.source === 'user' ? ' (your price)' : ''}`;

/** "$0.30", "$0.30 (incl. your prices)", "$0.30 + 2 unknown", "price unknown (1 node)". */
export function formatEstimate(estimate: CostEstimate): string {
  const unknown = estimate.unknownNodes.length;
  const known = `$${estimate.knownUsd.toFixed(2)}${usesUserPrices(estimate) ? ' (incl. your prices)' : ''}`;
  if (unknown === 0) return known;
  const someKnown = Object.values(estimate.perNode).some((v) => typeof v === 'number');
  return someKnown
    ? `${known} + ${unknown} unknown`
    : `price unknown (${unknown} node${unknown > 1 ? 's' : ''})`;
}
