import type { EmulatorStats, ProviderId, ProviderStats } from './types';

const PROVIDERS: readonly ProviderId[] = ['runcomfy', 'runflow', 'google'];

const empty = (): ProviderStats => ({
  submissions: 0,
  submissionsByModel: {},
  imagesGenerated: 0,
  completed: 0,
  failed: 0,
  cancellations: 0,
  activeJobs: 0,
  maxActiveJobs: 0,
  runningJobs: 0,
  maxRunningJobs: 0,
  pollsByJob: {},
  resultFetches: 0,
  downloads: 0,
  uploads: 0,
});

/**
 * Counters tests use to prove nothing was billed twice and that a client's
 * concurrency limits held. The totals' high-water marks are tracked on their
 * own: the sum of two per-provider maxima is not a maximum.
 */
export class StatsRecorder {
  private byProvider: Record<ProviderId, ProviderStats> = {
    runcomfy: empty(),
    runflow: empty(),
    google: empty(),
  };
  private maxActive = 0;
  private maxRunning = 0;

  submitted(provider: ProviderId, model: string): void {
    const s = this.byProvider[provider];
    s.submissions++;
    s.submissionsByModel[model] = (s.submissionsByModel[model] ?? 0) + 1;
    s.activeJobs++;
    s.maxActiveJobs = Math.max(s.maxActiveJobs, s.activeJobs);
    this.maxActive = Math.max(this.maxActive, this.sum('activeJobs'));
  }

  started(provider: ProviderId): void {
    const s = this.byProvider[provider];
    s.runningJobs++;
    s.maxRunningJobs = Math.max(s.maxRunningJobs, s.runningJobs);
    this.maxRunning = Math.max(this.maxRunning, this.sum('runningJobs'));
  }

  /** A job reached a terminal state; `wasRunning` says whether it held a slot. */
  finished(
    provider: ProviderId,
    outcome: 'completed' | 'failed' | 'cancelled',
    images: number,
    wasRunning: boolean,
  ): void {
    const s = this.byProvider[provider];
    s.activeJobs--;
    if (wasRunning) s.runningJobs--;
    if (outcome === 'cancelled') s.cancellations++;
    else s[outcome]++;
    s.imagesGenerated += images;
  }

  polled(provider: ProviderId, jobId: string): void {
    const polls = this.byProvider[provider].pollsByJob;
    polls[jobId] = (polls[jobId] ?? 0) + 1;
  }

  count(provider: ProviderId, key: 'resultFetches' | 'downloads' | 'uploads'): void {
    this.byProvider[provider][key]++;
  }

  reset(): void {
    this.byProvider = { runcomfy: empty(), runflow: empty(), google: empty() };
    this.maxActive = 0;
    this.maxRunning = 0;
  }

  snapshot(): EmulatorStats {
    const copy = (s: ProviderStats): ProviderStats => ({
      ...s,
      submissionsByModel: { ...s.submissionsByModel },
      pollsByJob: { ...s.pollsByJob },
    });
    const total = empty();
    for (const p of PROVIDERS) {
      const s = this.byProvider[p];
      for (const key of Object.keys(total) as (keyof ProviderStats)[]) {
        const value = s[key];
        if (typeof value === 'number') (total[key] as number) += value;
      }
      for (const [m, n] of Object.entries(s.submissionsByModel)) {
        total.submissionsByModel[`${p}/${m}`] = n;
      }
      Object.assign(total.pollsByJob, s.pollsByJob);
    }
    total.maxActiveJobs = this.maxActive;
    total.maxRunningJobs = this.maxRunning;
    return {
      total,
      runcomfy: copy(this.byProvider.runcomfy),
      runflow: copy(this.byProvider.runflow),
      google: copy(this.byProvider.google),
    };
  }

  private sum(key: 'activeJobs' | 'runningJobs'): number {
    return PROVIDERS.reduce((n, p) => n + this.byProvider[p][key], 0);
  }
}
