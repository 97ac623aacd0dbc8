import type { InputSchema } from '../../shared/catalog/jsonSchema';
import type { Pricing, ProviderId } from '../../shared/catalog/model';
import type { EmulatorClock } from './clock';

export type { ProviderId };

/** The routes faults can target. `upload` covers all three asset-upload steps. */
export type Route = 'submit' | 'status' | 'result' | 'cancel' | 'download' | 'upload';
/**
 * Recorded routes: the fault routes plus RunComfy's catalog reads, the hops of a
 * redirected output (never faulted themselves) and anything else.
 */
export type RecordedRoute = Route | 'catalog' | 'redirect' | 'other';

/** One model the emulator serves: a catalog entry, or just what validation needs. */
export interface EmulatorModel {
  provider: ProviderId;
  /** The provider's model id as it appears in the request path. */
  endpoint: string;
  inputSchema: InputSchema;
  pricing?: Pricing;
}

/** What a latency function sees about a job. */
export interface JobInfo {
  provider: ProviderId;
  model: string;
  requestId: string;
  input: Record<string, unknown>;
}

export interface Latency {
  /** Minimum time a job spends in the queue before it may start. */
  queueMs: number;
  /** Time from start to the finished outputs. */
  runMs: number;
}
export type LatencySpec = Partial<Latency> | ((job: JobInfo) => Latency);

export type Fault =
  /** Answer with this status; the body defaults to the provider's documented error shape. */
  | { kind: 'http'; status: number; body?: unknown; retryAfterSeconds?: number }
  /** Destroy the socket before answering. A submit creates no job. */
  | { kind: 'reset' }
  /** Submit only: the job is created and billed, then the socket is destroyed. */
  | { kind: 'reset-after-accept' }
  /** Headers at once, then the body trickles over `ms`. */
  | { kind: 'slow-body'; ms: number }
  /** HTTP 200 with a truncated JSON body (a submit still creates its job). */
  | { kind: 'malformed-json' }
  /** HTTP 200 whose body carries an error code (RunComfy does this). No job is created. */
  | { kind: 'error-200'; error_code: number | string; error_message: string }
  /** Download only: the URL answers as expired from now on. */
  | { kind: 'expire-output' }
  /**
   * Download only: the output answers a redirect (`status`, default 302) into a
   * chain of `hops` redirects (default 1, at most 20) that ends at its bytes.
   */
  | { kind: 'redirect-output'; hops?: number; status?: 301 | 302 | 303 | 307 | 308 }
  /** Download only: the output answers a redirect to a URL that redirects back to it. */
  | { kind: 'redirect-loop' }
  /**
   * Result (RunComfy) or status (Runflow) only: the answer reports no cost, as a
   * provider that does not know it yet or does not report it (RunComfy's cost
   * field is optional; Runflow's may be null).
   */
  | { kind: 'no-cost' }
  /** Submit only: the job is accepted, then ends failed with this provider message. */
  | { kind: 'job-fails'; message: string }
  /** Submit only: the job is accepted and billed, then completes with no image. */
  | { kind: 'job-no-images' }
  /**
   * Submit only: the job is accepted; once it has ended, its status reads as this
   * value, which the docs do not list (the outputs stay unreported).
   */
  | { kind: 'job-odd-status'; status: string }
  /**
   * Google generateContent only: answered 200 without an image, the prompt blocked
   * (`promptFeedback.blockReason`) or the image withheld (`finishReason IMAGE_SAFETY`).
   */
  | { kind: 'safety-block'; stage: 'prompt' | 'image' };

export interface FaultRule {
  provider?: ProviderId;
  route?: Route;
  /** The model id (endpoint) of the job the request concerns. */
  model?: string;
  /** How many matching requests the fault applies to (default: all). */
  times?: number;
  /** Skip the first N matching requests. */
  after?: number;
  fault: Fault;
}

export interface EmulatorConfig {
  latency?: LatencySpec;
  /** Jobs processed at once per provider; the rest wait in the queue. */
  capacity?: number | Partial<Record<ProviderId, number>>;
  /** Multiplies output pixel sizes (e.g. 0.05 keeps tests fast). */
  imageScale?: number;
  /** Output and asset URLs expire after this. */
  outputTtlMs?: number;
  /** Replaces the fault rules (and their counters). */
  faults?: FaultRule[];
}

export interface EmulatorOptions extends EmulatorConfig {
  /** 0 (default) picks a free port. The emulator always binds 127.0.0.1. */
  port?: number;
  keys?: Partial<Record<ProviderId, string>>;
  /** Input schemas to validate against; default: shared/catalog/models/**.json. */
  models?: EmulatorModel[];
  /** Price used for `cost` when the catalog has no per-image price. */
  defaultPricePerImageUsd?: number;
  /** Job queue and run times and URL expiry run on this (default: real time). */
  clock?: EmulatorClock;
  /** Enables the `/__emulator/` control routes for this token (another process drives it). */
  controlToken?: string;
}

export interface ProviderStats {
  /** Accepted (billed) submissions, including reset-after-accept ones. */
  submissions: number;
  submissionsByModel: Record<string, number>;
  imagesGenerated: number;
  completed: number;
  failed: number;
  cancellations: number;
  /** Jobs submitted and not yet terminal. */
  activeJobs: number;
  maxActiveJobs: number;
  runningJobs: number;
  maxRunningJobs: number;
  /** Status polls per job id (RunComfy status, Runflow GET run). */
  pollsByJob: Record<string, number>;
  resultFetches: number;
  downloads: number;
  /** Confirmed asset uploads. */
  uploads: number;
}

export interface EmulatorStats {
  /** Sums; maxima are true high-water marks; submissionsByModel keys are `provider/model`. */
  total: ProviderStats;
  runcomfy: ProviderStats;
  runflow: ProviderStats;
  /** Gemini generateContent calls: each one that generated counts as a submission. */
  google: ProviderStats;
}

export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
  provider: ProviderId | null;
  route: RecordedRoute;
  /** 0 when the socket was destroyed instead of answered. */
  status: number;
  fault?: Fault['kind'];
  /** The parsed JSON body, for submits. */
  body?: unknown;
  /** The job a submit created, or the job a request concerned. */
  jobId?: string;
}

export interface Emulator {
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  runcomfyBaseUrl: string;
  runflowBaseUrl: string;
  /** The Gemini API's base URL (`${url}/google`). */
  googleBaseUrl: string;
  keys: Record<ProviderId, string>;
  stats(): EmulatorStats;
  /** The most recent 10,000 requests, oldest first. */
  requests(): RecordedRequest[];
  configure(config: EmulatorConfig): void;
  /**
   * The provider hosts these models too (endpoints a user added to the app): their
   * inputs are validated against these schemas from now on.
   */
  serve(models: readonly EmulatorModel[]): void;
  /** Clears counters, jobs, files, uploads, recorded requests and fault counters. */
  reset(): void;
  close(): Promise<void>;
}
