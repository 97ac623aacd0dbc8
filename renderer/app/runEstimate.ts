import { estimateCost, usesUserPrices } from '../../shared/cost/estimate';
import type { UserPrices } from '../../shared/cost/estimate';
import type { GraphDocument } from '../../shared/graph/document';
import type { NodeId } from '../../shared/graph/ids';
import type { NodeRegistry } from '../../shared/nodes/registry';
import { planRun } from '../../shared/plan/runPlan';
import type { CostEstimate } from '../../shared/run/events';

/**
 * The estimate of what a run would cost: the nodes of its plan (the whole graph, or
 * the targets and their ancestors; pinned nodes and what only they need are free). A graph that cannot be planned (a cycle) is
 * estimated over the nodes asked for, so the button still says something useful.
 */
export function estimateRun(
  doc: GraphDocument,
  registry: NodeRegistry,
  targets?: readonly NodeId[],
  userPrices?: UserPrices,
): CostEstimate {
  const plan = planRun(doc, registry, targets);
  const nodeIds = plan.ok ? plan.value.order : targets && targets.length > 0 ? targets : undefined;
  return estimateCost(doc, registry, nodeIds, userPrices);
}

export const formatUsd = (usd: number): string => `$${usd.toFixed(2)}`;

/**
 * "$0.30", "$0.15 + 2 unknown", "price unknown", "$0.24 (incl. your prices)"; ''
 * when nothing in the plan is paid.
 */
export function estimateText(estimate: CostEstimate): string {
  const unknown = estimate.unknownNodes.length;
  const knownParts = Object.values(estimate.perNode).filter((v) => typeof v === 'number').length;
  if (unknown === 0 && knownParts === 0) return '';
  if (knownParts === 0) return 'price unknown';
  const known = `${formatUsd(estimate.knownUsd)}${usesUserPrices(estimate) ? ' (incl. your prices)' : ''}`;
  if (unknown === 0) return known;
  return `${known} + ${unknown} unknown`;
}

/** The Run button's text: "Run · $0.30", "Run · $0.15 + 2 unknown", "Run · price unknown". */
export function runLabel(base: string, estimate: CostEstimate): string {
  const text = estimateText(estimate);
  return text ? `${base} · ${text}` : base;
}

/** Whether a run of this estimate needs the user's confirmation against the budget. */
export const exceedsBudget = (estimate: CostEstimate, budgetUsd: number | null): boolean =>
  budgetUsd !== null && estimate.knownUsd > budgetUsd;

/** The confirmation text for a run above the budget, saying plainly what is not known. */
export function budgetMessage(estimate: CostEstimate, budgetUsd: number): string {
  const unknown = estimate.unknownNodes.length;
  const base = `This run is estimated at ${formatUsd(estimate.knownUsd)}, above your budget of ${formatUsd(budgetUsd)}.`;
  if (unknown === 0) return base;
  const nodes = unknown === 1 ? '1 node has' : `${unknown} nodes have`;
  return `${base} ${nodes} no known price, so the real cost will be higher than that.`;
}
