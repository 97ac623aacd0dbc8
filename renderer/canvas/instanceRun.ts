import type { NodeState } from '../../shared/run/events';
import { FLAT_ID_SEPARATOR } from '../../shared/plan/flattenComponents';
import type { NodeRunView } from '../store/runTypes';

/** Which inner state an instance shows: a problem first, then work going on, then done. */
const RANK: Record<NodeState, number> = {
  failed: 0,
  held: 1,
  cancelled: 2,
  skipped: 3,
  submitting: 4,
  in_queue: 5,
  running: 6,
  downloading: 7,
  queued: 8,
  cached: 10,
  done: 9,
};

/**
 * A component instance's run state, summed up from the nodes inside it (they run as
 * `<instance>/<inner>`): the most pressing state, its message, and the cost the
 * inner jobs reported. A string, so a store selector can return it unchanged.
 */
export function instanceRunKey(
  nodes: Readonly<Record<string, NodeRunView>>,
  runId: string,
): string {
  const prefix = `${runId}${FLAT_ID_SEPARATOR}`;
  let best: NodeRunView | undefined;
  let cost = 0;
  let costs = false;
  for (const [id, view] of Object.entries(nodes)) {
    if (!id.startsWith(prefix) || view.past) continue;
    if (!best || RANK[view.state] < RANK[best.state]) best = view;
    if (view.costUsd !== undefined) {
      cost += view.costUsd;
      costs = true;
    }
  }
  if (!best) return '';
  return JSON.stringify([best.state, best.since, best.message ?? null, costs ? cost : null]);
}

export function instanceRunView(key: string): NodeRunView | undefined {
  if (!key) return undefined;
  const [state, since, message, cost] = JSON.parse(key) as [
    NodeState,
    number,
    string | null,
    number | null,
  ];
  return {
    state,
    since,
    ...(message !== null ? { message } : {}),
    ...(cost !== null ? { costUsd: cost } : {}),
  };
}
