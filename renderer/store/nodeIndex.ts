import type { GraphNode } from '../../shared/graph/document';

const nodeIndexes = new WeakMap<readonly GraphNode[], ReadonlyMap<string, GraphNode>>();

/**
 * Nodes by id through where each id sits in the array. A drag frame makes a new nodes
 * array with the same ids in the same places (a few moved nodes are new objects): its
 * index shares the last one's places instead of building a map of every node again.
 */
class NodesById implements ReadonlyMap<string, GraphNode> {
  constructor(
    private readonly nodes: readonly GraphNode[],
    readonly places: ReadonlyMap<string, number>,
  ) {}
  get size(): number {
    return this.nodes.length;
  }
  get(id: string): GraphNode | undefined {
    const i = this.places.get(id);
    return i === undefined ? undefined : this.nodes[i];
  }
  has(id: string): boolean {
    return this.places.has(id);
  }
  *entries(): MapIterator<[string, GraphNode]> {
    for (const n of this.nodes) yield [n.id, n];
  }
  *keys(): MapIterator<string> {
    for (const n of this.nodes) yield n.id;
  }
  *values(): MapIterator<GraphNode> {
    yield* this.nodes;
  }
  [Symbol.iterator](): MapIterator<[string, GraphNode]> {
    return this.entries();
  }
  forEach(fn: (node: GraphNode, id: string, map: ReadonlyMap<string, GraphNode>) => void): void {
    for (const n of this.nodes) fn(n, n.id, this);
  }
}

let lastIndexed: { nodes: readonly GraphNode[]; index: NodesById } | null = null;

const sameIdsInPlace = (a: readonly GraphNode[], b: readonly GraphNode[]): boolean =>
  a.length === b.length && a.every((n, i) => n === b[i] || n.id === b[i]!.id);

/** Nodes by id, built once per nodes array (every node view looks itself up here). */
export function nodeIndex(nodes: readonly GraphNode[]): ReadonlyMap<string, GraphNode> {
  let index = nodeIndexes.get(nodes);
  if (!index) {
    // Duplicate ids (never made by the store) keep the last, as a Map built from the array would.
    const places =
      lastIndexed && sameIdsInPlace(lastIndexed.nodes, nodes)
        ? lastIndexed.index.places
        : new Map(nodes.map((n, i) => [n.id, i]));
    const made = new NodesById(nodes, places);
    lastIndexed = { nodes, index: made };
    index = made;
    nodeIndexes.set(nodes, index);
  }
  return index;
}
