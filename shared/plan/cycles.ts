import type { GraphDocument } from '../graph/document';
import type { NodeId } from '../graph/ids';

/** node -> the nodes it depends on (edge sources), for nodes that exist. */
export function dependencyMap(doc: GraphDocument): Map<NodeId, NodeId[]> {
  const deps = new Map<NodeId, NodeId[]>();
  for (const n of doc.nodes) deps.set(n.id, []);
  for (const e of doc.edges) {
    const list = deps.get(e.target);
    if (!list || !deps.has(e.source)) continue;
    if (!list.includes(e.source)) list.push(e.source);
  }
  return deps;
}

/**
 * A component as popped off Tarjan's stack (last discovered first, its root last) in
 * the direction the data flows: the search follows dependencies, i.e. runs against
 * the edges, so the root comes first and the others in pop order. For a simple cycle
 * that is the path along the edges; it is then rotated to start at the member that
 * comes first in the document, so the same cycle is always named the same way.
 */
function alongEdges(popped: NodeId[], order: Map<NodeId, number>): NodeId[] {
  const path = [popped[popped.length - 1]!, ...popped.slice(0, -1)];
  let first = 0;
  path.forEach((id, i) => {
    if (order.get(id)! < order.get(path[first]!)!) first = i;
  });
  return [...path.slice(first), ...path.slice(0, first)];
}

/**
 * Every cycle in the graph: the nodes of each strongly connected component, in the
 * direction of the edges, starting with the one first in the document (Tarjan's
 * algorithm, iterative so deep graphs do not overflow the stack).
 */
export function findCycles(doc: GraphDocument): NodeId[][] {
  const deps = dependencyMap(doc);
  const order = new Map<NodeId, number>([...deps.keys()].map((id, i) => [id, i]));
  const index = new Map<NodeId, number>();
  const low = new Map<NodeId, number>();
  const onStack = new Set<NodeId>();
  const stack: NodeId[] = [];
  const cycles: NodeId[][] = [];
  let counter = 0;

  for (const root of deps.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: NodeId; next: number }> = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const children = deps.get(frame.node)!;
      if (frame.next < children.length) {
        const child = children[frame.next++]!;
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, next: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: NodeId[] = [];
        let member: NodeId;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && deps.get(frame.node)!.includes(frame.node);
        if (component.length > 1 || selfLoop) cycles.push(alongEdges(component, order));
      }
    }
  }
  return cycles;
}
