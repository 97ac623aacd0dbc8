import { ProviderIdSchema } from '../../../shared/catalog/model';
import type { ProviderId } from '../../../shared/catalog/model';
import type { GraphDocument } from '../../../shared/graph/document';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import { createEngine } from '../engine/engine';
import type { Engine, EngineOptions, RunHandle, RunOptions } from '../engine/engine';
import type { ResumeListener } from '../engine/resume';
import { createAdapters } from '../providers/config';
import type { ProviderSettings } from '../providers/config';
import type { ProviderAdapter } from '../providers/types';
import type { Concurrency } from './settingsStore';

/** Engine knobs a host may tune (tests poll the emulator faster). */
export type EngineTuning = Pick<EngineOptions, 'pollIntervalMs' | 'submitRetry' | 'pollRetry'>;

export interface EngineRuntimeOptions {
  registry: NodeRegistry;
  dataDir: string;
  providers: ProviderSettings;
  concurrency: Concurrency;
  tuning?: EngineTuning;
  warn: (message: string) => void;
  /** Hears what became of each job resumed from the journal (the run history). */
  onResumed?: ResumeListener;
}

const same = (a: Concurrency, b: Concurrency): boolean =>
  a.global === b.global && a.perProvider === b.perProvider;

/**
 * The engine as settings change under it. Keys and base URLs change the provider
 * clients in place (the engine holds this very adapters object); concurrency is
 * fixed per engine, so a change builds a new one, but only between runs: a run in
 * progress keeps its limits and the change applies to the next.
 */
export class EngineRuntime {
  readonly adapters: Record<ProviderId, ProviderAdapter | undefined>;
  private engine: Engine;
  private applied: Concurrency;
  private wanted: Concurrency;
  private readonly active = new Map<string, RunHandle>();
  private readonly endListeners = new Set<() => void>();
  /** Held jobs already told of: an engine swap reads the journal again, the user hears once. */
  private readonly told = new Set<string>();
  /** Engine swaps in progress; runs start only after them. */
  private swapping: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(private readonly options: EngineRuntimeOptions) {
    this.adapters = createAdapters(options.providers);
    this.applied = this.wanted = { ...options.concurrency };
    this.engine = this.make(this.applied);
  }

  /** Builds the engine and resumes the jobs a previous process left at a provider. */
  static async start(options: EngineRuntimeOptions): Promise<EngineRuntime> {
    const runtime = new EngineRuntime(options);
    await runtime.resume();
    return runtime;
  }

  setProviders(providers: ProviderSettings): void {
    Object.assign(this.adapters, createAdapters(providers));
  }

  setConcurrency(concurrency: Concurrency): void {
    this.wanted = { ...concurrency };
    this.maybeSwap();
  }

  /** Starts a run; throws RunRefusedError like engine.run. */
  async run(doc: GraphDocument, options: RunOptions): Promise<RunHandle> {
    // A swap queued while waiting replaces `swapping`: wait until none is pending.
    for (let s = this.swapping; ; s = this.swapping) {
      await s;
      if (s === this.swapping) break;
    }
    if (this.closed) throw new Error('the app is shutting down');
    const handle = this.engine.run(doc, options);
    this.active.set(handle.runId, handle);
    const ended = (): void => {
      this.active.delete(handle.runId);
      this.maybeSwap();
      for (const listener of this.endListeners) listener();
    };
    handle.done.then(ended, ended);
    return handle;
  }

  /** How many runs are going (the run queue starts its next one at none). */
  running(): number {
    return this.active.size;
  }

  /** Hears every run end; returns the function that stops that. */
  onRunEnded(listener: () => void): () => void {
    this.endListeners.add(listener);
    return () => void this.endListeners.delete(listener);
  }

  cancel(runId: string): boolean {
    const handle = this.active.get(runId);
    handle?.cancel();
    return handle !== undefined;
  }

  /** Stops polling; jobs still at a provider stay in the journal for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    await this.swapping;
    await this.engine.close();
  }

  private make(c: Concurrency): Engine {
    const { registry, dataDir, tuning } = this.options;
    return createEngine({
      registry,
      adapters: this.adapters,
      dataDir,
      concurrency: {
        global: c.global,
        // Every provider, Google included, gets the same per-provider limit.
        perProvider: Object.fromEntries(ProviderIdSchema.options.map((p) => [p, c.perProvider])),
      },
      ...tuning,
    });
  }

  private async resume(): Promise<void> {
    const started = await this.engine.resume(this.options.onResumed);
    for (const u of started.uncertain) {
      if (this.told.has(u.entry.jobId)) continue;
      this.told.add(u.entry.jobId);
      this.options.warn(u.message);
    }
    for (const f of started.unreadable) this.options.warn(`unreadable job journal entry: ${f}`);
  }

  private maybeSwap(): void {
    if (this.closed || this.active.size > 0 || same(this.applied, this.wanted)) return;
    this.swapping = this.swapping
      .then(async () => {
        const next = { ...this.wanted };
        if (this.closed || this.active.size > 0 || same(this.applied, next)) return;
        await this.engine.close();
        this.engine = this.make(next);
        this.applied = next;
        // Jobs the old engine was still collecting are in the journal: pick them up.
        await this.resume();
      })
      .catch((e: unknown) => this.options.warn(`could not apply concurrency: ${String(e)}`));
  }
}
