import type { GraphDocument } from '../graph/document';
import type { NodeId } from '../graph/ids';
import type { Result } from '../result';
import { err, ok } from '../result';
import { dependencyMap, findCycles } from './cycles';

export interface ExecutionPlan {
  /** Every node to run, dependencies before dependents (document order among peers). */
  order: NodeId[];
  /** For each planned node, the planned nodes it waits for (an object without prototype). */
  dependencies: Record<NodeId, NodeId[]>;
  /** Nodes grouped by depth: everything in one level can run at the same time. */
  levels: NodeId[][];
}

export type PlanError =
  | { kind: 'cycle'; cycles: NodeId[][]; message: string }
  | { kind: 'unknown-target'; nodeIds: string[]; message: string }
  /** The run's variants and combinations cannot be expanded (over the cap, an uneven zip). */
  | { kind: 'expansion'; nodeIds: NodeId[]; message: string };

/**
 * The dependency structure of the whole graph, or of the chosen target nodes and
 * their ancestors ("run to this node"), in topological order.
 */
export function planExecution(
  doc: GraphDocument,
  targets?: readonly string[],
): Result<ExecutionPlan, PlanError> {
  const deps = dependencyMap(doc);
  let wanted: Set<NodeId>;
  if (targets && targets.length > 0) {
    const unknown = targets.filter((t) => !deps.has(t as NodeId));
    if (unknown.length > 0) {
      return err({
        kind: 'unknown-target',
        nodeIds: unknown,
        message: `no node with id ${unknown.map((u) => `"${u}"`).join(', ')}`,
      });
    }
    wanted = new Set();
    const pending = [...targets] as NodeId[];
    while (pending.length > 0) {
      const id = pending.pop()!;
      if (wanted.has(id)) continue;
      wanted.add(id);
      pending.push(...deps.get(id)!);
    }
  } else {
    wanted = new Set(deps.keys());
  }

  const cycles = findCycles(doc).filter((c) => c.some((id) => wanted.has(id)));
  if (cycles.length > 0) {
    const names = cycles.map((c) => [...c, c[0]].join(' → ')).join('; ');
    return err({ kind: 'cycle', cycles, message: `the graph has a cycle: ${names}` });
  }

  // Depth-first post-order over document order gives a stable topological order.
  const order: NodeId[] = [];
  const depth = new Map<NodeId, number>();
  for (const node of doc.nodes) {
    if (!wanted.has(node.id) || depth.has(node.id)) continue;
    const work: Array<{ id: NodeId; next: number }> = [{ id: node.id, next: 0 }];
    const entered = new Set<NodeId>([node.id]);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const children = deps.get(frame.id)!;
      if (frame.next < children.length) {
        const child = children[frame.next++]!;
        if (!depth.has(child) && !entered.has(child)) {
          entered.add(child);
          work.push({ id: child, next: 0 });
        }
        continue;
      }
      work.pop();
      depth.set(frame.id, 1 + children.reduce((m, c) => Math.max(m, depth.get(c)!), -1));
      order.push(frame.id);
    }
  }

  // No prototype: whatever a node is called, it is only a key here.
  const dependencies = Object.create(null) as Record<NodeId, NodeId[]>;
  const levels: NodeId[][] = [];
  for (const id of order) {
    dependencies[id] = [...deps.get(id)!];
    const d = depth.get(id)!;
    (levels[d] ??= []).push(id);
  }
  return ok({ order, dependencies, levels });
}
