import { randomBytes, randomUUID } from 'node:crypto';
import type { ClockTimer, EmulatorClock } from './clock';
import type { RenderedImage } from './generate';
import type { GenerationParams } from './params';
import type { StatsRecorder } from './stats';
import type { EmulatorModel, Fault, JobInfo, Latency, ProviderId } from './types';

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface OutputImage {
  url: string;
  width: number;
  height: number;
  contentType: string;
  bytes: number;
}

export interface Job {
  id: string;
  provider: ProviderId;
  model: EmulatorModel;
  /** The input exactly as the client sent it. */
  input: Record<string, unknown>;
  params: GenerationParams;
  /** Runflow's run fields besides the input (callback_url, metadata). */
  envelope: Record<string, unknown>;
  createdAt: number;
  /** Earliest time the job may leave the queue. */
  readyAt: number;
  runMs: number;
  startedAt: number | null;
  finishedAt: number | null;
  state: JobState;
  outputs: OutputImage[];
  failure: { code: string; stage: string; message: string } | null;
  /** From the job-fails fault: the provider message the job will end with. */
  plannedFailure: string | null;
  /** From the job-no-images and job-odd-status faults: how a succeeding job ends oddly. */
  plannedOddity?: { kind: 'no-images' } | { kind: 'status'; status: string };
}

export type JobSpec = Pick<
  Job,
  'provider' | 'model' | 'input' | 'params' | 'envelope' | 'plannedFailure' | 'plannedOddity'
>;

/** The submit faults that decide how a job ends, as JobSpec fields. */
export function plannedEnd(
  fault: Fault | null | undefined,
): Pick<JobSpec, 'plannedFailure' | 'plannedOddity'> {
  return {
    plannedFailure: fault?.kind === 'job-fails' ? fault.message : null,
    ...(fault?.kind === 'job-no-images' ? { plannedOddity: { kind: 'no-images' as const } } : {}),
    ...(fault?.kind === 'job-odd-status'
      ? { plannedOddity: { kind: 'status' as const, status: fault.status } }
      : {}),
  };
}

/** The status a finished job reports: the documented one, unless a fault made it odd. */
export function reportedStatus(job: Job, documented: string): string {
  const odd = job.plannedOddity;
  return odd?.kind === 'status' && job.finishedAt !== null ? odd.status : documented;
}

/** The outputs a job reports (none while a fault hides them behind an odd status). */
export function reportedOutputs(job: Job): OutputImage[] {
  return job.plannedOddity?.kind === 'status' ? [] : job.outputs;
}

export interface SchedulerDeps {
  stats: StatsRecorder;
  clock: EmulatorClock;
  latency(job: JobInfo): Latency;
  capacity(provider: ProviderId): number;
  /** Fetches the job's inputs as the provider would; returns why that failed, or null. */
  checkInputs(job: Job): Promise<string | null>;
  /** Encodes the job's images; started as the job starts, so it runs during runMs. */
  render(job: Job): Promise<RenderedImage[]>;
  /** Makes rendered images downloadable when the job ends (their URLs expire from then). */
  publish(job: Job, rendered: readonly RenderedImage[]): OutputImage[];
}

/**
 * Per-provider FIFO queues with a fixed number of slots. A job waits at least
 * its queueMs, then for a free slot; it runs for runMs and renders its outputs.
 * Everything async checks the epoch, so reset() and close() orphan work cleanly.
 */
export class JobScheduler {
  private readonly jobs = new Map<string, Job>();
  private queues: Record<ProviderId, Job[]> = { runcomfy: [], runflow: [], google: [] };
  private running: Record<ProviderId, number> = { runcomfy: 0, runflow: 0, google: 0 };
  private readonly timers = new Set<ClockTimer>();
  /** One pending wake-up per provider, for the earliest job still waiting out its queueMs. */
  private wakeAt: Record<ProviderId, number> = {
    runcomfy: Infinity,
    runflow: Infinity,
    google: Infinity,
  };
  private epoch = 0;

  constructor(private readonly deps: SchedulerDeps) {}

  submit(spec: JobSpec): Job {
    const now = this.deps.clock.now();
    const id = spec.provider === 'runflow' ? uuidv7(now) : randomUUID();
    const latency = this.deps.latency({
      provider: spec.provider,
      model: spec.model.endpoint,
      requestId: id,
      input: spec.input,
    });
    const job: Job = {
      ...spec,
      id,
      createdAt: now,
      readyAt: now + latency.queueMs,
      runMs: latency.runMs,
      startedAt: null,
      finishedAt: null,
      state: 'queued',
      outputs: [],
      failure: null,
    };
    this.jobs.set(id, job);
    this.queues[job.provider].push(job);
    this.deps.stats.submitted(job.provider, job.model.endpoint);
    this.pump(job.provider);
    return job;
  }

  get(id: string, provider: ProviderId): Job | undefined {
    const job = this.jobs.get(id);
    return job?.provider === provider ? job : undefined;
  }

  /** Jobs ahead of this one in its provider's queue (0 = next to start). */
  queuePosition(job: Job): number {
    return Math.max(0, this.queues[job.provider].indexOf(job));
  }

  /** Cancels a queued job; anything already started cannot be cancelled. */
  cancel(job: Job): boolean {
    if (job.state !== 'queued') return job.state === 'cancelled';
    const queue = this.queues[job.provider];
    queue.splice(queue.indexOf(job), 1);
    job.state = 'cancelled';
    job.finishedAt = this.deps.clock.now();
    this.deps.stats.finished(job.provider, 'cancelled', 0, false);
    return true;
  }

  /**
   * Starts every ready job a free slot allows, oldest first, and sets a wake-up
   * for the earliest job not yet ready (timers may fire a little before
   * the clock catches up, so readiness is always re-checked, never assumed).
   */
  pump(provider: ProviderId): void {
    const queue = this.queues[provider];
    const now = this.deps.clock.now();
    let next = Infinity;
    for (let i = 0; i < queue.length && this.running[provider] < this.deps.capacity(provider);) {
      const job = queue[i]!;
      if (job.readyAt > now) {
        next = Math.min(next, job.readyAt);
        i++;
        continue;
      }
      queue.splice(i, 1);
      this.start(job);
    }
    if (next < this.wakeAt[provider]) {
      this.wakeAt[provider] = next;
      this.later(next - now + 1, () => {
        this.wakeAt[provider] = Infinity;
        this.pump(provider);
      });
    }
  }

  reset(): void {
    this.epoch++;
    for (const timer of this.timers) this.deps.clock.clearTimer(timer);
    this.timers.clear();
    this.jobs.clear();
    this.queues = { runcomfy: [], runflow: [], google: [] };
    this.running = { runcomfy: 0, runflow: 0, google: 0 };
    this.wakeAt = { runcomfy: Infinity, runflow: Infinity, google: Infinity };
  }

  private start(job: Job): void {
    const epoch = this.epoch;
    job.state = 'running';
    job.startedAt = this.deps.clock.now();
    this.running[job.provider]++;
    this.deps.stats.started(job.provider);
    void this.deps.checkInputs(job).then((problem) => {
      if (epoch !== this.epoch) return;
      if (problem)
        this.finish(job, 'failed', {
          code: 'INPUT_FETCH_FAILED',
          stage: 'input',
          message: problem,
        });
      else {
        // A job lasts runMs as configured: encoding overlaps it instead of adding to it.
        // It starts after the requests already waiting (a burst of submits is answered
        // first, as a provider's front end answers while its workers render).
        const rendering =
          job.plannedFailure === null ? settle(afterPendingIo(() => this.deps.render(job))) : null;
        this.later(job.runMs, () => void this.complete(job, epoch, rendering));
      }
    });
  }

  private async complete(
    job: Job,
    epoch: number,
    rendering: Promise<Settled<RenderedImage[]>> | null,
  ): Promise<void> {
    if (rendering === null) {
      this.finish(job, 'failed', {
        code: 'PROVIDER_ERROR',
        stage: 'inference',
        message: job.plannedFailure ?? 'the job failed',
      });
      return;
    }
    const rendered = await rendering;
    if (epoch !== this.epoch) return;
    if (rendered.ok) {
      const shown = job.plannedOddity?.kind === 'no-images' ? [] : rendered.value;
      job.outputs = this.deps.publish(job, shown);
      this.finish(job, 'succeeded', null);
    } else {
      this.finish(job, 'failed', {
        code: 'INTERNAL_ERROR',
        stage: 'output',
        message: rendered.error.message,
      });
    }
  }

  private finish(job: Job, state: 'succeeded' | 'failed', failure: Job['failure']): void {
    job.state = state;
    job.failure = failure;
    job.finishedAt = this.deps.clock.now();
    this.running[job.provider]--;
    const outcome = state === 'succeeded' ? 'completed' : 'failed';
    this.deps.stats.finished(job.provider, outcome, job.outputs.length, true);
    this.pump(job.provider);
  }

  private later(ms: number, fn: () => void): void {
    const timer = this.deps.clock.setTimer(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }
}

/** Runs `fn` once the event loop has handled the I/O already waiting. */
function afterPendingIo<T>(fn: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => setImmediate(() => fn().then(resolve, reject)));
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: Error };

/** A promise that never rejects, so work started early cannot become an unhandled rejection. */
function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({
      ok: false as const,
      error: error instanceof Error ? error : new Error(String(error)),
    }),
  );
}

/** A UUID version 7: 48-bit millisecond timestamp, then random bits (RFC 9562). */
export function uuidv7(now = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
