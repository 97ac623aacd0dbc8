import { z } from 'zod';
import { NodeIdSchema } from '../graph/ids';

/**
 * The states a node passes through in a run, as the canvas and the CLI show them.
 * Terminal: done, cached, failed, skipped, cancelled, held. Held: a request was
 * sent and its answer never arrived, so the provider may have created the job; it
 * is sent again only when the user chooses to (Resend).
 */
export const NodeStateSchema = z.enum([
  'queued',
  'submitting',
  'in_queue',
  'running',
  'downloading',
  'done',
  'cached',
  'failed',
  'skipped',
  'cancelled',
  'held',
]);
export type NodeState = z.infer<typeof NodeStateSchema>;

export const TERMINAL_STATES: ReadonlySet<NodeState> = new Set([
  'done',
  'cached',
  'failed',
  'skipped',
  'cancelled',
  'held',
]);

/** An image a node produced, stored locally by content hash. */
export const OutputImageSchema = z.object({
  /** sha256 of the bytes: the key in the local content-addressed store. */
  hash: z.string().regex(/^[a-f0-9]{64}$/),
  mimeType: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().nonnegative(),
});
export type OutputImage = z.infer<typeof OutputImageSchema>;

export const NodeEventSchema = z.object({
  type: z.literal('node'),
  runId: z.string(),
  nodeId: NodeIdSchema,
  state: NodeStateSchema,
  /** Milliseconds since the epoch. */
  at: z.number(),
  queuePosition: z.number().int().nonnegative().optional(),
  /** Time since the job was submitted. */
  elapsedMs: z.number().nonnegative().optional(),
  /** Why it failed, was skipped or cancelled; the provider's message where there is one. */
  message: z.string().optional(),
  requestId: z.string().optional(),
  /** Held nodes: when the request whose answer never arrived was sent. */
  sentAt: z.number().optional(),
  images: z.array(OutputImageSchema).optional(),
  text: z.string().optional(),
  /**
   * This node sent its provider job in this run: the job, and its cost, belong to
   * this run. A node that joined a job sent by another node or run, or reused a
   * cached result, has none (its job was counted where it was sent).
   */
  sentJob: z.literal(true).optional(),
  /** What the provider reported its job cost; only with `sentJob`, and absent where none was reported. */
  costUsd: z.number().nonnegative().optional(),
});
export type NodeEvent = z.infer<typeof NodeEventSchema>;

export const CostEstimateSchema = z.object({
  /** Sum of the parts whose price is known. */
  knownUsd: z.number().nonnegative(),
  /** Nodes whose price the catalog does not know. */
  unknownNodes: z.array(NodeIdSchema),
  perNode: z.record(z.string(), z.union([z.number().nonnegative(), z.literal('unknown')])),
  /**
   * Where each paid node's price comes from: the catalog, the user's own figure
   * (Settings), or unknown. Optional: records written before it have none.
   */
  priceSources: z.record(z.string(), z.enum(['catalog', 'user', 'unknown'])).optional(),
});
export type CostEstimate = z.infer<typeof CostEstimateSchema>;

/**
 * What tells one instance of an expanded run (variants, prompt alternatives, swept
 * values; shared/plan/expand) apart from the others of its workflow node.
 */
export const InstanceLabelSchema = z.object({
  /** The node of the workflow this is an instance of. */
  nodeId: NodeIdSchema,
  /** 1-based position among the node's combinations (first axis slowest): files sort by it. */
  combination: z.number().int().positive(),
  /** 1-based; 1 is the run without variants (its cache key is today's). */
  variant: z.number().int().positive(),
  /** `group` counts the Prompt's `{…|…}` groups from 1. */
  alternatives: z.array(
    z.object({ nodeId: NodeIdSchema, group: z.number().int().positive(), choice: z.string() }),
  ),
  sweeps: z.array(z.object({ nodeId: NodeIdSchema, param: z.string(), value: z.json() })),
  /** The seed sent, for a model whose schema has one. */
  seed: z.number().optional(),
});

export const RunStartedEventSchema = z.object({
  type: z.literal('run-started'),
  runId: z.string(),
  at: z.number(),
  nodeIds: z.array(NodeIdSchema),
  estimate: CostEstimateSchema,
  /** By instance id, when the run has variants or combinations (ids `<nodeId>~…`). */
  labels: z.record(z.string(), InstanceLabelSchema).optional(),
});

export const RunStatusSchema = z.enum(['succeeded', 'failed', 'cancelled']);
export type RunStatus = z.infer<typeof RunStatusSchema>;

export const RunFinishedEventSchema = z.object({
  type: z.literal('run-finished'),
  runId: z.string(),
  at: z.number(),
  status: RunStatusSchema,
  counts: z.partialRecord(NodeStateSchema, z.number().int().nonnegative()),
  /** Cost the providers reported for the jobs this run sent (each job counted once). */
  actualUsd: z.number().nonnegative(),
  /** Provider jobs this run sent that finished. */
  jobCount: z.number().int().nonnegative(),
  /** Of those, the ones whose provider reported no cost ("cost not reported", never $0). */
  jobsWithoutCost: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
});

export const RunEventSchema = z.discriminatedUnion('type', [
  RunStartedEventSchema,
  NodeEventSchema,
  RunFinishedEventSchema,
]);
export type RunEvent = z.infer<typeof RunEventSchema>;
export type RunStartedEvent = z.infer<typeof RunStartedEventSchema>;
export type RunFinishedEvent = z.infer<typeof RunFinishedEventSchema>;
