import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../graph/document';
import { edgeId, nodeId } from '../graph/ids';
import { MODELS, testGraph } from '../testing/testGraph';
import type { TestGraph } from '../testing/testGraph';
import { findCycles } from './cycles';
import { planExecution } from './planExecution';
import type { ExecutionPlan, PlanError } from './planExecution';

function plan(doc: GraphDocument | TestGraph, targets?: string[]): ExecutionPlan {
  const result = planExecution('doc' in doc ? doc.doc() : doc, targets);
  if (!result.ok) throw new Error(`expected a plan, got: ${result.error.message}`);
  return result.value;
}

function planError(doc: GraphDocument | TestGraph, targets?: string[]): PlanError {
  const result = planExecution('doc' in doc ? doc.doc() : doc, targets);
  if (result.ok)
    throw new Error(`expected an error, got the plan ${result.value.order.join(', ')}`);
  return result.error;
}

/** Every edge between planned nodes goes from an earlier node to a later one. */
function expectTopological(doc: GraphDocument, order: readonly string[]): void {
  const at = new Map(order.map((id, i) => [id, i]));
  for (const e of doc.edges) {
    if (at.has(e.source) && at.has(e.target)) {
      expect(at.get(e.source)!, `${e.source} before ${e.target}`).toBeLessThan(at.get(e.target)!);
    }
  }
}

const edit = (g: TestGraph, id: string) => g.model(MODELS.proEdit, {}, { id });
const link = (g: TestGraph, from: string, to: string) =>
  g.connect(from, 'images', to, 'image_urls');

/**
 * p1 -> t2i -> edit -> preview, with a Load Image into the edit and a second,
 * independent branch p2 -> t2i2 -> preview2 declared in between.
 */
function twoBranches(): TestGraph {
  const g = testGraph();
  g.prompt('a cat', { id: 'p1' });
  g.model(MODELS.proTextToImage, {}, { id: 't2i' });
  g.loadImage('hat.png', { id: 'hat' });
  g.prompt('a dog', { id: 'p2' });
  g.model(MODELS.proTextToImage, {}, { id: 't2i2' });
  edit(g, 'edit');
  g.preview({}, { id: 'preview' });
  g.preview({}, { id: 'preview2' });
  g.connect('p1', 'text', 't2i', 'prompt');
  g.connect('t2i', 'images', 'edit', 'image_urls');
  g.connect('hat', 'image', 'edit', 'image_urls');
  g.connect('edit', 'images', 'preview', 'images');
  g.connect('p2', 'text', 't2i2', 'prompt');
  g.connect('t2i2', 'images', 'preview2', 'images');
  return g;
}

describe('whole graph', () => {
  it('orders every node, dependencies first', () => {
    const doc = twoBranches().doc();
    const { order, dependencies } = plan(doc);
    expect([...order].sort()).toEqual(doc.nodes.map((n) => n.id).sort());
    expectTopological(doc, order);
    expect(dependencies).toEqual({
      p1: [],
      t2i: ['p1'],
      hat: [],
      p2: [],
      t2i2: ['p2'],
      edit: ['t2i', 'hat'],
      preview: ['edit'],
      preview2: ['t2i2'],
    });
  });

  it('keeps document order among independent nodes', () => {
    const g = testGraph();
    for (const id of ['c', 'a', 'd', 'b']) g.prompt(id, { id });
    expect(plan(g).order).toEqual(['c', 'a', 'd', 'b']);
    expect(plan(g).levels).toEqual([['c', 'a', 'd', 'b']]);
  });

  it('is stable: the same document always gives the same plan', () => {
    const doc = twoBranches().doc();
    const first = plan(doc);
    expect(first.order).toEqual(['p1', 't2i', 'hat', 'p2', 't2i2', 'edit', 'preview', 'preview2']);
    for (let i = 0; i < 3; i++) expect(plan(structuredClone(doc))).toEqual(first);
  });

  it('places a dependency declared after its dependent before it', () => {
    const g = testGraph();
    g.preview({}, { id: 'out' });
    g.model(MODELS.proTextToImage, {}, { id: 'model' });
    g.prompt('a cat', { id: 'prompt' });
    g.connect('prompt', 'text', 'model', 'prompt');
    g.connect('model', 'images', 'out', 'images');
    expect(plan(g).order).toEqual(['prompt', 'model', 'out']);
  });

  it('plans an empty graph as nothing to do', () => {
    expect(plan(testGraph())).toEqual({ order: [], dependencies: {}, levels: [] });
  });

  it('ignores edges to nodes that do not exist', () => {
    const g = testGraph();
    const p = g.prompt('a cat', { id: 'p' });
    g.connect('ghost', 'images', p, 'text');
    g.connect(p, 'text', 'ghost', 'prompt');
    expect(plan(g)).toEqual({ order: ['p'], dependencies: { p: [] }, levels: [['p']] });
  });
});

describe('levels', () => {
  it('groups the models one prompt fans out to in one level', () => {
    const g = testGraph();
    const p = g.prompt('a cat', { id: 'p' });
    for (const id of ['m1', 'm2', 'm3']) {
      g.connect(p, 'text', g.model(MODELS.proTextToImage, {}, { id }), 'prompt');
    }
    expect(plan(g).levels).toEqual([['p'], ['m1', 'm2', 'm3']]);
  });

  it('puts a node one level below its deepest dependency', () => {
    const { levels } = plan(twoBranches());
    expect(levels).toEqual([
      ['p1', 'hat', 'p2'],
      ['t2i', 't2i2'],
      ['edit', 'preview2'],
      ['preview'],
    ]);
  });

  it('every level only waits for earlier levels', () => {
    const result = plan(twoBranches());
    const levelOf = new Map<string, number>(
      result.levels.flatMap((level, i) => level.map((id) => [id, i] as const)),
    );
    for (const [id, deps] of Object.entries(result.dependencies)) {
      for (const dep of deps) expect(levelOf.get(dep)!).toBeLessThan(levelOf.get(id)!);
    }
    expect(result.levels.flat().sort()).toEqual([...result.order].sort());
  });
});

describe('targets ("run to this node")', () => {
  it('plans only the chosen node and its ancestors', () => {
    const result = plan(twoBranches(), ['edit']);
    expect(result.order).toEqual(['p1', 't2i', 'hat', 'edit']);
    expect(result.levels).toEqual([['p1', 'hat'], ['t2i'], ['edit']]);
    expect(Object.keys(result.dependencies).sort()).toEqual(['edit', 'hat', 'p1', 't2i']);
  });

  it('leaves out siblings and descendants', () => {
    const g = testGraph();
    const p = g.prompt('a cat', { id: 'p' });
    const a = g.model(MODELS.proTextToImage, {}, { id: 'a' });
    const b = g.model(MODELS.proTextToImage, {}, { id: 'b' });
    g.connect(p, 'text', a, 'prompt');
    g.connect(p, 'text', b, 'prompt');
    g.connect(a, 'images', g.preview({}, { id: 'out' }), 'images');
    expect(plan(g, ['a']).order).toEqual(['p', 'a']);
  });

  it('a root target plans just itself', () => {
    expect(plan(twoBranches(), ['p2']).order).toEqual(['p2']);
  });

  it('several targets plan the union of their ancestries, once each', () => {
    const result = plan(twoBranches(), ['preview2', 'edit', 'edit']);
    expect(result.order).toEqual(['p1', 't2i', 'hat', 'p2', 't2i2', 'edit', 'preview2']);
  });

  it('no targets, or an empty list, plan the whole graph', () => {
    const g = twoBranches();
    expect(plan(g, []).order).toEqual(plan(g).order);
    expect(plan(g, []).order).toHaveLength(8);
  });

  it('an unknown target is an error naming it', () => {
    const error = planError(twoBranches(), ['edit', 'nope', 'gone']);
    expect(error).toEqual({
      kind: 'unknown-target',
      nodeIds: ['nope', 'gone'],
      message: 'no node with id "nope", "gone"',
    });
  });
});

describe('cycles', () => {
  it('a cycle is an error naming its nodes along the edges', () => {
    const g = testGraph();
    g.prompt('a cat', { id: 'p' });
    for (const id of ['a', 'b', 'c']) edit(g, id);
    g.connect('p', 'text', 'a', 'prompt');
    link(g, 'a', 'b');
    link(g, 'b', 'c');
    link(g, 'c', 'a');
    expect(planError(g)).toEqual({
      kind: 'cycle',
      cycles: [['a', 'b', 'c']],
      message: 'the graph has a cycle: a → b → c → a',
    });
  });

  it('a self-loop is a cycle', () => {
    const g = testGraph();
    link(g, edit(g, 'a'), 'a');
    expect(planError(g)).toMatchObject({ kind: 'cycle', cycles: [['a']] });
  });

  it('names every cycle', () => {
    const g = testGraph();
    for (const id of ['a', 'b', 'c', 'd']) edit(g, id);
    link(g, 'a', 'b');
    link(g, 'b', 'a');
    link(g, 'c', 'd');
    link(g, 'd', 'c');
    expect(planError(g)).toEqual({
      kind: 'cycle',
      cycles: [
        ['a', 'b'],
        ['c', 'd'],
      ],
      message: 'the graph has a cycle: a → b → a; c → d → c',
    });
  });

  it('a target downstream of a cycle is blocked by it', () => {
    const g = testGraph();
    for (const id of ['a', 'b', 'c']) edit(g, id);
    link(g, 'a', 'b');
    link(g, 'b', 'a');
    link(g, 'b', 'c');
    expect(planError(g, ['c'])).toMatchObject({ kind: 'cycle', cycles: [['a', 'b']] });
  });

  it("a cycle outside the targets' ancestry does not block a partial plan", () => {
    const g = twoBranches();
    for (const id of ['x', 'y']) edit(g, id);
    link(g, 'x', 'y');
    link(g, 'y', 'x');
    link(g, 'edit', 'x'); // downstream of the target: not an ancestor
    expect(planError(g).kind).toBe('cycle');
    expect(plan(g, ['edit']).order).toEqual(['p1', 't2i', 'hat', 'edit']);
    expect(plan(g, ['preview2']).order).toEqual(['p2', 't2i2', 'preview2']);
  });
});

describe('shapes', () => {
  it('lists diamond dependencies once', () => {
    const g = testGraph();
    const p = g.prompt('a cat', { id: 'p' });
    const a = g.model(MODELS.proTextToImage, {}, { id: 'a' });
    const b = g.model(MODELS.proTextToImage, {}, { id: 'b' });
    const join = edit(g, 'join');
    g.connect(p, 'text', a, 'prompt');
    g.connect(p, 'text', b, 'prompt');
    link(g, a, join);
    link(g, b, join);
    g.connect(p, 'text', join, 'prompt');
    const result = plan(g);
    expect(result.order).toEqual(['p', 'a', 'b', 'join']);
    expect(result.levels).toEqual([['p'], ['a', 'b'], ['join']]);
    expect(result.dependencies[nodeId('join')]).toEqual(['a', 'b', 'p']);
  });

  it('lists a dependency once when several edges join the same two nodes', () => {
    const g = testGraph();
    const t2i = g.model(MODELS.proTextToImage, {}, { id: 't2i' });
    const e = edit(g, 'e');
    link(g, t2i, e);
    g.connect(t2i, 'image', e, 'image_urls');
    link(g, t2i, e);
    const result = plan(g);
    expect(result.order).toEqual(['t2i', 'e']);
    expect(result.dependencies[nodeId('e')]).toEqual(['t2i']);
  });

  describe('a chain of 20,000 nodes', () => {
    const N = 20_000;
    const chain = (sinkFirst: boolean): { doc: GraphDocument; ids: string[] } => {
      const g = testGraph();
      const ids = Array.from({ length: N }, (_, i) => `c${i}`);
      for (const id of sinkFirst ? [...ids].reverse() : ids) edit(g, id);
      for (let i = 1; i < N; i++) link(g, ids[i - 1]!, ids[i]!);
      return { doc: g.doc(), ids };
    };

    it.each([
      ['declared source first', false],
      ['declared sink first (the deepest search)', true],
    ])('plans without overflowing the stack, %s', (_, sinkFirst) => {
      const { doc, ids } = chain(sinkFirst);
      const result = plan(doc);
      expect(result.order).toEqual(ids);
      expect(result.levels).toHaveLength(N);
      expect(findCycles(doc)).toEqual([]);
      expect(plan(doc, [ids[N - 1]!]).order).toHaveLength(N);
      expect(plan(doc, [ids[10]!]).order).toEqual(ids.slice(0, 11));
    });

    it('finds a cycle closing the whole chain', () => {
      const { doc, ids } = chain(true);
      doc.edges.push({
        id: edgeId('back'),
        source: nodeId(ids[N - 1]!),
        sourceHandle: 'images',
        target: nodeId(ids[0]!),
        targetHandle: 'image_urls',
      });
      const error = planError(doc);
      expect(error.kind).toBe('cycle');
      if (error.kind === 'cycle') expect(error.cycles[0]).toHaveLength(N);
    });
  });
});

describe('ids spelled like object properties', () => {
  // The schema refuses these ids; the plan must not trust that alone (a document
  // built in code never passed the schema).
  const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

  it.each(NAMES)('plans a chain through a node called %s as any other id', (name) => {
    const g = testGraph();
    const p = g.prompt('x', { id: name });
    const t2i = g.model(MODELS.proTextToImage, {}, { id: `${name}-model` });
    g.connect(p, 'text', t2i, 'prompt');
    const doc = g.doc();
    const result = plan(doc);
    expect(result.order).toEqual([name, `${name}-model`]);
    expect(Object.keys(result.dependencies)).toEqual([name, `${name}-model`]);
    expect(result.dependencies[nodeId(name)]).toEqual([]);
    expect(result.dependencies[nodeId(`${name}-model`)]).toEqual([name]);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(result.dependencies))).toEqual({
      [name]: [],
      [`${name}-model`]: [name],
    });
  });

  it('fuzz: any mix of such ids plans every node exactly once, dependencies first', () => {
    for (let seed = 0; seed < 50; seed++) {
      const g = testGraph();
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const name = NAMES[(seed * 7 + i * 3) % NAMES.length]!;
        const id = ids.includes(name) ? `${name}${i}` : name;
        ids.push(id);
        g.prompt(`p${i}`, { id });
      }
      const doc = g.doc();
      const result = plan(doc);
      expect([...result.order].sort()).toEqual([...ids].sort());
      for (const id of ids) expect(result.dependencies[nodeId(id)]).toEqual([]);
    }
  });

  it.each(NAMES)(
    '"run to %s" with no such node is an unknown target, not a prototype hit',
    (name) => {
      const g = testGraph();
      g.prompt('x', { id: 'only' });
      expect(planError(g, [name])).toMatchObject({ kind: 'unknown-target', nodeIds: [name] });
    },
  );
});
