import { z } from 'zod';
import { CostEstimateSchema } from '../run/events';

/**
 * The run queue's schemas (host contract): runs waiting their turn, each a snapshot
 * of the request the user made when the Run button was pressed during a run.
 */

/** An id the host gave a queued run. */
export const QueueItemIdSchema = z.string().regex(/^q-[A-Za-z0-9_-]{1,64}$/, 'not a queue item id');

/**
 * What became of an item: `waiting` its turn; `running` (its run is going);
 * `interrupted`: the app stopped while it ran, so its jobs are collected from the
 * journal, never sent again, and it waits for the user (Run again or remove);
 * `refused`: when its turn came the run could not start (a key removed, a file gone).
 */
export const QueueItemStateSchema = z.enum(['waiting', 'running', 'interrupted', 'refused']);
export type QueueItemState = z.infer<typeof QueueItemStateSchema>;

/**
 * A small drawing of the graph as queued: node boxes at their canvas positions and
 * the wires between them (indexes into `nodes`); the panel draws it, not the graph.
 */
export const GraphSketchSchema = z.object({
  nodes: z.array(
    z.object({
      x: z.number(),
      y: z.number(),
      kind: z.enum(['model', 'prompt', 'image', 'output', 'other']),
    }),
  ),
  edges: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])),
});
export type GraphSketch = z.infer<typeof GraphSketchSchema>;

export const QueueItemViewSchema = z.object({
  itemId: QueueItemIdSchema,
  state: QueueItemStateSchema,
  /** The tab or workflow name when queued. */
  name: z.string(),
  /** The workflow file, when it had one (Load Image paths resolve from it). */
  workflowPath: z.string().optional(),
  createdAt: z.number(),
  nodeCount: z.number().int().nonnegative(),
  /** Jobs the run would send, from the one preflight (pinned nodes are not sent). */
  jobCount: z.number().int().nonnegative(),
  estimate: CostEstimateSchema,
  /** "Run to selected": the nodes asked for. */
  targets: z.array(z.string()).optional(),
  sketch: GraphSketchSchema,
  /** The graph's prompt, shortened: what tells two snapshots of one workflow apart. */
  prompt: z.string().optional(),
  /** The run it started (running, interrupted). */
  runId: z.string().optional(),
  /** Why it is interrupted or refused. */
  message: z.string().optional(),
  /** Who queued it (a tab of the UI): the run's events are shown there. */
  owner: z.string().optional(),
});
export type QueueItemView = z.infer<typeof QueueItemViewSchema>;

/** The whole queue, in order: what queue.list answers and queue.changed carries. */
export const QueueViewSchema = z.object({
  items: z.array(QueueItemViewSchema),
  /** No item starts while paused (the one running goes on). */
  paused: z.boolean(),
});
export type QueueView = z.infer<typeof QueueViewSchema>;
