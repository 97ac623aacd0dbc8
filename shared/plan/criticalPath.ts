import type { NodeId } from '../graph/ids';
import type { ExecutionPlan } from './planExecution';

/**
 * How much work lies ahead of each planned node: the total weight of the heaviest
 * path from the node (itself included) to the end of the plan. Started in this
 * order (largest first), ready jobs keep the critical path busy: a three-step chain
 * starts before twenty single jobs instead of after them. Computed once per plan.
 */
export function remainingPathLengths(
  plan: ExecutionPlan,
  weight: (id: NodeId) => number,
): Record<NodeId, number> {
  const dependents = new Map<NodeId, NodeId[]>();
  for (const id of plan.order) {
    for (const dep of plan.dependencies[id] ?? []) {
      const list = dependents.get(dep);
      if (list) list.push(id);
      else dependents.set(dep, [id]);
    }
  }
  const lengths = {} as Record<NodeId, number>;
  // Reverse topological order: every dependent is measured before its dependencies.
  for (let i = plan.order.length - 1; i >= 0; i--) {
    const id = plan.order[i]!;
    const after = (dependents.get(id) ?? []).reduce((m, d) => Math.max(m, lengths[d]!), 0);
    lengths[id] = weight(id) + after;
  }
  return lengths;
}
