/**
 * What the providers reported a run cost, counted once per provider job, in the
 * run that sent it. A job whose provider reported no cost is "cost not reported",
 * never $0.00: the one rule every surface (status bar, history, CLI) shows.
 */
export interface ReportedCost {
  actualUsd: number;
  /** Jobs the run sent that finished; undefined in records older than this count. */
  jobCount?: number | undefined;
  /** Of those, the ones without a reported cost. */
  jobsWithoutCost?: number | undefined;
}

/** What a node contributes: only a node that sent its job counts, with the cost reported. */
export interface NodeCostFacts {
  state: string;
  sentJob?: boolean | undefined;
  costUsd?: number | undefined;
}

/** The run's reported cost from its nodes. */
export function tallyReportedCost(nodes: Iterable<NodeCostFacts>): Required<ReportedCost> {
  const cost = { actualUsd: 0, jobCount: 0, jobsWithoutCost: 0 };
  for (const n of nodes) {
    if (!n.sentJob) continue;
    // A job that failed without a reported cost was not billed as far as anyone knows.
    if (n.state !== 'done' && n.costUsd === undefined) continue;
    cost.jobCount++;
    if (n.costUsd === undefined) cost.jobsWithoutCost++;
    else cost.actualUsd = roundMicros(cost.actualUsd + n.costUsd);
  }
  return cost;
}

/** `cost` with one more finished job of the run (a job collected after a restart). */
export function addJobCost(cost: ReportedCost, jobCostUsd: number | undefined): ReportedCost {
  const known = cost.jobCount !== undefined;
  return {
    actualUsd: roundMicros(cost.actualUsd + (jobCostUsd ?? 0)),
    jobCount: known ? cost.jobCount! + 1 : undefined,
    jobsWithoutCost: known
      ? (cost.jobsWithoutCost ?? 0) + (jobCostUsd === undefined ? 1 : 0)
      : undefined,
  };
}

const dollars = (usd: number): string => `$${usd.toFixed(usd > 0 && usd < 0.1 ? 3 : 2)}`;

export interface CostTextOptions {
  /** Put before a dollar amount ("reported " -> "reported $0.30"); not before "cost not reported". */
  lead?: string;
  usd?: (v: number) => string;
}

/**
 * "$0.30", "$0.30 + cost not reported for 1 job", "cost not reported", or "no paid
 * jobs" when the run sent none. A record older than the job count says "cost not
 * reported" rather than $0.00 when it holds no cost.
 */
export function reportedCostText(cost: ReportedCost, options: CostTextOptions = {}): string {
  const { lead = '', usd = dollars } = options;
  const { actualUsd, jobCount, jobsWithoutCost = 0 } = cost;
  if (jobCount === undefined) return actualUsd > 0 ? lead + usd(actualUsd) : 'cost not reported';
  if (jobCount === 0) return 'no paid jobs';
  if (jobsWithoutCost >= jobCount) return 'cost not reported';
  const amount = lead + usd(actualUsd);
  if (jobsWithoutCost === 0) return amount;
  return `${amount} + cost not reported for ${jobsWithoutCost} job${jobsWithoutCost > 1 ? 's' : ''}`;
}

/** Sums of many sub-cent prices stay exact enough to show as dollars. */
const roundMicros = (usd: number): number => Math.round(usd * 1e6) / 1e6;
