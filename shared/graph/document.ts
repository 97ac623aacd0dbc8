import { z } from 'zod';
import { OutputImageSchema } from '../run/events';
import { EdgeIdSchema, NodeIdSchema, NodeTypeIdSchema } from './ids';

/**
 * The graph document: plain JSON, the single source of truth. The canvas state is a
 * projection of it and nothing non-serialisable may live here.
 */

/** A parameter value as JSON can hold it; the node's spec says which are valid. */
export type ParamValue =
  string | number | boolean | null | ParamValue[] | { [k: string]: ParamValue };
export const ParamValueSchema: z.ZodType<ParamValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(ParamValueSchema),
    z.record(z.string(), ParamValueSchema),
  ]),
);

/** A node's own name: one line, not empty, at most 120 characters. */
export const MAX_NODE_TITLE = 120;
export const NodeTitleSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_NODE_TITLE, `must be at most ${MAX_NODE_TITLE} characters`)
  // eslint-disable-next-line no-control-regex
  .refine((t) => !/[\x00-\x1f\x7f]/.test(t), 'must be one line of text');

export const PositionSchema = z.object({ x: z.number().finite(), y: z.number().finite() });
export type Position = z.infer<typeof PositionSchema>;

/** A node's size the user chose by dragging its corner (CSS px at zoom 1). */
export const NodeSizeSchema = z.object({
  width: z.number().finite().min(120).max(4000),
  height: z.number().finite().min(80).max(4000),
});
export type NodeBoxSize = z.infer<typeof NodeSizeSchema>;

/** The named colours a node may be given (its header is tinted); a small palette, not any CSS colour. */
export const NODE_COLORS = [
  'red',
  'orange',
  'yellow',
  'green',
  'teal',
  'blue',
  'purple',
  'pink',
] as const;
export const NodeColorSchema = z.enum(NODE_COLORS);
export type NodeColor = z.infer<typeof NodeColorSchema>;

export const GraphNodeSchema = z.object({
  id: NodeIdSchema,
  type: NodeTypeIdSchema,
  params: z.record(z.string(), ParamValueSchema),
  position: PositionSchema,
  /**
   * Set once the user resized the node (a Preview showing its images large); absent,
   * the node takes its natural size. Optional, so version 1 files stay valid as they are.
   */
  size: NodeSizeSchema.optional(),
  /**
   * The name the user gave the node (double-click its title); messages, history and
   * the viewer use it. Absent: the node type's label. Optional, so files without it
   * stay valid and no format version bump is needed (older versions ignore it).
   */
  title: NodeTitleSchema.optional(),
  /**
   * A model node's output kept from an earlier run: the engine reuses these images
   * (from the local image store) and sends nothing until the node is unpinned, even
   * when its params change. Optional, so version 1 files without it stay valid and no
   * format version bump is needed.
   */
  /**
   * The colour the user gave the node from its context menu (its header is tinted).
   * Optional, so files without it stay valid and no format version bump is needed.
   */
  color: NodeColorSchema.optional(),
  pinned: z
    .object({
      images: z.array(OutputImageSchema).min(1),
      runId: z.string().optional(),
      requestId: z.string().optional(),
    })
    .optional(),
});
export type GraphNode = z.infer<typeof GraphNodeSchema>;

/**
 * An edge from an output port to an input port. Several edges may end at one
 * list input (`image[]`); their order in `GraphDocument.edges` is the order of the
 * list.
 */
export const GraphEdgeSchema = z.object({
  id: EdgeIdSchema,
  source: NodeIdSchema,
  sourceHandle: z.string().min(1, 'must not be empty'),
  target: NodeIdSchema,
  targetHandle: z.string().min(1, 'must not be empty'),
});
export type GraphEdge = z.infer<typeof GraphEdgeSchema>;

export const ViewportSchema = z.object({
  x: z.number().finite(),
  y: z.number().finite(),
  zoom: z.number().finite().positive(),
});
export type Viewport = z.infer<typeof ViewportSchema>;

export const GraphDocumentSchema = z
  .object({
    nodes: z.array(GraphNodeSchema),
    edges: z.array(GraphEdgeSchema),
    viewport: ViewportSchema,
  })
  .superRefine((doc, ctx) => {
    // Duplicate ids make every later lookup ambiguous, so they are a parse error,
    // not a validation issue.
    const seen = new Set<string>();
    doc.nodes.forEach((n, i) => {
      if (seen.has(n.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['nodes', i, 'id'],
          message: `duplicate node id "${n.id}"`,
        });
      }
      seen.add(n.id);
    });
    const seenEdges = new Set<string>();
    doc.edges.forEach((e, i) => {
      if (seenEdges.has(e.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['edges', i, 'id'],
          message: `duplicate edge id "${e.id}"`,
        });
      }
      seenEdges.add(e.id);
    });
  });
export type GraphDocument = z.infer<typeof GraphDocumentSchema>;

export const emptyGraph = (): GraphDocument => ({
  nodes: [],
  edges: [],
  viewport: { x: 0, y: 0, zoom: 1 },
});
