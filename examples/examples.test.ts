import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../electron/core/catalog/loadCatalog';
import type { GraphDocument, GraphEdge, GraphNode } from '../shared/graph/document';
import { LOAD_IMAGE_NODE, PREVIEW_NODE, PROMPT_NODE } from '../shared/nodes/builtins';
import { createNodeRegistry } from '../shared/nodes/registry';
import type { NodeRegistry } from '../shared/nodes/registry';
import { planExecution } from '../shared/plan/planExecution';
import { validateGraph } from '../shared/validation/validateGraph';
import { WORKFLOW_EXTENSION, parseWorkflow, serializeWorkflow } from '../shared/workflow/format';
import type { WorkflowFile } from '../shared/workflow/format';

const EXAMPLES_DIR = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLE_FILES = (await readdir(EXAMPLES_DIR))
  .filter((name) => name.endsWith(WORKFLOW_EXTENSION))
  .sort();

const T2I = 'model:runcomfy/google/nano-banana/pro/text-to-image';
const PRO_EDIT = 'model:runcomfy/google/nano-banana/pro/edit';
const NB2_EDIT = 'model:runcomfy/google/nano-banana-2/edit';
const RUNFLOW_EDIT = 'model:runflow/google/nano-banana-pro/edit';

/** Example images are committed: keep them small. */
const MAX_IMAGE_BYTES = 30 * 1024;

async function readExample(name: string): Promise<WorkflowFile> {
  const parsed = parseWorkflow(await readFile(path.join(EXAMPLES_DIR, name), 'utf8'));
  if (!parsed.ok) throw new Error(`${name}: ${parsed.error.message}`);
  return parsed.value;
}

const isModel = (node: GraphNode): boolean => node.type.startsWith('model:');

function nodesOfType(graph: GraphDocument, type: string): GraphNode[] {
  return graph.nodes.filter((n) => n.type === type);
}

function onlyNodeOfType(graph: GraphDocument, type: string): GraphNode {
  const found = nodesOfType(graph, type);
  expect(found, `exactly one ${type} node`).toHaveLength(1);
  return found[0]!;
}

/** The edges into one input port, in list order (their order in the document). */
function edgesInto(graph: GraphDocument, target: GraphNode, handle: string): GraphEdge[] {
  return graph.edges.filter((e) => e.target === target.id && e.targetHandle === handle);
}

const ends = (edges: readonly GraphEdge[]): string[] =>
  edges.map((e) => `${e.source}.${e.sourceHandle}`);

/** The Preview nodes fed by `source`'s outputs. */
function previewsOf(graph: GraphDocument, source: GraphNode): GraphNode[] {
  return graph.edges
    .filter((e) => e.source === source.id)
    .map((e) => graph.nodes.find((n) => n.id === e.target)!)
    .filter((n) => n.type === PREVIEW_NODE);
}

interface PngInfo {
  width: number;
  height: number;
}

/** Checks the PNG signature, the IHDR chunk (with its CRC) and the final IEND chunk. */
function readPng(bytes: Buffer): PngInfo {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(0, 8).equals(signature), 'PNG signature').toBe(true);
  expect(bytes.readUInt32BE(8), 'IHDR length').toBe(13);
  expect(bytes.toString('latin1', 12, 16), 'first chunk').toBe('IHDR');
  expect(bytes.readUInt32BE(29), 'IHDR CRC').toBe(crc32(bytes.subarray(12, 29)));
  expect(bytes.toString('latin1', bytes.length - 8, bytes.length - 4), 'last chunk').toBe('IEND');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

let registry: NodeRegistry;

beforeAll(async () => {
  const catalog = await loadCatalog();
  expect(catalog.errors).toEqual([]);
  registry = createNodeRegistry(catalog.models);
});

describe('examples/', () => {
  it('holds the documented example workflows', () => {
    expect(EXAMPLE_FILES).toEqual(
      expect.arrayContaining([
        'edit-chain-with-reference.nodeloom',
        'one-prompt-three-models.nodeloom',
        'text-to-image-then-edit.nodeloom',
      ]),
    );
  });

  describe.each(EXAMPLE_FILES)('%s', (name) => {
    it('parses, and is saved exactly as the app would save it', async () => {
      const text = await readFile(path.join(EXAMPLES_DIR, name), 'utf8');
      const parsed = parseWorkflow(text);
      expect(parsed.ok ? 'ok' : parsed.error.message).toBe('ok');
      if (!parsed.ok) return;
      expect(serializeWorkflow(parsed.value)).toBe(text);
      expect(parsed.value.meta.name?.trim()).toBeTruthy();
      expect(parsed.value.meta.description?.trim()).toBeTruthy();
      expect(parsed.value.graph.viewport).toEqual({ x: 0, y: 0, zoom: 1 });
    });

    it('has no validation issues, not even warnings, and a plan', async () => {
      const { graph } = await readExample(name);
      expect(validateGraph(graph, registry)).toEqual([]);
      const plan = planExecution(graph);
      expect(plan.ok).toBe(true);
      if (plan.ok) expect(plan.value.order).toHaveLength(graph.nodes.length);
    });

    it('reads left to right: every connection goes rightwards', async () => {
      const { graph } = await readExample(name);
      const byId = new Map(graph.nodes.map((n) => [n.id, n]));
      for (const edge of graph.edges) {
        const from = byId.get(edge.source)!.position;
        const to = byId.get(edge.target)!.position;
        expect(from.x, `${edge.id} goes rightwards`).toBeLessThan(to.x);
      }
      const spots = new Set(graph.nodes.map((n) => `${n.position.x},${n.position.y}`));
      expect(spots.size, 'no two nodes on the same spot').toBe(graph.nodes.length);
    });

    it('loads only small, real PNGs that sit next to it', async () => {
      const { graph } = await readExample(name);
      for (const node of nodesOfType(graph, LOAD_IMAGE_NODE)) {
        const source = node.params['source'];
        expect(typeof source).toBe('string');
        const relative = source as string;
        expect(path.isAbsolute(relative), `${relative} is relative`).toBe(false);
        expect(relative).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
        const file = path.resolve(EXAMPLES_DIR, relative);
        expect(file.startsWith(EXAMPLES_DIR + path.sep), `${relative} stays in examples/`).toBe(
          true,
        );
        expect((await stat(file)).isFile(), `${relative} exists`).toBe(true);
        const bytes = await readFile(file);
        expect(bytes.length).toBeLessThanOrEqual(MAX_IMAGE_BYTES);
        const { width, height } = readPng(bytes);
        expect(width).toBeGreaterThanOrEqual(64);
        expect(height).toBeGreaterThanOrEqual(64);
        expect(width).toBeLessThanOrEqual(1024);
        expect(height).toBeLessThanOrEqual(1024);
      }
    });
  });
});

describe('text-to-image-then-edit.nodeloom', () => {
  it('is Prompt -> Nano Banana Pro -> Nano Banana Pro Edit -> Preview', async () => {
    const { graph } = await readExample('text-to-image-then-edit.nodeloom');
    const prompt = onlyNodeOfType(graph, PROMPT_NODE);
    const generate = onlyNodeOfType(graph, T2I);
    const edit = onlyNodeOfType(graph, PRO_EDIT);
    const preview = onlyNodeOfType(graph, PREVIEW_NODE);
    expect(graph.nodes).toHaveLength(4);

    expect(ends(edgesInto(graph, generate, 'prompt'))).toEqual([`${prompt.id}.text`]);
    expect(ends(edgesInto(graph, edit, 'image_urls'))).toEqual([`${generate.id}.image`]);
    // The edit is described by the edit node's own prompt, not by a wire.
    expect(edgesInto(graph, edit, 'prompt')).toEqual([]);
    expect(String(edit.params['prompt']).trim().length).toBeGreaterThan(40);
    expect(ends(edgesInto(graph, preview, 'images'))).toEqual([`${edit.id}.images`]);

    const plan = planExecution(graph);
    expect(plan.ok && plan.value.levels).toEqual([
      [prompt.id],
      [generate.id],
      [edit.id],
      [preview.id],
    ]);
  });
});

describe('edit-chain-with-reference.nodeloom', () => {
  it('chains text-to-image -> Nano Banana 2 Edit -> Runflow edit with a reference', async () => {
    const { graph } = await readExample('edit-chain-with-reference.nodeloom');
    const prompt = onlyNodeOfType(graph, PROMPT_NODE);
    const generate = onlyNodeOfType(graph, T2I);
    const firstEdit = onlyNodeOfType(graph, NB2_EDIT);
    const lastEdit = onlyNodeOfType(graph, RUNFLOW_EDIT);
    const reference = onlyNodeOfType(graph, LOAD_IMAGE_NODE);

    expect(ends(edgesInto(graph, generate, 'prompt'))).toEqual([`${prompt.id}.text`]);
    expect(ends(edgesInto(graph, firstEdit, 'image_urls'))).toEqual([`${generate.id}.image`]);
    // Order matters: the image to repaint first, the style reference second.
    expect(ends(edgesInto(graph, lastEdit, 'image_urls'))).toEqual([
      `${firstEdit.id}.image`,
      `${reference.id}.image`,
    ]);
    expect(reference.params['source']).toMatch(/^images\/[\w-]+\.png$/);

    // Each provider's own spelling of the same setting.
    expect(typeof firstEdit.params['safety_tolerance']).toBe('number');
    expect(typeof lastEdit.params['safety_tolerance']).toBe('string');

    // Every stage's output is previewed.
    for (const stage of [generate, firstEdit, lastEdit]) {
      expect(previewsOf(graph, stage), `${stage.id} has a preview`).toHaveLength(1);
    }
    expect(nodesOfType(graph, PREVIEW_NODE)).toHaveLength(3);

    const plan = planExecution(graph);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    const order = plan.value.order;
    expect(order.indexOf(generate.id)).toBeLessThan(order.indexOf(firstEdit.id));
    expect(order.indexOf(firstEdit.id)).toBeLessThan(order.indexOf(lastEdit.id));
    expect(plan.value.dependencies[lastEdit.id]).toEqual([firstEdit.id, reference.id]);
  });
});

describe('one-prompt-three-models.nodeloom', () => {
  it('fans one prompt out to three models that run in parallel, each previewed', async () => {
    const { graph } = await readExample('one-prompt-three-models.nodeloom');
    const prompt = onlyNodeOfType(graph, PROMPT_NODE);
    const models = graph.nodes.filter(isModel);
    expect(models).toHaveLength(3);
    expect(new Set(models.map((m) => m.type)).size, 'three different models').toBe(3);

    for (const model of models) {
      expect(ends(edgesInto(graph, model, 'prompt'))).toEqual([`${prompt.id}.text`]);
      expect(previewsOf(graph, model), `${model.id} has its own preview`).toHaveLength(1);
    }
    const previews = nodesOfType(graph, PREVIEW_NODE);
    expect(previews).toHaveLength(3);
    for (const preview of previews) expect(edgesInto(graph, preview, 'images')).toHaveLength(1);

    // No model waits for another: all three share one level of the plan.
    const plan = planExecution(graph);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    const level = plan.value.levels.find((l) => l.includes(models[0]!.id));
    expect([...(level ?? [])].sort()).toEqual(models.map((m) => m.id).sort());
    for (const model of models) {
      expect(
        plan.value.dependencies[model.id]!.filter((d) => models.some((m) => m.id === d)),
      ).toEqual([]);
    }
  });
});
