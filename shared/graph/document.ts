import { z } from 'zod';
import { OutputImageSchema } from '../run/events';
import { ComponentIdSchema, EdgeIdSchema, NodeIdSchema, NodeTypeIdSchema } from './ids';

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

/** The smallest group: room for its title bar and one small node. */
export const GROUP_MIN_SIZE = { width: 160, height: 80 } as const;

export const PositionSchema = z.object({ x: z.number().finite(), y: z.number().finite() });
export type Position = z.infer<typeof PositionSchema>;

/** A node's size the user chose by dragging its corner (CSS px at zoom 1). */
export const NodeSizeSchema = z.object({
  width: z.number().finite().min(120).max(4000),
  height: z.number().finite().min(80).max(4000),
});
export type NodeBoxSize = z.infer<typeof NodeSizeSchema>;

export const NodeModeSchema = z.enum(['bypass', 'mute']);
export type NodeMode = z.infer<typeof NodeModeSchema>;
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
  /**
   * One param run over listed values (aspect ratio 1:1, 16:9, 9:16): the run makes one
   * instance of the node per value (shared/plan/expand). Optional, no version bump.
   */
  sweep: z
    .object({
      param: z.string().min(1, 'must name a param'),
      values: z.array(ParamValueSchema).min(1, 'must list at least one value').max(256),
    })
    .optional(),
  /** The variant index the node's last "new take" used (the next take uses one more). */
  lastTake: z.number().int().min(2).max(9999).optional(),
  /**
   * ComfyUI's node modes: `bypass` hands each input on to the output of the same type
   * and sends nothing; `mute` does not run the node nor anything that needs it.
   * Absent: the node runs. Optional, so older files stay valid without a version bump.
   */
  mode: NodeModeSchema.optional(),
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

/**
 * Inside a component definition, edges from its inputs start at this node id (their
 * `sourceHandle` is the input's id) and edges to its outputs end at the other (their
 * `targetHandle` is the output's id). Keeping the boundary as edges keeps the order
 * of the wires into a list input (the order of `image_urls`) exactly as it was.
 */
export const COMPONENT_INPUTS = '@inputs';
export const COMPONENT_OUTPUTS = '@outputs';

/** What flows along an edge (the same names as the node specs' port types). */
export const PortTypeSchema = z.enum(['text', 'image', 'image[]']);

/** One port of a component, as its instances show it. */
export const ComponentPortSchema = z.object({
  id: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  label: NodeTitleSchema,
  type: PortTypeSchema,
});
export type ComponentPort = z.infer<typeof ComponentPortSchema>;

/**
 * A reusable piece of graph: its nodes and edges (with the boundary edges above) and
 * the ports its instances (nodes of type `component:<id>`) show. The engine flattens
 * every instance into the plan (shared/plan/flattenComponents.ts).
 */
export const ComponentDefinitionSchema = z
  .object({
    name: NodeTitleSchema,
    nodes: z.array(GraphNodeSchema),
    edges: z.array(GraphEdgeSchema),
    inputs: z.array(ComponentPortSchema),
    outputs: z.array(ComponentPortSchema),
  })
  .superRefine((def, ctx) => {
    uniqueIds(def.nodes, ['nodes'], 'node', ctx);
    uniqueIds(def.edges, ['edges'], 'edge', ctx);
    uniqueIds(def.inputs, ['inputs'], 'input', ctx);
    uniqueIds(def.outputs, ['outputs'], 'output', ctx);
    const nodes = new Set<string>(def.nodes.map((n) => n.id));
    def.nodes.forEach((n, i) => {
      if (n.id === COMPONENT_INPUTS || n.id === COMPONENT_OUTPUTS)
        ctx.addIssue({
          code: 'custom',
          path: ['nodes', i, 'id'],
          message: `"${n.id}" is reserved for the component's boundary`,
        });
    });
    const inputs = new Set(def.inputs.map((p) => p.id));
    const outputs = new Set(def.outputs.map((p) => p.id));
    // Each end of an inner edge names a node inside, or a port of the boundary it meets.
    const ends = [
      {
        end: 'source',
        handle: 'sourceHandle',
        boundary: COMPONENT_INPUTS,
        ports: inputs,
        port: 'input',
      },
      {
        end: 'target',
        handle: 'targetHandle',
        boundary: COMPONENT_OUTPUTS,
        ports: outputs,
        port: 'output',
      },
    ] as const;
    def.edges.forEach((e, i) => {
      for (const { end, handle, boundary, ports, port } of ends) {
        const atBoundary = e[end] === boundary;
        if (atBoundary ? ports.has(e[handle]) : nodes.has(e[end])) continue;
        ctx.addIssue({
          code: 'custom',
          path: ['edges', i, atBoundary ? handle : end],
          message: atBoundary
            ? `no ${port} "${e[handle]}" in this component`
            : `no node "${e[end]}" in this component`,
        });
      }
    });
  });
export type ComponentDefinition = z.infer<typeof ComponentDefinitionSchema>;

export const ComponentsSchema = z.record(ComponentIdSchema, ComponentDefinitionSchema);
export type Components = z.infer<typeof ComponentsSchema>;

/** Duplicate ids make every later lookup ambiguous, so they are a parse error, not a validation issue. */
function uniqueIds(
  items: readonly { id: string }[],
  path: readonly (string | number)[],
  what: string,
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id))
      ctx.addIssue({
        code: 'custom',
        path: [...path, i, 'id'],
        message: `duplicate ${what} id "${item.id}"`,
      });
    seen.add(item.id);
  });
}
/** A rectangle on the canvas (CSS px at zoom 1). */
export const RectSchema = z.object({
  x: z.number().finite(),
  y: z.number().finite(),
  width: z.number().finite().min(GROUP_MIN_SIZE.width).max(100_000),
  height: z.number().finite().min(GROUP_MIN_SIZE.height).max(100_000),
});
export type Rect = z.infer<typeof RectSchema>;

/**
 * A group (frame): a titled, coloured rectangle behind nodes. Its nodes are the ones
 * whose top-left corner lies inside `rect` (as in ComfyUI, membership is where the
 * nodes are, so moving a node out of the frame takes it out of the group).
 */
export const GraphGroupSchema = z.object({
  id: z.string().min(1, 'must not be empty'),
  title: NodeTitleSchema,
  /** A CSS hex colour: `#3f6ea8`. */
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #3f6ea8'),
  rect: RectSchema,
  /** Drawn as one bar with its nodes hidden; `rect` keeps the open size. */
  collapsed: z.boolean().optional(),
});
export type GraphGroup = z.infer<typeof GraphGroupSchema>;

export const GraphDocumentSchema = z
  .object({
    nodes: z.array(GraphNodeSchema),
    edges: z.array(GraphEdgeSchema),
    viewport: ViewportSchema,
    /**
     * How prompt alternatives and swept values combine in a run: every combination
     * ('product', the default) or the n-th of each together ('zip'). Optional.
     */
    combine: z.enum(['product', 'zip']).optional(),
    /**
     * Component definitions by id; instances are nodes of type `component:<id>`.
     * Optional, so files without components stay valid and no version bump is needed.
     */
    components: ComponentsSchema.optional(),
    /** Groups (frames), back to front. Optional: files without groups stay valid. */
    groups: z.array(GraphGroupSchema).optional(),
  })
  .superRefine((doc, ctx) => {
    uniqueIds(doc.nodes, ['nodes'], 'node', ctx);
    uniqueIds(doc.edges, ['edges'], 'edge', ctx);
    if (doc.groups) uniqueIds(doc.groups, ['groups'], 'group', ctx);
  });
export type GraphDocument = z.infer<typeof GraphDocumentSchema>;

export const emptyGraph = (): GraphDocument => ({
  nodes: [],
  edges: [],
  viewport: { x: 0, y: 0, zoom: 1 },
});
