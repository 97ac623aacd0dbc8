import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../electron/core/catalog/loadCatalog';
import type { GraphDocument, NodeMode } from '../graph/document';
import { NOTE_NODE, REROUTE_NODE } from '../nodes/builtins';
import { createNodeRegistry } from '../nodes/registry';
import type { NodeRegistry } from '../nodes/registry';
import { MODELS, testGraph } from '../testing/testGraph';
import { validateGraph } from '../validation/validateGraph';
import { MUTED_REASON, applyNodeModes, needsMutedReason } from './nodeModes';
import { isBlocked, preflight } from './preflight';

let registry: NodeRegistry;
beforeAll(async () => {
  registry = createNodeRegistry((await loadCatalog()).models);
});

const withModes = (doc: GraphDocument, modes: Record<string, NodeMode>): GraphDocument => ({
  ...doc,
  nodes: doc.nodes.map((n) => (modes[n.id] ? { ...n, mode: modes[n.id] } : n)),
});

/** prompt -> t2i -> edit (+ a Load Image reference) -> preview. */
function chain() {
  const g = testGraph();
  const p = g.prompt('a lighthouse', { id: 'p' });
  const t2i = g.model(MODELS.proTextToImage, {}, { id: 't2i', title: 'Sketch' });
  const ref = g.loadImage('https://example.com/ref.png', { id: 'ref' });
  const edit = g.model(MODELS.proEdit, { prompt: 'snow' }, { id: 'edit' });
  const out = g.preview({}, { id: 'out' });
  g.connect(p, 'text', t2i, 'prompt');
  g.connect(t2i, 'images', edit, 'image_urls');
  g.connect(ref, 'image', edit, 'image_urls');
  g.connect(edit, 'images', out, 'images');
  return g.doc();
}

const wires = (doc: GraphDocument): string[] =>
  doc.edges.map((e) => `${e.source}.${e.sourceHandle}->${e.target}.${e.targetHandle}`);

describe('applyNodeModes: bypass, mute, reroutes and notes as one transform of the document', () => {
  it('a bypassed edit hands its image list on, in order, to what it fed', () => {
    const moded = applyNodeModes(withModes(chain(), { edit: 'bypass' }), registry);
    expect(moded.graph.nodes.map((n) => n.id)).toEqual(['p', 't2i', 'ref', 'out']);
    expect(wires(moded.graph)).toEqual([
      'p.text->t2i.prompt',
      't2i.images->out.images',
      'ref.image->out.images',
    ]);
    expect(moded.skipped).toEqual([]);
  });

  it('an output with no input of its type carries nothing through a bypass: the run is blocked, not guessed', () => {
    // The text-to-image has no image input: bypassed, its images come from nowhere.
    const doc = withModes(chain(), { t2i: 'bypass' });
    const checked = preflight(doc, registry);
    expect(wires(checked.graph)).toEqual(['ref.image->edit.image_urls', 'edit.images->out.images']);
    expect(isBlocked(checked)).toBe(false);
    const g = testGraph();
    const t2i = g.model(MODELS.proTextToImage, {}, { id: 't2i' });
    g.connect(g.prompt('x', { id: 'p' }), 'text', t2i, 'prompt');
    g.connect(t2i, 'images', g.preview({}, { id: 'out' }), 'images');
    const alone = preflight(withModes(g.doc(), { t2i: 'bypass' }), registry);
    expect(alone.issues.map((i) => `${i.nodeId}: ${i.code}`)).toEqual(['out: missing-input']);
  });

  it('a muted node and everything downstream are skipped, each naming the muted node', () => {
    const moded = applyNodeModes(withModes(chain(), { t2i: 'mute' }), registry);
    expect(moded.skipped).toEqual([
      { nodeId: 't2i', reason: MUTED_REASON },
      { nodeId: 'edit', reason: needsMutedReason('Sketch') },
      { nodeId: 'out', reason: needsMutedReason('Sketch') },
    ]);
    expect(moded.graph.nodes.map((n) => n.id)).toEqual(['p', 'ref']);
    expect(moded.graph.edges).toEqual([]);
  });

  it('reroutes (chained) and notes are taken out; the wire is joined end to end', () => {
    const g = testGraph();
    const p = g.prompt('x', { id: 'p' });
    const t2i = g.model(MODELS.proTextToImage, {}, { id: 't2i' });
    const r1 = g.node(REROUTE_NODE, {}, { id: 'r1' });
    const r2 = g.node(REROUTE_NODE, {}, { id: 'r2' });
    g.node(NOTE_NODE, { text: '# hello' }, { id: 'note' });
    g.connect(p, 'text', r1, 'in');
    g.connect(r1, 'out', r2, 'in');
    g.connect(r2, 'out', t2i, 'prompt');
    const moded = applyNodeModes(g.doc(), registry);
    expect(moded.graph.nodes.map((n) => n.id)).toEqual(['p', 't2i']);
    expect(wires(moded.graph)).toEqual(['p.text->t2i.prompt']);
  });

  it('leaves a document without modes, reroutes or notes as the very same object', () => {
    const doc = chain();
    expect(applyNodeModes(doc, registry).graph).toBe(doc);
  });
});

describe('preflight honours node modes', () => {
  it('a bypassed node is neither sent nor estimated, and its own problems do not block', () => {
    const doc = withModes(chain(), { edit: 'bypass' });
    const broken = {
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === 'edit' ? { ...n, params: { prompt: '' } } : n)),
    };
    const checked = preflight(broken, registry);
    expect(isBlocked(checked)).toBe(false);
    expect(checked.jobs.filter((j) => j.action === 'send').map((j) => j.nodeId)).toEqual(['t2i']);
    expect(Object.keys(checked.estimate.perNode)).toEqual(['t2i']);
  });

  it('run to a muted node runs nothing and says why; run to a bypassed node runs what feeds it', () => {
    const muted = preflight(withModes(chain(), { edit: 'mute' }), registry, ['out']);
    expect(muted.plan.order).toEqual([]);
    expect(muted.skipped.map((s) => s.nodeId)).toEqual(['edit', 'out']);
    const bypassed = preflight(withModes(chain(), { edit: 'bypass' }), registry, ['edit']);
    expect(bypassed.plan.order).toEqual(['p', 't2i', 'ref']);
    expect(bypassed.skipped).toEqual([]);
  });

  it('an unknown target is still refused by name', () => {
    const checked = preflight(withModes(chain(), { edit: 'bypass' }), registry, ['nope']);
    expect(checked.planError?.kind).toBe('unknown-target');
  });
});

describe('reroutes in wiring validation', () => {
  it('a reroute carries the type of what feeds it: text through a reroute into an image list is refused', () => {
    const g = testGraph();
    const r = g.node(REROUTE_NODE, {}, { id: 'r' });
    g.connect(g.prompt('x', { id: 'p' }), 'text', r, 'in');
    g.connect(r, 'out', g.preview({}, { id: 'out' }), 'images');
    const issues = validateGraph(g.doc(), registry).filter((i) => i.code === 'incompatible-ports');
    expect(issues.map((i) => i.message)).toEqual([
      'Images takes image[], but Reroute → Out gives text',
    ]);
  });

  it('an image through a reroute into an image list is fine', () => {
    const g = testGraph();
    const r = g.node(REROUTE_NODE, {}, { id: 'r' });
    g.connect(g.loadImage('https://example.com/a.png'), 'image', r, 'in');
    g.connect(r, 'out', g.preview({}, { id: 'out' }), 'images');
    expect(validateGraph(g.doc(), registry).filter((i) => i.severity === 'error')).toEqual([]);
  });
});
