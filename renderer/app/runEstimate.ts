import { estimateCost, usesUserPrices } from '../../shared/cost/estimate';
import type { UserPrices } from '../../shared/cost/estimate';
import type { GraphDocument } from '../../shared/graph/document';
import type { NodeId } from '../../shared/graph/ids';
import type { NodeRegistry } from '../../shared/nodes/registry';
import { nodeNamer } from '../../shared/nodes/nodeName';
import { preflight } from '../../shared/plan/preflight';
import type { RunExpansion } from '../../shared/plan/expand/options';
import type { Preflight } from '../../shared/plan/preflight';
import type { SettingsView } from '../../shared/contract/settings';
import type { CostEstimate } from '../../shared/run/events';

/**
 * The estimate of what a run would cost: the preflight's (the jobs it would send;
 * pinned nodes and what only they need are free). A graph that cannot be planned (a
 * cycle) is estimated over the nodes asked for, so the button still says something useful.
 */
export function estimateRun(
  doc: GraphDocument,
  registry: NodeRegistry,
  targets?: readonly NodeId[],
  userPrices?: UserPrices,
  expansion?: RunExpansion,
): CostEstimate {
  return runForecast(doc, registry, targets, userPrices, expansion).estimate;
}

/** What a run will do before it starts: its estimate, jobs to send, and any refusal. */
export interface RunForecast {
  estimate: CostEstimate;
  /** Paid jobs it sends (variants × combinations of every model that runs). */
  jobs: number;
  /** The run multiplies (variants, alternatives, sweeps). */
  expanded: boolean;
  /** Why it cannot be expanded (over the cap, an uneven zip), for the tooltip. */
  refusal?: string;
}

export function runForecast(
  doc: GraphDocument,
  registry: NodeRegistry,
  targets?: readonly NodeId[],
  userPrices?: UserPrices,
  expansion?: RunExpansion,
): RunForecast {
  const checked = preflight(doc, registry, targets, {
    ...(userPrices ? { userPrices } : {}),
    ...(expansion ? { expansion } : {}),
  });
  const expanded = checked.expansion.combinations > 1 || checked.expansion.variants > 1;
  const jobs = checked.jobs.filter((j) => j.action === 'send').length;
  if (!checked.planError) return { estimate: checked.estimate, jobs, expanded };
  if (checked.planError.kind === 'expansion')
    return {
      estimate: checked.estimate,
      jobs: 0,
      expanded: true,
      refusal: checked.planError.message,
    };
  return {
    jobs,
    expanded,
    estimate: forecastWithoutPlan(doc, registry, targets, userPrices),
  };
}

function forecastWithoutPlan(
  doc: GraphDocument,
  registry: NodeRegistry,
  targets?: readonly NodeId[],
  userPrices?: UserPrices,
): CostEstimate {
  return estimateCost(
    doc,
    registry,
    targets && targets.length > 0 ? targets : undefined,
    userPrices,
  );
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

/** "Run · 8 jobs · $1.20" for a run that multiplies; else as `runLabel`. */
export function forecastLabel(base: string, forecast: RunForecast): string {
  if (forecast.refusal) return `${base} · too many jobs`;
  if (!forecast.expanded) return runLabel(base, forecast.estimate);
  const jobs = `${forecast.jobs} job${forecast.jobs === 1 ? '' : 's'}`;
  return runLabel(`${base} · ${jobs}`, forecast.estimate);
}

/** How many unpriced nodes a question names before it says "and N more". */
const NAMED_AT_MOST = 5;

/** "A", "A and B", "A, B and 3 more". */
function listNames(names: readonly string[]): string {
  const shown = names.slice(0, NAMED_AT_MOST);
  const more = names.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length <= 1
    ? (shown[0] ?? '')
    : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/**
 * The question to ask before a run, or null when none is needed: with a budget set,
 * a run whose estimate exceeds it, or one with parts of unknown price (which could
 * exceed it unseen), asks first, naming the unpriced nodes.
 */
export function budgetQuestion(
  checked: Pick<Preflight, 'estimate'>,
  doc: GraphDocument,
  registry: NodeRegistry,
  { budgetUsd }: Pick<SettingsView, 'budgetUsd'>,
): { title: string; message: string } | null {
  const { estimate } = checked;
  if (budgetUsd === null) return null;
  const over = estimate.knownUsd > budgetUsd;
  const unknown = estimate.unknownNodes;
  if (!over && unknown.length === 0) return null;
  // By the names the artist sees; several alike are counted, never told apart by id.
  const name = nodeNamer(doc, registry);
  const counts = new Map<string, number>();
  for (const id of unknown) counts.set(name(id), (counts.get(name(id)) ?? 0) + 1);
  const names = [...counts].map(([n, count]) => (count > 1 ? `${count} × ${n}` : n));
  const budget = formatUsd(budgetUsd);
  const unpriced = `No price is known for ${listNames(names)}`;
  if (!over) {
    const known =
      estimate.knownUsd > 0
        ? `The priced part of this run is ${formatUsd(estimate.knownUsd)}. `
        : '';
    return {
      title: 'Price unknown',
      message: `${known}${unpriced}, so the run could cost more than your budget of ${budget}.`,
    };
  }
  const base = `This run is estimated at ${formatUsd(estimate.knownUsd)}, above your budget of ${budget}.`;
  return {
    title: 'Over budget',
    message: unknown.length === 0 ? base : `${base} ${unpriced}, so the real cost will be higher.`,
  };
}
