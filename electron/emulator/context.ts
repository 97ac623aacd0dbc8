import type { AssetStore } from './assets';
import type { EmulatorClock } from './clock';
import type { FaultBook } from './faults';
import type { FileStore } from './files';
import type { JobScheduler } from './jobs';
import type { StatsRecorder } from './stats';
import type { EmulatorModel, LatencySpec, ProviderId } from './types';

/** The current, fully defaulted configuration (configure() changes it in place). */
export interface ResolvedConfig {
  latency: LatencySpec;
  capacity: Record<ProviderId, number>;
  imageScale: number;
  outputTtlMs: number;
  defaultPricePerImageUsd: number;
}

/** Everything route handlers share. */
export interface EmulatorContext {
  origin(): string;
  baseUrl(provider: ProviderId): string;
  keys: Record<ProviderId, string>;
  clock: EmulatorClock;
  config: ResolvedConfig;
  models: ModelIndex;
  files: FileStore;
  jobs: JobScheduler;
  stats: StatsRecorder;
  faults: FaultBook;
  assets: AssetStore;
}

export class ModelIndex {
  private readonly byKey = new Map<string, EmulatorModel>();

  constructor(models: readonly EmulatorModel[]) {
    for (const m of models) this.byKey.set(`${m.provider}/${m.endpoint}`, m);
  }

  /** Adds models (or replaces those with the same provider and endpoint). */
  serve(models: readonly EmulatorModel[]): void {
    for (const m of models) this.byKey.set(`${m.provider}/${m.endpoint}`, m);
  }

  get(provider: ProviderId, endpoint: string): EmulatorModel | undefined {
    return this.byKey.get(`${provider}/${endpoint}`);
  }

  list(provider: ProviderId): EmulatorModel[] {
    return [...this.byKey.values()].filter((m) => m.provider === provider);
  }
}
