import type { GraphNode, ParamValue } from '../../graph/document';
import type { NodeId } from '../../graph/ids';
import { PROMPT_NODE } from '../../nodes/builtins';
import type { NodeRegistry } from '../../nodes/registry';
import type { Result } from '../../result';
import { err, ok } from '../../result';
import { alternativeGroups, parseAlternatives } from './alternatives';

/** One thing a run multiplies by: a group of prompt alternatives, or a swept param. */
export type AxisMember =
  | { kind: 'alternative'; nodeId: NodeId; group: number; choices: string[] }
  | { kind: 'sweep'; nodeId: NodeId; param: string; values: ParamValue[] };

/**
 * A dimension of the run's combinations. In 'product' mode each member is its own
 * axis; in 'zip' mode all members share one axis and move together.
 */
export interface Axis {
  size: number;
  members: AxisMember[];
}

export type CombineMode = 'product' | 'zip';

/** The members the planned nodes declare, in plan order (prompt groups, then a sweep). */
export function axisMembers(
  order: readonly NodeId[],
  nodes: ReadonlyMap<string, GraphNode>,
  registry: NodeRegistry,
): Result<AxisMember[], { message: string; nodeIds: NodeId[] }> {
  const members: AxisMember[] = [];
  for (const id of order) {
    const node = nodes.get(id)!;
    if (node.pinned && registry.get(node.type)?.model) continue;
    if (node.type === PROMPT_NODE) {
      const groups = alternativeGroups(parseAlternatives(String(node.params['text'] ?? '')));
      groups.forEach((choices, group) =>
        members.push({ kind: 'alternative', nodeId: id, group, choices }),
      );
    }
    if (node.sweep) {
      const spec = registry.get(node.type);
      if (spec && !spec.widgets.some((w) => w.key === node.sweep!.param)) {
        return err({
          message: `the sweep of "${id}" names "${node.sweep.param}", which is not one of its params`,
          nodeIds: [id],
        });
      }
      members.push({ kind: 'sweep', nodeId: id, ...node.sweep });
    }
  }
  return ok(members);
}

const memberSize = (m: AxisMember): number =>
  m.kind === 'alternative' ? m.choices.length : m.values.length;

/** The axes of a run; zip refuses members of different lengths, naming them. */
export function buildAxes(
  members: readonly AxisMember[],
  mode: CombineMode,
  describe: (m: AxisMember) => string,
): Result<Axis[], { message: string; nodeIds: NodeId[] }> {
  if (mode === 'product' || members.length <= 1)
    return ok(members.map((m) => ({ size: memberSize(m), members: [m] })));
  const size = memberSize(members[0]!);
  if (members.some((m) => memberSize(m) !== size)) {
    return err({
      message: `zip pairs the n-th of each, so each needs as many: ${members.map((m) => `${describe(m)} has ${memberSize(m)}`).join(', ')}`,
      nodeIds: [...new Set(members.map((m) => m.nodeId))],
    });
  }
  return ok([{ size, members: [...members] }]);
}

/** Whether an axis holds something the node itself declares. */
export const ownsAxis = (axis: Axis, nodeId: NodeId): boolean =>
  axis.members.some((m) => m.nodeId === nodeId);

/** Every assignment of indices to the axes, first axis slowest (so results sort by it). */
export function* assignments(sizes: readonly number[]): Generator<number[]> {
  const current = sizes.map(() => 0);
  if (sizes.some((s) => s === 0)) return;
  for (;;) {
    yield [...current];
    let k = sizes.length - 1;
    while (k >= 0 && current[k] === sizes[k]! - 1) current[k--] = 0;
    if (k < 0) return;
    current[k]! += 1;
  }
}
