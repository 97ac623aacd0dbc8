import type { Fault, FaultRule, ProviderId, RecordedRoute, Route } from './types';

/**
 * Kinds that only make sense on some routes. A rule never fires (nor counts a
 * match) elsewhere, so `{fault: {kind: 'job-fails'}}` without a route means
 * "the next submits", not "the next request of any kind".
 */
const ONLY_ON: Partial<Record<Fault['kind'], readonly Route[]>> = {
  'reset-after-accept': ['submit'],
  'job-fails': ['submit'],
  'job-no-images': ['submit'],
  'job-odd-status': ['submit'],
  'expire-output': ['download'],
  'redirect-output': ['download'],
  'redirect-loop': ['download'],
  'no-cost': ['result', 'status'],
};

/** The longest redirect chain a `redirect-output` fault builds. */
export const MAX_HOPS = 20;
export const REDIRECT_STATUSES: readonly number[] = [301, 302, 303, 307, 308];

export interface FaultQuery {
  provider: ProviderId;
  route: RecordedRoute;
  model?: string;
}

interface RuleState {
  rule: FaultRule;
  seen: number;
  applied: number;
}

/** Fault rules with their match counters; the first rule that fires wins. */
export class FaultBook {
  private rules: RuleState[] = [];

  constructor(rules: readonly FaultRule[] = []) {
    this.set(rules);
  }

  set(rules: readonly FaultRule[]): void {
    for (const rule of rules) checkRule(rule);
    this.rules = rules.map((rule) => ({ rule, seen: 0, applied: 0 }));
  }

  resetCounters(): void {
    for (const state of this.rules) {
      state.seen = 0;
      state.applied = 0;
    }
  }

  pick(q: FaultQuery): Fault | null {
    // Routes outside the provider APIs proper (health, unknown paths, the hops of a
    // redirected output) are never faulted.
    if (q.route === 'other' || q.route === 'redirect') return null;
    for (const state of this.rules) {
      const { rule } = state;
      if (rule.provider && rule.provider !== q.provider) continue;
      if (rule.route && rule.route !== q.route) continue;
      if (rule.model && rule.model !== q.model) continue;
      const only = ONLY_ON[rule.fault.kind];
      if (only && !only.includes(q.route as Route)) continue;
      state.seen++;
      if (state.seen <= (rule.after ?? 0)) continue;
      if (rule.times !== undefined && state.applied >= rule.times) continue;
      state.applied++;
      return rule.fault;
    }
    return null;
  }
}

function checkRule(rule: FaultRule): void {
  const bad = (why: string) => new Error(`Invalid fault rule ${JSON.stringify(rule)}: ${why}`);
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 0)) {
    throw bad('times must be a non-negative integer');
  }
  if (rule.after !== undefined && !(Number.isInteger(rule.after) && rule.after >= 0)) {
    throw bad('after must be a non-negative integer');
  }
  const { fault } = rule;
  if (fault.kind === 'http' && !(fault.status >= 100 && fault.status <= 599)) {
    throw bad('status must be an HTTP status');
  }
  if (fault.kind === 'slow-body' && !(fault.ms >= 0)) throw bad('ms must be >= 0');
  if (fault.kind === 'redirect-output') {
    const { hops, status } = fault;
    if (hops !== undefined && !(Number.isInteger(hops) && hops >= 1 && hops <= MAX_HOPS)) {
      throw bad(`hops must be an integer from 1 to ${MAX_HOPS}`);
    }
    if (status !== undefined && !REDIRECT_STATUSES.includes(status)) {
      throw bad(`status must be one of ${REDIRECT_STATUSES.join(', ')}`);
    }
  }
  const only = ONLY_ON[fault.kind];
  if (only && rule.route && !only.includes(rule.route)) {
    throw bad(`${fault.kind} applies only to ${only.join(', ')}`);
  }
}
