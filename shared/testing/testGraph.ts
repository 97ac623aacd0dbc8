import type { GraphDocument, GraphEdge, GraphNode, ParamValue, Viewport } from '../graph/document';
import { edgeId, nodeId, nodeTypeId } from '../graph/ids';
import type { EdgeId, NodeId } from '../graph/ids';
import { LOAD_IMAGE_NODE, PREVIEW_NODE, PROMPT_NODE } from '../nodes/builtins';

/**
 * A small fluent builder of graph documents for tests (unit, renderer and engine):
 *
 * ```ts
 * const g = testGraph();
 * const p = g.prompt('a cat');
 * const t2i = g.model(MODELS.proTextToImage, { resolution: '2K' });
 * g.connect(p, 'text', t2i, 'prompt');
 * g.connect(t2i, 'images', g.preview(), 'images');
 * const doc = g.doc();
 * ```
 *
 * Ids are deterministic (`n1`, `n2`, ... and `e1`, `e2`, ... in creation order) unless
 * given, and so are positions (a grid in creation order). Nothing is checked: a test
 * may wire incompatible ports, missing handles or missing nodes on purpose.
 */

/** The catalog's model endpoints, as `provider/endpoint` (what `model()` takes). */
export const MODELS = {
  proTextToImage: 'runcomfy/google/nano-banana/pro/text-to-image',
  proEdit: 'runcomfy/google/nano-banana/pro/edit',
  nb2Edit: 'runcomfy/google/nano-banana-2/edit',
  runflowProEdit: 'runflow/google/nano-banana-pro/edit',
} as const;

export interface NodeOptions {
  /** An explicit id instead of the next `nN`. */
  id?: string;
  position?: { x: number; y: number };
  /** The node's own name (GraphNode.title). */
  title?: string;
}

export interface TestGraph {
  /** A Prompt node; `text` defaults to a non-empty prompt. */
  prompt(text?: string, options?: NodeOptions): NodeId;
  /** A Load Image node; `source` defaults to a relative file name. */
  loadImage(source?: string, options?: NodeOptions): NodeId;
  /** A Preview / Save node. */
  preview(params?: Record<string, ParamValue>, options?: NodeOptions): NodeId;
  /** A model node: `runcomfy/google/nano-banana/pro/edit` (or the full `model:...` type). */
  model(endpoint: string, params?: Record<string, ParamValue>, options?: NodeOptions): NodeId;
  /** A node of any type, known or not. */
  node(type: string, params?: Record<string, ParamValue>, options?: NodeOptions): NodeId;
  /** An edge from `source`'s output `sourceHandle` to `target`'s input `targetHandle`. */
  connect(
    source: string,
    sourceHandle: string,
    target: string,
    targetHandle: string,
    options?: { id?: string },
  ): EdgeId;
  /** Sets (or, with `undefined`, removes) one param of an existing node. */
  setParam(node: string, key: string, value: ParamValue | undefined): TestGraph;
  viewport(viewport: Viewport): TestGraph;
  /** A fresh, independent copy of the document built so far. */
  doc(): GraphDocument;
}

const COLUMNS = 8;
const COLUMN_WIDTH = 320;
const ROW_HEIGHT = 240;

/** `runcomfy/google/...` -> `model:runcomfy/google/...`; a full type is kept. */
export const modelType = (endpoint: string): string =>
  endpoint.startsWith('model:') ? endpoint : `model:${endpoint}`;

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export function testGraph(): TestGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  let view: Viewport = { x: 0, y: 0, zoom: 1 };
  let nodeCount = 0;
  let edgeCount = 0;

  const add = (
    type: string,
    params: Record<string, ParamValue>,
    options: NodeOptions = {},
  ): NodeId => {
    const index = nodeCount++;
    const id = nodeId(options.id ?? `n${index + 1}`);
    const position = options.position ?? {
      x: (index % COLUMNS) * COLUMN_WIDTH,
      y: Math.floor(index / COLUMNS) * ROW_HEIGHT,
    };
    nodes.push({
      id,
      type: nodeTypeId(type),
      params: { ...params },
      position: { ...position },
      ...(options.title !== undefined ? { title: options.title } : {}),
    });
    return id;
  };

  const builder: TestGraph = {
    prompt: (text = 'a cat on a windowsill', options) => add(PROMPT_NODE, { text }, options),
    loadImage: (source = 'ref.png', options) => add(LOAD_IMAGE_NODE, { source }, options),
    preview: (params = {}, options) => add(PREVIEW_NODE, params, options),
    model: (endpoint, params = {}, options) => add(modelType(endpoint), params, options),
    node: (type, params = {}, options) => add(type, params, options),
    connect(source, sourceHandle, target, targetHandle, options = {}) {
      const id = edgeId(options.id ?? `e${++edgeCount}`);
      edges.push({
        id,
        source: nodeId(source),
        sourceHandle,
        target: nodeId(target),
        targetHandle,
      });
      return id;
    },
    setParam(node, key, value) {
      const found = nodes.find((n) => n.id === node);
      if (!found) throw new Error(`testGraph: no node "${node}"`);
      if (value === undefined) delete found.params[key];
      else found.params[key] = value;
      return builder;
    },
    viewport(viewport) {
      view = { ...viewport };
      return builder;
    },
    doc: () => clone({ nodes, edges, viewport: view }),
  };
  return builder;
}
