import { describe, expect, it } from 'vitest';
import { makeComponent } from '../graph/componentEdit';
import { componentNodeType } from '../graph/components';
import type { GraphDocument } from '../graph/document';
import { nodeId } from '../graph/ids';
import { registryFor } from '../nodes/componentSpecs';
import { MODELS, testGraph } from '../testing/testGraph';
import { catalog, useCatalog, validate } from '../validation/validationTestKit';
import { MAX_COMPONENT_DEPTH, canvasNodeOf, flattenComponents } from './flattenComponents';
import { preflight } from './preflight';

useCatalog();

function chain() {
  const g = testGraph();
  const p = g.prompt('a red door');
  const ref = g.loadImage('https://example.com/ref.png');
  const t2i = g.model(MODELS.proTextToImage);
  const edit = g.model(MODELS.proEdit, { prompt: 'paint it blue' });
  const out = g.preview();
  g.connect(p, 'text', t2i, 'prompt');
  g.connect(t2i, 'image', edit, 'image_urls');
  g.connect(ref, 'image', edit, 'image_urls');
  g.connect(edit, 'images', out, 'images');
  return { doc: g.doc(), p, ref, t2i, edit, out };
}

const make = (doc: GraphDocument, ids: string[], componentId = 'c', instance = 'i1') =>
  makeComponent(doc, ids, {
    componentId,
    instanceId: nodeId(instance),
    name: `Comp ${componentId}`,
    registry: registryFor(catalog.registry, doc),
  })!.doc;

/** The requests a graph would send, by model endpoint, with ids left out. */
const requests = (doc: GraphDocument) =>
  preflight(doc, catalog.registry).jobs.map((j) =>
    j.action === 'send'
      ? {
          ...j.request,
          images: Object.values(j.request.images)
            .flat()
            .map((i) => ('url' in i ? i.url : i.from)),
        }
      : j.action,
  );

describe('flattenComponents', () => {
  it('gives back the same nodes and wires, with ids <instance>/<inner> and titles naming the component', () => {
    const c = chain();
    const doc = make(c.doc, [c.t2i, c.edit]);
    const flat = flattenComponents(doc, catalog.registry);
    expect(flat.problems).toEqual([]);
    expect(flat.graph.components).toBeUndefined();
    expect(flat.graph.nodes.map((n) => n.id).sort()).toEqual(
      [c.p, c.ref, c.out, `i1/${c.t2i}`, `i1/${c.edit}`].sort(),
    );
    expect(flat.graph.nodes.find((n) => n.id === `i1/${c.edit}`)?.title).toBe(
      'Comp c › Nano Banana Pro Edit (RunComfy)',
    );
    const wires = flat.graph.edges.map(
      (e) => `${e.source}.${e.sourceHandle}>${e.target}.${e.targetHandle}`,
    );
    expect(wires.sort()).toEqual(
      [
        `${c.p}.text>i1/${c.t2i}.prompt`,
        `i1/${c.t2i}.image>i1/${c.edit}.image_urls`,
        `${c.ref}.image>i1/${c.edit}.image_urls`,
        `i1/${c.edit}.images>${c.out}.images`,
      ].sort(),
    );
    // The list input keeps its order across the border: the inside image first.
    const into = flat.graph.edges.filter((e) => e.target === `i1/${c.edit}`).map((e) => e.source);
    expect(into).toEqual([`i1/${c.t2i}`, c.ref]);
    expect(requests(doc)).toEqual(requests(c.doc));
  });

  it('flattens nested components recursively, with the chain of names', () => {
    const c = chain();
    const inner = make(c.doc, [c.t2i, c.edit], 'inner', 'k');
    const outer = make(inner, ['k', c.p], 'outer', 'o');
    const flat = flattenComponents(outer, catalog.registry);
    expect(flat.problems).toEqual([]);
    expect(flat.graph.nodes.map((n) => n.id)).toContain(`o/k/${c.edit}`);
    expect(flat.graph.nodes.find((n) => n.id === `o/k/${c.edit}`)?.title).toBe(
      'Comp outer › Comp inner › Nano Banana Pro Edit (RunComfy)',
    );
    expect(flat.origins.get(`o/k/${c.edit}`)?.instanceId).toBe('o');
    expect(requests(outer)).toEqual(requests(c.doc));
    expect(canvasNodeOf(outer, `o/k/${c.edit}`)).toBe('o');
  });

  it(`refuses a component that holds itself (more than ${MAX_COMPONENT_DEPTH} deep), on the instance`, () => {
    const c = chain();
    const doc = make(c.doc, [c.t2i, c.edit], 'loop', 'i1');
    const def = doc.components!['loop']!;
    const selfish: GraphDocument = {
      ...doc,
      components: {
        loop: {
          ...def,
          nodes: [
            ...def.nodes,
            {
              id: nodeId('again'),
              type: componentNodeType('loop'),
              params: {},
              position: { x: 0, y: 0 },
            },
          ],
        },
      },
    };
    const flat = flattenComponents(selfish, catalog.registry);
    expect(flat.problems).toEqual([
      {
        nodeId: 'i1',
        message: expect.stringMatching(/hold themselves \("Comp loop › Comp loop"\)/),
      },
    ]);
    const checked = preflight(selfish, catalog.registry);
    expect(checked.issues.some((i) => i.code === 'component' && i.nodeId === 'i1')).toBe(true);
  });

  it('validation shows a problem inside a component on its instance, naming the component and the node', () => {
    const c = chain();
    const g = {
      ...c.doc,
      nodes: c.doc.nodes.map((n) => (n.id === c.edit ? { ...n, params: { prompt: '' } } : n)),
    };
    const doc = make(g, [c.t2i, c.edit]);
    const issues = validate(doc).filter((i) => i.severity === 'error');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ nodeId: 'i1' });
    expect(issues[0]!.message).toMatch(/^Comp c › Nano Banana Pro Edit \(RunComfy\): /);
  });

  it('an instance of a component the file does not define is named as such', () => {
    const g = testGraph();
    g.node('component:gone');
    expect(validate(g)[0]?.message).toBe('the component "gone" is not defined in this workflow');
  });

  it('running one instance (a target) runs the nodes inside it and what they need', () => {
    const c = chain();
    const doc = make(c.doc, [c.t2i, c.edit]);
    const checked = preflight(doc, catalog.registry, ['i1']);
    expect(checked.plan.order).toEqual([c.p, c.ref, `i1/${c.t2i}`, `i1/${c.edit}`]);
    expect(checked.plan.order).not.toContain(c.out);
  });

  it('a muted instance mutes what is inside it and everything after it; a bypassed one hands its input on', () => {
    const c = chain();
    const doc = make(c.doc, [c.edit]);
    const withMode = (mode: 'mute' | 'bypass'): GraphDocument => ({
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === 'i1' ? { ...n, mode } : n)),
    });
    const muted = preflight(withMode('mute'), catalog.registry);
    expect(muted.jobs.filter((j) => j.action === 'send').map((j) => j.nodeId)).toEqual([c.t2i]);
    expect(muted.skipped.map((s) => s.nodeId).sort()).toEqual([`i1/${c.edit}`, c.out].sort());
    const bypassed = preflight(withMode('bypass'), catalog.registry);
    expect(bypassed.jobs.filter((j) => j.action === 'send').map((j) => j.nodeId)).toEqual([c.t2i]);
    expect(bypassed.skipped).toEqual([]);
  });
});
