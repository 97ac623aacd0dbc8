import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../electron/core/catalog/loadCatalog';
import { estimateCost } from '../cost/estimate';
import { createNodeRegistry } from '../nodes/registry';
import type { NodeRegistry } from '../nodes/registry';
import { testGraph } from '../testing/testGraph';
import { planRun } from './runPlan';

let registry: NodeRegistry;
beforeAll(async () => {
  registry = createNodeRegistry((await loadCatalog()).models);
});

const PIN = {
  images: [{ hash: 'a'.repeat(64), mimeType: 'image/png', width: 8, height: 8, bytes: 10 }],
};

function pinnedChain() {
  const g = testGraph();
  const t2i = g.model('runflow/google/nano-banana-pro/edit', { prompt: 'x', num_images: 2 });
  const img = g.loadImage('https://example.com/a.png');
  g.connect(img, 'image', t2i, 'image_urls');
  const edit = g.model('runflow/google/nano-banana-pro/edit', { prompt: 'y' });
  g.connect(t2i, 'image', edit, 'image_urls');
  const doc = g.doc();
  return { doc, t2i, img, edit };
}

describe('planRun: the plan a run really executes', () => {
  it('leaves out a pinned node’s inputs, since the pinned node reuses its images', () => {
    const { doc, t2i, img, edit } = pinnedChain();
    doc.nodes.find((n) => n.id === t2i)!.pinned = PIN;
    const plan = planRun(doc, registry, [edit]);
    expect(plan.ok && plan.value.order).toEqual([t2i, edit]);
    expect(plan.ok && plan.value.dependencies[t2i]).toEqual([]);
    expect(plan.ok && plan.value.order).not.toContain(img);
  });

  it('is the plain plan when nothing is pinned', () => {
    const { doc, t2i, img, edit } = pinnedChain();
    const plan = planRun(doc, registry, [edit]);
    expect(plan.ok && plan.value.order).toEqual([img, t2i, edit]);
  });

  it('prices a pinned node at nothing, so the Run button and the engine agree', () => {
    const { doc, t2i, edit } = pinnedChain();
    expect(estimateCost(doc, registry).knownUsd).toBeCloseTo(0.45);
    doc.nodes.find((n) => n.id === t2i)!.pinned = PIN;
    const plan = planRun(doc, registry);
    const estimate = estimateCost(doc, registry, plan.ok ? plan.value.order : []);
    expect(estimate.knownUsd).toBeCloseTo(0.15);
    expect(estimate.perNode[edit]).toBeCloseTo(0.15);
    expect(estimate.perNode[t2i]).toBeUndefined();
  });
});
