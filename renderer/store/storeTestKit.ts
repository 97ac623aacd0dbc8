/// <reference types="vite/client" />
import { parseCatalog } from '../../shared/catalog/catalog';
import type { GraphEdge } from '../../shared/graph/document';
import { edgeId, nodeId } from '../../shared/graph/ids';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import type { TestGraph } from '../../shared/testing/testGraph';
import { createGraphStore } from './graphStore';
import type { GraphStore } from './graphStore';
import { sequentialIds } from './ids';
import { createNodeRegistry } from '../../shared/nodes/registry';
import type { NodeRegistry } from '../../shared/nodes/registry';

/**
 * Tests only: a graph store over the real catalog with a hand-driven clock and
 * counter ids, started from a small graph:
 *
 * prompt n1 -> edit n4.prompt; load-image n2, n3 -> edit n4.image_urls (in that
 * order); edit n4.images -> preview n5.images.
 */

/**
 * The registry of the real catalog in the source tree, read through Vite's
 * import.meta.glob: renderer code (its tests included, by the lint rule) may not
 * import Node's fs or the electron/ catalog loader.
 */
export function testRegistry(): NodeRegistry {
  const files = import.meta.glob<unknown>('../../shared/catalog/models/**/*.json', {
    eager: true,
    import: 'default',
  });
  const sources = Object.entries(files).map(([origin, json]) => ({ origin, json }));
  const { models, errors } = parseCatalog(sources);
  if (errors.length > 0) throw new Error(`catalog: ${errors.join('; ')}`);
  return createNodeRegistry(models);
}

export const registry = testRegistry();

export interface Harness {
  store: GraphStore;
  /** Moves the injected clock on. */
  advance(ms: number): void;
  /** The current state (shorthand for store.getState()). */
  readonly s: ReturnType<GraphStore['getState']>;
}

export function harness(build: (g: TestGraph) => void = sampleGraph): Harness {
  const g = testGraph();
  build(g);
  let t = 1_000_000;
  const store = createGraphStore({
    registry,
    initial: g.doc(),
    now: () => t,
    ids: sequentialIds(),
  });
  return {
    store,
    advance: (ms) => void (t += ms),
    get s() {
      return store.getState();
    },
  };
}

export function sampleGraph(g: TestGraph): void {
  const p = g.prompt('a cat');
  const a = g.loadImage('a.png');
  const b = g.loadImage('b.png');
  const edit = g.model(MODELS.proEdit);
  const preview = g.preview();
  g.connect(p, 'text', edit, 'prompt');
  g.connect(a, 'image', edit, 'image_urls');
  g.connect(b, 'image', edit, 'image_urls');
  g.connect(edit, 'images', preview, 'images');
}

export const edge = (
  id: string,
  source: string,
  sourceHandle: string,
  target: string,
  targetHandle: string,
): GraphEdge => ({
  id: edgeId(id),
  source: nodeId(source),
  sourceHandle,
  target: nodeId(target),
  targetHandle,
});

/** Edges as `source.handle->target.handle` strings, in document order. */
export const wires = (edges: readonly GraphEdge[]): string[] =>
  edges.map((e) => `${e.source}.${e.sourceHandle}->${e.target}.${e.targetHandle}`);
