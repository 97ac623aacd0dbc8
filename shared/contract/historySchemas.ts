import { z } from 'zod';
import { GraphDocumentSchema } from '../graph/document';
import { OutputImageSchema } from '../run/events';

/**
 * The run history's part of the host contract: runs as listed and as kept, the
 * history's filters and gallery, freeing disk space, and the files Preview/Save wrote.
 */

/** A file a Preview/Save node wrote, and the stored image it holds. */
export const SavedFileSchema = z.object({
  path: z.string(),
  hash: z.string().regex(/^[a-f0-9]{64}$/),
});

/** A run as the history gallery lists it. */
export const RunListItemSchema = z.object({
  runId: z.string(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled', 'interrupted']),
  workflowName: z.string().nullable(),
  workflowPath: z.string().nullable(),
  nodeCount: z.number().int().nonnegative(),
  images: z.array(OutputImageSchema),
  /** Cost the providers reported for the jobs this run sent. */
  actualUsd: z.number().nonnegative(),
  /** Provider jobs this run sent that finished (absent in records written before it was kept). */
  jobCount: z.number().int().nonnegative().optional(),
  /** Of those, the ones whose provider reported no cost. */
  jobsWithoutCost: z.number().int().nonnegative().optional(),
});

/** Everything kept about one run: enough to see, compare and re-open it. */
export const RunRecordSchema = RunListItemSchema.extend({
  graph: GraphDocumentSchema,
  nodes: z.array(
    z.object({
      nodeId: z.string(),
      type: z.string(),
      state: z.string(),
      provider: z.string().optional(),
      endpoint: z.string().optional(),
      /** The parameters as sent (defaults filled in, prompts resolved). */
      params: z.record(z.string(), z.unknown()).optional(),
      requestId: z.string().optional(),
      images: z.array(OutputImageSchema),
      /** This node sent its provider job in this run (see NodeEvent.sentJob). */
      sentJob: z.literal(true).optional(),
      costUsd: z.number().optional(),
      durationMs: z.number().optional(),
      message: z.string().optional(),
      /** The files a Preview/Save node wrote into the output folder. */
      saved: z.array(SavedFileSchema).optional(),
    }),
  ),
});

/** Filters over the run history (all optional; every one given must hold), and a page. */
export const HistoryQuerySchema = z
  .object({
    /** Words matched against prompts, node titles and workflow names. */
    text: z.string().max(500).optional(),
    /** A model's endpoint or node type. */
    model: z.string().max(300).optional(),
    provider: z.string().max(64).optional(),
    status: RunListItemSchema.shape.status.optional(),
    /** startedAt bounds in milliseconds since the epoch, inclusive. */
    from: z.number().optional(),
    to: z.number().optional(),
    favourite: z.boolean().optional(),
    minUsd: z.number().nonnegative().optional(),
    maxUsd: z.number().nonnegative().optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    offset: z.number().int().nonnegative().max(10_000_000).optional(),
  })
  .strict();
export type HistoryQuery = z.infer<typeof HistoryQuerySchema>;

/** An image of a run, as the history's image gallery lists it. */
export const GalleryImageSchema = OutputImageSchema.extend({
  runId: z.string(),
  nodeId: z.string(),
  position: z.number().int().nonnegative(),
  startedAt: z.number(),
  favourite: z.boolean(),
});

/** What collecting unused images removes (or, as a dry run, would remove). */
export const BlobCollectionSchema = z.object({
  dryRun: z.boolean(),
  images: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** Cached results that named those images: their nodes would be sent (and billed) again. */
  cachedResults: z.number().int().nonnegative(),
  /** Images kept because a record, a pin, an autosave or the queue names them. */
  kept: z.number().int().nonnegative(),
});
/** Files a Preview/Save node wrote into the output folder (its images' hashes beside them). */
export const OutputSavedSchema = z.object({
  runId: z.string(),
  nodeId: z.string(),
  files: z.array(SavedFileSchema),
  /** Why the remaining images were not saved. */
  error: z.string().optional(),
});
export type OutputSaved = z.infer<typeof OutputSavedSchema>;
