import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../electron/core/catalog/loadCatalog';
import { createNodeRegistry } from '../nodes/registry';
import type { NodeRegistry } from '../nodes/registry';
import { PINNED_IMAGE, pinnedFedByEmptyPrompt } from '../testing/preflightCases';
import { MODELS, modelType, testGraph } from '../testing/testGraph';
import { isBlocked, preflight } from './preflight';

let registry: NodeRegistry;
beforeAll(async () => {
  registry = createNodeRegistry((await loadCatalog()).models);
});

describe('preflight: what a run sends, reuses and is blocked by', () => {
  it('builds each request as the engine will: params, wired prompt text and image sources in order', () => {
    const g = testGraph();
    const p = g.prompt('a lighthouse');
    const url = g.loadImage('https://example.com/a.png', { id: 'web' });
    const src = g.model(MODELS.runflowProEdit, { num_images: 2 }, { id: 'src' });
    const file = g.loadImage('refs/b.png', { id: 'file' });
    const edit = g.model(MODELS.runflowProEdit, { prompt: 'blue' }, { id: 'edit' });
    g.connect(p, 'text', src, 'prompt');
    g.connect(url, 'image', src, 'image_urls');
    g.connect(src, 'images', edit, 'image_urls');
    g.connect(file, 'image', edit, 'image_urls');
    const checked = preflight(g.doc(), registry);
    expect(isBlocked(checked)).toBe(false);
    const sent = checked.jobs.filter((j) => j.action === 'send');
    expect(sent.map((j) => j.nodeId)).toEqual(['src', 'edit']);
    const [first, second] = sent;
    expect(first!.action === 'send' && first!.request).toMatchObject({
      input: { prompt: 'a lighthouse', num_images: 2 },
      images: { image_urls: [{ from: 'url', nodeId: 'web', url: 'https://example.com/a.png' }] },
    });
    expect(second!.action === 'send' && second!.request).toMatchObject({
      provider: 'runflow',
      endpoint: 'google/nano-banana-pro/edit',
      input: { prompt: 'blue' },
      images: {
        image_urls: [
          { from: 'output', nodeId: 'src', index: 0 },
          { from: 'output', nodeId: 'src', index: 1 },
          { from: 'file', nodeId: 'file', path: 'refs/b.png' },
        ],
      },
    });
    expect(checked.estimate).toMatchObject({
      knownUsd: 0.45,
      unknownNodes: [],
      perNode: { src: 0.3, edit: 0.15 },
    });
    expect(checked.jobs.filter((j) => j.action === 'local')).toHaveLength(3);
  });

  it('accepts a pinned node fed by an empty prompt: the prompt is not run, the pin is reused', () => {
    const { doc, prompt, t2i, edit } = pinnedFedByEmptyPrompt();
    const checked = preflight(doc, registry);
    expect(checked.issues).toEqual([]);
    expect(checked.plan.order).not.toContain(prompt);
    expect(checked.jobs).toEqual([
      { nodeId: t2i, action: 'reuse', reason: 'pinned' },
      expect.objectContaining({ nodeId: edit, action: 'send' }),
    ]);
    const editJob = checked.jobs[1]!;
    expect(editJob.action === 'send' && editJob.request.images['image_urls']).toEqual([
      { from: 'output', nodeId: t2i, index: 0 },
    ]);
    expect(checked.estimate).toMatchObject({
      knownUsd: 0.15,
      unknownNodes: [],
      perNode: { edit: 0.15 },
    });
    // Without the pin, the empty prompt blocks.
    delete doc.nodes.find((n) => n.id === t2i)!.pinned;
    expect(preflight(doc, registry).issues.map((i) => [i.nodeId, i.code])).toEqual([
      [prompt, 'missing-input'],
    ]);
  });

  it('lets nothing wrong with a pinned node’s own settings block, since it sends nothing', () => {
    const { doc, t2i } = pinnedFedByEmptyPrompt();
    doc.nodes.find((n) => n.id === t2i)!.params['aspect_ratio'] = 'banana';
    expect(preflight(doc, registry).issues).toEqual([]);
  });

  it('reuses the nodes the caller found cached: not sent, not paid, and no key needed', () => {
    const { doc, edit } = pinnedFedByEmptyPrompt();
    const checked = preflight(doc, registry, undefined, {
      cached: new Set([edit]),
      keyedProviders: new Set(),
    });
    expect(checked.jobs.find((j) => j.nodeId === edit)).toEqual({
      nodeId: edit,
      action: 'reuse',
      reason: 'cached',
    });
    expect(checked.estimate.knownUsd).toBe(0);
    expect(isBlocked(checked)).toBe(false);
  });

  it('blocks on a missing key only for the providers it would send to', () => {
    const { doc, edit } = pinnedFedByEmptyPrompt();
    const checked = preflight(doc, registry, undefined, { keyedProviders: new Set(['runcomfy']) });
    expect(checked.missingKeys).toEqual(['runflow']);
    expect(checked.issues).toEqual([
      expect.objectContaining({ nodeId: edit, code: 'missing-key', severity: 'error' }),
    ]);
    // The pinned RunComfy node needs no RunComfy key.
    expect(
      preflight(doc, registry, undefined, { keyedProviders: new Set(['runflow']) }).issues,
    ).toEqual([]);
  });

  it('prices with the user’s own price per model where they entered one', () => {
    const g = testGraph();
    const t2i = g.model(MODELS.proTextToImage, {}, { id: 't2i' });
    g.connect(g.prompt('x'), 'text', t2i, 'prompt');
    expect(preflight(g.doc(), registry).estimate.unknownNodes).toEqual(['t2i']);
    const priced = preflight(g.doc(), registry, undefined, {
      userPrices: { [modelType(MODELS.proTextToImage)]: 0.04 },
    });
    expect(priced.estimate).toMatchObject({
      knownUsd: 0.04,
      unknownNodes: [],
      perNode: { t2i: 0.04 },
      priceSources: { t2i: 'user' },
    });
  });

  it('refuses a cycle with the cycle’s issues, and an unknown target with its message', () => {
    const g = testGraph();
    const a = g.model(MODELS.proEdit, { prompt: 'a' }, { id: 'a' });
    const b = g.model(MODELS.proEdit, { prompt: 'b' }, { id: 'b' });
    g.connect(a, 'image', b, 'image_urls');
    g.connect(b, 'image', a, 'image_urls');
    const cyclic = preflight(g.doc(), registry);
    expect(cyclic.planError?.kind).toBe('cycle');
    expect(cyclic.issues.map((i) => [i.nodeId, i.code])).toEqual([
      ['a', 'cycle'],
      ['b', 'cycle'],
    ]);
    const unknown = preflight(pinnedFedByEmptyPrompt().doc, registry, ['nope']);
    expect(isBlocked(unknown)).toBe(true);
    expect(unknown.planError?.message).toBe('no node with id "nope"');
  });

  it('ranks jobs by the paid work ahead of them: a chain listed last comes first', () => {
    const g = testGraph();
    for (let i = 0; i < 3; i++) {
      const t = g.model(MODELS.proTextToImage, {}, { id: `single${i}` });
      g.connect(g.prompt(`p${i}`), 'text', t, 'prompt');
    }
    const head = g.model(MODELS.proTextToImage, {}, { id: 'chain1' });
    g.connect(g.prompt('chain'), 'text', head, 'prompt');
    let prev = head;
    for (const id of ['chain2', 'chain3']) {
      const e = g.model(MODELS.proEdit, { prompt: id }, { id });
      g.connect(prev, 'image', e, 'image_urls');
      prev = e;
    }
    const { priority } = preflight(g.doc(), registry);
    expect(priority).toMatchObject({
      single0: 1,
      single1: 1,
      single2: 1,
      chain1: 3,
      chain2: 2,
      chain3: 1,
    });
    // A Prompt costs nothing but leads to its model's work.
    expect(Object.values(priority).filter((v) => v === 0)).toHaveLength(0);
  });

  it('counts a pinned node as no work: what it feeds is all that is ahead', () => {
    const { doc, t2i, edit } = pinnedFedByEmptyPrompt(PINNED_IMAGE);
    expect(preflight(doc, registry).priority).toEqual({ [t2i]: 1, [edit]: 1 });
  });
});
