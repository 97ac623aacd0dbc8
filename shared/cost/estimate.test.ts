import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../electron/core/catalog/loadCatalog';
import type { ModelEntry } from '../catalog/model';
import { nodeId } from '../graph/ids';
import { modelNodeType } from '../catalog/model';
import { createNodeRegistry } from '../nodes/registry';
import type { NodeRegistry } from '../nodes/registry';
import type { CostEstimate } from '../run/events';
import { MODELS, modelType, testGraph } from '../testing/testGraph';
import { estimateCost, estimateNodeCost, formatEstimate, formatNodeCost } from './estimate';

/** A model that exists only here: $0.10 an image, with documented resolution factors. */
const TIERED: ModelEntry = {
  provider: 'runflow',
  endpoint: 'test/tiered/text-to-image',
  displayName: 'Tiered',
  family: 'Test',
  task: 'text-to-image',
  pricing: {
    kind: 'per_image',
    usd: 0.1,
    source: 'https://example.test/pricing',
    resolutionMultipliers: { '1K': 1, '2K': 1.5, '4K': 2 },
  },
  inputSchema: {
    type: 'object',
    required: ['prompt'],
    properties: {
      prompt: { type: 'string' },
      num_images: { type: 'integer', minimum: 1, maximum: 4, default: 1 },
      resolution: { type: 'string', enum: ['1K', '2K', '4K', '8K'], default: '1K' },
    },
  },
};
const TIERED_TYPE = modelNodeType(TIERED);
const ids = (...names: string[]) => names.map(nodeId);
const RUNFLOW_EDIT = modelType(MODELS.runflowProEdit);
const RUNCOMFY_EDIT = modelType(MODELS.proEdit);

let registry: NodeRegistry;
let runcomfyNote: string;

beforeAll(async () => {
  const catalog = await loadCatalog();
  registry = createNodeRegistry([...catalog.models, TIERED]);
  const pricing = registry.get(RUNCOMFY_EDIT)!.model!.pricing;
  runcomfyNote = pricing.kind === 'unknown' ? pricing.note : '';
});

describe('estimateNodeCost', () => {
  it('is the catalog price for one image when num_images is not set (Runflow: $0.15)', () => {
    expect(estimateNodeCost(registry, RUNFLOW_EDIT, {})).toEqual({
      kind: 'known',
      usd: 0.15,
      source: 'catalog',
    });
  });

  it('multiplies the price by num_images (3 images on Runflow: $0.45)', () => {
    expect(estimateNodeCost(registry, RUNFLOW_EDIT, { num_images: 3 })).toEqual({
      kind: 'known',
      usd: 0.45,
      source: 'catalog',
    });
  });

  it('counts one image when num_images is not a positive whole number', () => {
    for (const num_images of [0, -2, 1.5, 'three']) {
      expect(estimateNodeCost(registry, RUNFLOW_EDIT, { num_images })).toEqual({
        kind: 'known',
        usd: 0.15,
        source: 'catalog',
      });
    }
  });

  it('keeps an unknown price unknown, with the catalog note as the reason', () => {
    expect(runcomfyNote).not.toBe('');
    expect(estimateNodeCost(registry, RUNCOMFY_EDIT, { num_images: 4 })).toEqual({
      kind: 'unknown',
      reason: runcomfyNote,
    });
  });

  it('treats local nodes (prompt, load image, preview) and unknown types as free', () => {
    for (const type of ['prompt', 'load-image', 'preview', 'not-a-node']) {
      expect(estimateNodeCost(registry, type, {})).toEqual({ kind: 'free' });
    }
  });

  it('applies the resolution multiplier the catalog documents', () => {
    const cost = (params: Record<string, string | number>) =>
      estimateNodeCost(registry, TIERED_TYPE, params);
    expect(cost({})).toEqual({ kind: 'known', usd: 0.1, source: 'catalog' }); // default 1K
    expect(cost({ resolution: '2K' })).toEqual({ kind: 'known', usd: 0.15, source: 'catalog' });
    expect(cost({ resolution: '4K', num_images: 3 })).toEqual({
      kind: 'known',
      usd: 0.6,
      source: 'catalog',
    });
    expect(cost({ resolution: '2K', num_images: 3 })).toEqual({
      kind: 'known',
      usd: 0.45,
      source: 'catalog',
    });
  });

  it('leaves the price unknown for a resolution the multipliers do not cover', () => {
    const cost = estimateNodeCost(registry, TIERED_TYPE, { resolution: '8K' });
    expect(cost.kind).toBe('unknown');
    expect(cost.kind === 'unknown' && cost.reason).toMatch(/resolution 8K is not documented/);
  });

  it('ignores the resolution where the catalog documents no multiplier', () => {
    for (const resolution of ['1K', '2K', '4K']) {
      expect(estimateNodeCost(registry, RUNFLOW_EDIT, { resolution })).toEqual({
        kind: 'known',
        usd: 0.15,
        source: 'catalog',
      });
    }
  });
});

/** prompt → tiered (2 images, 2K) → runflow edit (3 images); plus two RunComfy edits. */
function mixedGraph() {
  const g = testGraph();
  const prompt = g.prompt('a lighthouse', { id: 'prompt' });
  const tiered = g.node(TIERED_TYPE, { resolution: '2K', num_images: 2 }, { id: 'tiered' });
  const edit = g.model(MODELS.runflowProEdit, { num_images: 3 }, { id: 'edit' });
  const rc1 = g.model(MODELS.proEdit, {}, { id: 'rc1' });
  const rc2 = g.model(MODELS.nb2Edit, {}, { id: 'rc2' });
  g.connect(prompt, 'text', tiered, 'prompt');
  g.connect(tiered, 'image', edit, 'image_urls');
  g.connect(edit, 'image', rc1, 'image_urls');
  g.connect(tiered, 'image', rc2, 'image_urls');
  g.connect(rc1, 'images', g.preview({}, { id: 'preview' }), 'images');
  return g.doc();
}

describe('estimateCost', () => {
  it('sums the known parts, lists the unknown nodes and skips local nodes', () => {
    expect(estimateCost(mixedGraph(), registry)).toEqual({
      knownUsd: 0.75, // 2 x $0.10 x 1.5 + 3 x $0.15
      unknownNodes: ['rc1', 'rc2'],
      perNode: { tiered: 0.3, edit: 0.45, rc1: 'unknown', rc2: 'unknown' },
      priceSources: { tiered: 'catalog', edit: 'catalog', rc1: 'unknown', rc2: 'unknown' },
    });
  });

  it('counts only the given nodes', () => {
    expect(estimateCost(mixedGraph(), registry, ids('prompt', 'tiered', 'rc2'))).toEqual({
      knownUsd: 0.3,
      unknownNodes: ['rc2'],
      perNode: { tiered: 0.3, rc2: 'unknown' },
      priceSources: { tiered: 'catalog', rc2: 'unknown' },
    });
    expect(estimateCost(mixedGraph(), registry, ids('prompt', 'preview'))).toEqual({
      knownUsd: 0,
      unknownNodes: [],
      perNode: {},
      priceSources: {},
    });
  });

  it('keeps sums of many cent prices exact to the cent', () => {
    const g = testGraph();
    for (let i = 0; i < 7; i++) g.model(MODELS.runflowProEdit, { num_images: 3 });
    expect(estimateCost(g.doc(), registry).knownUsd).toBe(3.15);
  });
});

describe("the user's own prices", () => {
  const RUNCOMFY_T2I = modelType(MODELS.proTextToImage);

  it("prices a model with no public price at the user's figure, marked as theirs", () => {
    const prices = { [RUNCOMFY_EDIT]: 0.12 };
    expect(estimateNodeCost(registry, RUNCOMFY_EDIT, {}, prices)).toEqual({
      kind: 'known',
      usd: 0.12,
      source: 'user',
    });
    // Times num_images where the model has one (Nano Banana 2 Edit does).
    const nb2 = modelType(MODELS.nb2Edit);
    expect(estimateNodeCost(registry, nb2, { num_images: 3 }, { [nb2]: 0.12 })).toEqual({
      kind: 'known',
      usd: 0.36,
      source: 'user',
    });
    // Another model keeps its own (unknown) price.
    expect(estimateNodeCost(registry, RUNCOMFY_T2I, {}, prices).kind).toBe('unknown');
  });

  it("overrides a catalog price, and applies no documented resolution factor to the user's figure", () => {
    expect(estimateNodeCost(registry, RUNFLOW_EDIT, {}, { [RUNFLOW_EDIT]: 0.1 })).toEqual({
      kind: 'known',
      usd: 0.1,
      source: 'user',
    });
    expect(
      estimateNodeCost(registry, TIERED_TYPE, { resolution: '8K' }, { [TIERED_TYPE]: 0.2 }),
    ).toEqual({ kind: 'known', usd: 0.2, source: 'user' });
  });

  it('turns unknown nodes known in the estimate, each with its price source', () => {
    const prices = { [RUNCOMFY_EDIT]: 0.12, [modelType(MODELS.nb2Edit)]: 0.08 };
    expect(estimateCost(mixedGraph(), registry, undefined, prices)).toEqual({
      knownUsd: 0.95, // 0.30 + 0.45 + 0.12 + 0.08
      unknownNodes: [],
      perNode: { tiered: 0.3, edit: 0.45, rc1: 0.12, rc2: 0.08 },
      priceSources: { tiered: 'catalog', edit: 'catalog', rc1: 'user', rc2: 'user' },
    });
  });

  it("says when a figure is the user's own", () => {
    expect(formatNodeCost({ kind: 'known', usd: 0.12, source: 'user' })).toBe('$0.12 (your price)');
    expect(formatNodeCost({ kind: 'known', usd: 0.15, source: 'catalog' })).toBe('$0.15');
    const prices = { [RUNCOMFY_EDIT]: 0.12 };
    expect(formatEstimate(estimateCost(mixedGraph(), registry, undefined, prices))).toBe(
      '$0.87 (incl. your prices) + 1 unknown',
    );
  });
});

describe('formatEstimate', () => {
  const estimate = (perNode: CostEstimate['perNode']): CostEstimate => {
    const known = Object.values(perNode).filter((v): v is number => typeof v === 'number');
    return {
      knownUsd: known.reduce((a, b) => a + b, 0),
      unknownNodes: ids(...Object.keys(perNode).filter((k) => perNode[k] === 'unknown')),
      perNode,
    };
  };

  it('shows a fully known estimate as dollars', () => {
    expect(formatEstimate(estimate({ a: 0.15, b: 0.15 }))).toBe('$0.30');
    expect(formatEstimate(estimate({}))).toBe('$0.00');
  });

  it('shows known dollars plus the count of unknown nodes', () => {
    expect(formatEstimate(estimate({ a: 0.15, b: 'unknown', c: 'unknown' }))).toBe(
      '$0.15 + 2 unknown',
    );
    expect(formatEstimate(estimate({ a: 0, b: 'unknown' }))).toBe('$0.00 + 1 unknown');
  });

  it('says the price is unknown, with the node count, when nothing is known', () => {
    expect(formatEstimate(estimate({ a: 'unknown' }))).toBe('price unknown (1 node)');
    expect(formatEstimate(estimate({ a: 'unknown', b: 'unknown' }))).toBe(
      'price unknown (2 nodes)',
    );
  });

  it('formats the estimate of a real graph', () => {
    expect(formatEstimate(estimateCost(mixedGraph(), registry))).toBe('$0.75 + 2 unknown');
  });
});
