import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../electron/core/catalog/loadCatalog';
import { createNodeRegistry } from '../../nodes/registry';
import type { NodeRegistry } from '../../nodes/registry';
import { MODELS, modelType, testGraph } from '../../testing/testGraph';
import { createWorkflow, parseWorkflow, serializeWorkflow } from '../../workflow/format';
import { preflight } from '../preflight';
import { baseNodeId, labelText } from './instances';

const MODELS_T2I_TYPE = modelType(MODELS.proTextToImage);
let registry: NodeRegistry;
beforeAll(async () => {
  registry = createNodeRegistry((await loadCatalog()).models);
});

function sweepChain(text: string, values: string[]) {
  const g = testGraph();
  const p = g.prompt(text, { id: 'p' });
  const t2i = g.model(MODELS.proTextToImage, {}, { id: 't2i' });
  const out = g.preview({}, { id: 'out' });
  g.connect(p, 'text', t2i, 'prompt');
  g.connect(t2i, 'images', out, 'images');
  const doc = g.doc();
  doc.nodes.find((n) => n.id === 't2i')!.sweep = { param: 'aspect_ratio', values };
  return doc;
}

const sentInputs = (
  checked: ReturnType<typeof preflight>,
): Array<[string, Record<string, unknown>]> =>
  checked.jobs.flatMap((j) =>
    j.action === 'send' ? [[j.nodeId, j.request.input] as [string, Record<string, unknown>]] : [],
  );

describe('run expansion in the preflight', () => {
  it('leaves a run without variants or combinations exactly as it was (same ids, same document)', () => {
    const doc = sweepChain('plain', ['1:1']);
    delete doc.nodes[1]!.sweep;
    const checked = preflight(doc, registry);
    expect(checked.expansion.doc).toBe(doc);
    expect(checked.plan.order).toEqual(['p', 't2i', 'out']);
  });

  it('multiplies alternatives by swept values (product) and runs the Preview once per combination', () => {
    const checked = preflight(sweepChain('{red|blue} fox', ['1:1', '16:9', '9:16']), registry);
    expect(sentInputs(checked)).toHaveLength(6);
    expect(
      checked.plan.order.filter((id) => baseNodeId(id, checked.expansion.labels) === 'out'),
    ).toHaveLength(6);
    expect(sentInputs(checked)).toContainEqual([
      't2i~c2.3',
      expect.objectContaining({ prompt: 'blue fox', aspect_ratio: '9:16' }),
    ]);
    expect(labelText(checked.expansion.labels['out~c2.3']!)).toBe('blue · aspect_ratio 9:16');
    // The estimate is over every instance (this model has no catalog price: each is unknown).
    expect(checked.estimate.unknownNodes).toHaveLength(6);
    const priced = preflight(
      sweepChain('{red|blue} fox', ['1:1', '16:9', '9:16']),
      registry,
      undefined,
      {
        userPrices: { [MODELS_T2I_TYPE]: 0.1 },
      },
    );
    expect(priced.estimate.knownUsd).toBeCloseTo(0.6, 6);
  });

  it('pairs the n-th of each in zip mode, and refuses lists of different lengths naming them', () => {
    const zipped = preflight(sweepChain('{red|blue} fox', ['1:1', '16:9']), registry, undefined, {
      expansion: { combine: 'zip' },
    });
    expect(sentInputs(zipped).map(([, i]) => [i.prompt, i.aspect_ratio])).toEqual([
      ['red fox', '1:1'],
      ['blue fox', '16:9'],
    ]);
    const doc = sweepChain('{red|blue|green} fox', ['1:1', '16:9']);
    doc.combine = 'zip';
    const uneven = preflight(doc, registry);
    expect(uneven.planError?.kind).toBe('expansion');
    expect(uneven.planError?.message).toMatch(/has 3.*has 2/);
  });

  it('makes the same instance ids for the same document and options (journal and cache survive a restart)', () => {
    const doc = sweepChain('{a|b}', ['1:1', '4:3']);
    const a = preflight(doc, registry, undefined, { expansion: { variants: 2 } });
    const b = preflight(structuredClone(doc), registry, undefined, { expansion: { variants: 2 } });
    expect(a.plan.order).toEqual(b.plan.order);
    expect(a.plan.order).toContain('t2i~c1.2v2');
  });

  it('refuses more jobs than the cap before building them, naming the count and what multiplies', () => {
    const many = Array.from({ length: 100 }, (_, i) => `w${i}`).join('|');
    const checked = preflight(sweepChain(`{${many}} {${many}}`, ['1:1']), registry);
    expect(checked.planError).toMatchObject({ kind: 'expansion', nodeIds: ['p', 't2i'] });
    expect(checked.planError?.message).toMatch(/10,000 jobs, over the limit of 256/);
    expect(checked.jobs).toEqual([]);
  });

  it('refuses a sweep of a param the node does not have', () => {
    const checked = preflight(sweepChain('x', ['a']), registry);
    expect(checked.planError).toBeUndefined();
    const doc = sweepChain('x', ['a']);
    doc.nodes[1]!.sweep = { param: 'nope', values: ['a'] };
    expect(preflight(doc, registry).planError?.message).toMatch(
      /"nope", which is not one of its params/,
    );
  });

  it('reports a swept value the model refuses once, against the workflow node', () => {
    const checked = preflight(sweepChain('x', ['1:1', 'banana', 'kiwi']), registry);
    const issues = checked.issues.filter((i) => i.nodeId === 't2i');
    expect(issues.length).toBeGreaterThan(0);
    expect(checked.issues.every((i) => !i.nodeId.includes('~'))).toBe(true);
  });
});

describe('the workflow keeps what a run expands by', () => {
  it('round-trips a node sweep, the combine mode and the last take, and names a bad sweep by its path', () => {
    const doc = sweepChain('{a|b}', ['1:1', '16:9']);
    doc.combine = 'zip';
    doc.nodes[1]!.lastTake = 3;
    const text = serializeWorkflow(createWorkflow(doc));
    const parsed = parseWorkflow(text);
    expect(parsed.ok && parsed.value.graph).toEqual(doc);

    const bad = JSON.parse(text) as { graph: { nodes: Array<{ sweep?: unknown }> } };
    bad.graph.nodes[1]!.sweep = { param: 'aspect_ratio', values: [] };
    const refused = parseWorkflow(JSON.stringify(bad));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && JSON.stringify(refused.error)).toMatch(/nodes.*1.*sweep.*values/);
  });
});

describe('instance ids', () => {
  it('refuses a run whose instance id is a workflow node id, and never reads a ~ in an id as an instance', () => {
    const doc = sweepChain('{a|b}', ['1:1']);
    delete doc.nodes[1]!.sweep;
    const plain = structuredClone(doc);
    plain.nodes[0]!.id = 'p~c1' as (typeof plain.nodes)[0]['id'];
    plain.nodes[0]!.params['text'] = '';
    for (const e of plain.edges) if (e.source === 'p') e.source = plain.nodes[0]!.id;
    // A plain run: the empty prompt's issue names "p~c1" itself, not "p".
    expect(preflight(plain, registry).issues.map((i) => i.nodeId)).toContain('p~c1');

    const g = testGraph();
    const p = g.prompt('{a|b}', { id: 'p' });
    g.prompt('x', { id: 'p~c1' });
    const t2i = g.model(MODELS.proTextToImage, {}, { id: 't2i' });
    g.connect(p, 'text', t2i, 'prompt');
    expect(preflight(g.doc(), registry).planError?.message).toMatch(/"p~c1" is also the id/);
  });
});
