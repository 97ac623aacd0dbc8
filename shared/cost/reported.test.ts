import { describe, expect, it } from 'vitest';
import { addJobCost, reportedCostText, tallyReportedCost } from './reported';

describe('tallyReportedCost', () => {
  it('counts only nodes that sent their job, each once; a failed job without a cost is not a job to pay', () => {
    expect(
      tallyReportedCost([
        { state: 'done', sentJob: true, costUsd: 0.15 },
        { state: 'done', sentJob: true },
        { state: 'done', costUsd: 0.15 }, // joined or cached: counted where it was sent
        { state: 'cached' },
        { state: 'failed', sentJob: true },
        { state: 'failed', sentJob: true, costUsd: 0.01 },
      ]),
    ).toEqual({ actualUsd: 0.16, jobCount: 3, jobsWithoutCost: 1 });
  });
});

describe('reportedCostText', () => {
  it.each([
    [{ actualUsd: 0.3, jobCount: 2, jobsWithoutCost: 0 }, '$0.30'],
    [{ actualUsd: 0.08, jobCount: 1, jobsWithoutCost: 0 }, '$0.080'],
    [{ actualUsd: 0, jobCount: 2, jobsWithoutCost: 2 }, 'cost not reported'],
    [{ actualUsd: 0.15, jobCount: 3, jobsWithoutCost: 2 }, '$0.15 + cost not reported for 2 jobs'],
    [{ actualUsd: 0, jobCount: 0, jobsWithoutCost: 0 }, 'no paid jobs'],
    [{ actualUsd: 0.2 }, '$0.20'],
    [{ actualUsd: 0 }, 'cost not reported'],
  ])('%j -> %s (never $0.00)', (cost, text) => {
    expect(reportedCostText(cost)).toBe(text);
  });

  it('puts the lead before an amount only', () => {
    const lead = { lead: 'reported ' };
    expect(reportedCostText({ actualUsd: 0.3, jobCount: 1, jobsWithoutCost: 0 }, lead)).toBe(
      'reported $0.30',
    );
    expect(reportedCostText({ actualUsd: 0, jobCount: 1, jobsWithoutCost: 1 }, lead)).toBe(
      'cost not reported',
    );
  });
});

describe('addJobCost', () => {
  it('adds one job, counting it unreported when it has no cost; older records keep no count', () => {
    const c = { actualUsd: 0.1, jobCount: 1, jobsWithoutCost: 0 };
    expect(addJobCost(c, 0.15)).toEqual({ actualUsd: 0.25, jobCount: 2, jobsWithoutCost: 0 });
    expect(addJobCost(c, undefined)).toEqual({ actualUsd: 0.1, jobCount: 2, jobsWithoutCost: 1 });
    expect(addJobCost({ actualUsd: 0.1 }, 0.15)).toEqual({
      actualUsd: 0.25,
      jobCount: undefined,
      jobsWithoutCost: undefined,
    });
  });
});
