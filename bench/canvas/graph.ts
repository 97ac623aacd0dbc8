/// <reference types="vite/client" />
import { parseCatalog } from '../../shared/catalog/catalog';
import type { GraphDocument, ParamValue } from '../../shared/graph/document';
import { edgeId, nodeId, nodeTypeId } from '../../shared/graph/ids';
import { LOAD_IMAGE_NODE, PROMPT_NODE } from '../../shared/nodes/builtins';
import { createNodeRegistry } from '../../shared/nodes/registry';
import type { NodeRegistry } from '../../shared/nodes/registry';

/**
 * The benchmark workflows, shared by the Nodeloom and the litegraph page so both draw
 * the same nodes at the same positions: groups of four (Prompt, Load Image, an edit
 * model, a second edit model) wired in one chain of N-1 edges:
 *
 *   Prompt.text -> A.prompt, LoadImage.image -> A.image_urls, A.images -> B.image_urls,
 *   B.images -> next group's A.image_urls
 *
 * Node types and widgets come from the real catalog JSON files (the same glob and
 * parser as the app's seed catalog), so the model nodes carry their real widgets.
 */
const files = import.meta.glob<unknown>('../../shared/catalog/models/**/*.json', {
  eager: true,
  import: 'default',
});

let registry: NodeRegistry | undefined;
export function benchRegistry(): NodeRegistry {
  if (!registry) {
    const result = parseCatalog(
      Object.entries(files)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([origin, json]) => ({ origin, json })),
    );
    if (result.errors.length > 0) throw new Error(result.errors.join('\n'));
    registry = createNodeRegistry(result.models);
  }
  return registry;
}

export const MODEL_A = [
  'model:runcomfy/google/nano-banana/pro/edit',
  'model:runflow/google/nano-banana-pro/edit',
];
export const MODEL_B = 'model:runcomfy/google/nano-banana-2/edit';
export const MODEL_T2I = 'model:runcomfy/google/nano-banana/pro/text-to-image';

/** Grid cell: wide and tall enough for the tallest Nodeloom node (nano-banana-2 edit). */
export const COL_W = 340;
export const ROW_H = 600;
export const VIEW_W = 1280;
export const VIEW_H = 800;

export interface BenchGraph {
  doc: GraphDocument;
  /** The flow-space rectangle the grid covers, for the shared fit viewport. */
  bounds: { x: number; y: number; width: number; height: number };
}

function defaults(type: string): Record<string, ParamValue> {
  const spec = benchRegistry().get(type);
  if (!spec) throw new Error(`no node type ${type}`);
  const out: Record<string, ParamValue> = {};
  for (const w of spec.widgets) {
    const d = (w as { default?: ParamValue }).default;
    if (d !== undefined && d !== null) out[w.key] = d;
  }
  return out;
}

/** Columns so the grid's aspect roughly matches the 1280x800 view. */
export function columnsFor(n: number): number {
  return Math.max(4, Math.round(Math.sqrt((n * (VIEW_W / VIEW_H) * ROW_H) / COL_W)));
}

export function makeGraph(n: number): BenchGraph {
  const cols = columnsFor(n);
  const nodes: GraphDocument['nodes'] = [];
  const edges: GraphDocument['edges'] = [];
  let e = 0;
  const connect = (source: string, sh: string, target: string, th: string) =>
    edges.push({
      id: edgeId(`e${++e}`),
      source: nodeId(source),
      sourceHandle: sh,
      target: nodeId(target),
      targetHandle: th,
    });
  let prevB: string | undefined;
  for (let i = 0; i < n; i++) {
    const group = Math.floor(i / 4);
    const role = i % 4;
    const type =
      role === 0
        ? PROMPT_NODE
        : role === 1
          ? LOAD_IMAGE_NODE
          : role === 2
            ? (MODEL_A[group % MODEL_A.length] as string)
            : MODEL_B;
    const params =
      role === 0
        ? { text: `a lighthouse on a cliff at dusk, variation ${group}` }
        : role === 1
          ? { source: `inputs/reference-${group}.png` }
          : role === 2
            ? defaults(type)
            : // B has no prompt wire; a provider's sample is no value, so it types its own.
              { ...defaults(type), prompt: `the same scene at night, variation ${group}` };
    const id = `n${i + 1}`;
    nodes.push({
      id: nodeId(id),
      type: nodeTypeId(type),
      params,
      position: { x: (i % cols) * COL_W, y: Math.floor(i / cols) * ROW_H },
    });
    const base = group * 4 + 1;
    if (role === 2) {
      connect(`n${base}`, 'text', id, 'prompt');
      connect(`n${base + 1}`, 'image', id, 'image_urls');
      if (prevB) connect(prevB, 'images', id, 'image_urls');
    }
    if (role === 3) {
      connect(`n${base + 2}`, 'images', id, 'image_urls');
      prevB = id;
    }
  }
  const rows = Math.ceil(n / cols);
  return {
    doc: { nodes, edges, viewport: { x: 40, y: 40, zoom: 1 } },
    bounds: { x: 0, y: 0, width: Math.min(n, cols) * COL_W, height: rows * ROW_H },
  };
}

/**
 * A graph for the memory part: `models` text-to-image nodes, each fed by its own
 * Prompt node (2 x models nodes, `models` edges).
 */
export function makeOutputsGraph(models: number): BenchGraph {
  const n = models * 2;
  const cols = columnsFor(n);
  const nodes: GraphDocument['nodes'] = [];
  const edges: GraphDocument['edges'] = [];
  for (let i = 0; i < n; i++) {
    const type = i % 2 === 0 ? PROMPT_NODE : MODEL_T2I;
    const id = `n${i + 1}`;
    nodes.push({
      id: nodeId(id),
      type: nodeTypeId(type),
      params: i % 2 === 0 ? { text: `a lighthouse, take ${i / 2}` } : defaults(type),
      position: { x: (i % cols) * COL_W, y: Math.floor(i / cols) * ROW_H },
    });
    if (i % 2 === 1)
      edges.push({
        id: edgeId(`e${i}`),
        source: nodeId(`n${i}`),
        sourceHandle: 'text',
        target: nodeId(id),
        targetHandle: 'prompt',
      });
  }
  const rows = Math.ceil(n / cols);
  return {
    doc: { nodes, edges, viewport: { x: 40, y: 40, zoom: 1 } },
    bounds: { x: 0, y: 0, width: Math.min(n, cols) * COL_W, height: rows * ROW_H },
  };
}

/** The viewport that shows all of `bounds` with 5% margin: the same for both canvases. */
export function fitViewport(bounds: BenchGraph['bounds']): { x: number; y: number; zoom: number } {
  const zoom = Math.min(VIEW_W / (bounds.width * 1.1), VIEW_H / (bounds.height * 1.1));
  return {
    x: (VIEW_W - bounds.width * zoom) / 2 - bounds.x * zoom,
    y: (VIEW_H - bounds.height * zoom) / 2 - bounds.y * zoom,
    zoom,
  };
}

export function query(): URLSearchParams {
  return new URLSearchParams(location.search);
}
