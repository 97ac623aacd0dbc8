import type { GraphDocument, GraphNode } from '../graph/document';
import type { NodeId } from '../graph/ids';
import type { NodeRegistry } from '../nodes/registry';
import type { Result } from '../result';
import { err, ok } from '../result';
import { planExecution } from './planExecution';
import type { ExecutionPlan, PlanError } from './planExecution';

/** A model node whose output is pinned: the engine reuses it and sends nothing. */
export const isPinned = (node: GraphNode | undefined, registry: NodeRegistry): boolean =>
  Boolean(node?.pinned && registry.get(node.type)?.model);

/**
 * The plan without what only pinned nodes need: a pinned node waits for nothing,
 * and an ancestor that feeds nothing but pinned nodes is not run (nor paid for).
 */
export function withoutPinnedInputs(
  plan: ExecutionPlan,
  doc: GraphDocument,
  registry: NodeRegistry,
  targets: readonly string[] = [],
): ExecutionPlan {
  const nodes = new Map(doc.nodes.map((n) => [n.id as string, n]));
  const pinned = new Set<string>(plan.order.filter((id) => isPinned(nodes.get(id), registry)));
  if (pinned.size === 0) return plan;
  const needed = new Set<string>();
  for (const deps of Object.values(plan.dependencies)) for (const d of deps) needed.add(d);
  const stack: NodeId[] = [
    ...plan.order.filter((id) => !needed.has(id)),
    ...(targets.filter((t) => Object.hasOwn(plan.dependencies, t)) as NodeId[]),
  ];
  const keep = new Set<NodeId>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (keep.has(id)) continue;
    keep.add(id);
    if (!pinned.has(id)) stack.push(...(plan.dependencies[id] ?? []));
  }
  const order = plan.order.filter((id) => keep.has(id));
  const dependencies = Object.create(null) as Record<NodeId, NodeId[]>;
  for (const id of order) dependencies[id] = pinned.has(id) ? [] : plan.dependencies[id]!;
  const levels = plan.levels.map((l) => l.filter((id) => keep.has(id))).filter((l) => l.length);
  return { order, dependencies, levels };
}

/**
 * What a run will actually do: the plan for the targets (or the whole graph)
 * without what only pinned nodes need. The engine, the Run button's estimate and
 * the pre-run check all use this one plan, so they agree on what is sent and paid.
 */
export function planRun(
  doc: GraphDocument,
  registry: NodeRegistry,
  targets?: readonly string[],
): Result<ExecutionPlan, PlanError> {
  const planned = planExecution(doc, targets);
  if (!planned.ok) return err(planned.error);
  return ok(withoutPinnedInputs(planned.value, doc, registry, targets));
}
