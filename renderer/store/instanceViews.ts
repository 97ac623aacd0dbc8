import { baseNodeId } from '../../shared/plan/expand/instances';
import type { InstanceLabel } from '../../shared/plan/expand/instances';
import type { NodeState } from '../../shared/run/events';
import { TERMINAL_STATES } from '../../shared/run/events';
import type { NodeRunView } from './runTypes';

/** Worst first: a node with any of these instances shows it once all have finished. */
const FINISHED_ORDER: readonly NodeState[] = ['held', 'failed', 'cancelled', 'skipped', 'done'];
/** Furthest first: a node with unfinished instances shows the furthest one's state. */
const ACTIVE_ORDER: readonly NodeState[] = [
  'downloading',
  'running',
  'in_queue',
  'submitting',
  'queued',
];

/**
 * What the canvas shows on a workflow node of a run with variants or combinations
 * (the canvas has no instances): every instance's images together, in run order, and
 * a state that is finished only once every instance is (the worst of them then).
 */
export function combinedView(
  base: string,
  runNodeIds: readonly string[],
  labels: Readonly<Record<string, InstanceLabel>>,
  nodes: Readonly<Record<string, NodeRunView>>,
  prev: NodeRunView | undefined,
  now: number,
): NodeRunView {
  const views = runNodeIds
    .filter((id) => id !== base && baseNodeId(id, labels) === base)
    .map((id) => nodes[id] ?? { state: 'queued' as const, since: now });
  const states = new Set(views.map((v) => v.state));
  const unfinished = views.some((v) => !TERMINAL_STATES.has(v.state));
  const state =
    (unfinished
      ? ACTIVE_ORDER.find((s) => states.has(s))
      : FINISHED_ORDER.find((s) => states.has(s))) ?? (unfinished ? 'queued' : 'cached');
  const view: NodeRunView = { state, since: prev?.state === state ? prev.since : now };
  const images = views.flatMap((v) => v.images ?? []);
  if (images.length > 0) view.images = images;
  if (views.some((v) => v.sentJob)) view.sentJob = true;
  const costs = views.flatMap((v) => (v.costUsd !== undefined ? [v.costUsd] : []));
  if (costs.length > 0) view.costUsd = costs.reduce((a, b) => a + b, 0);
  const message = views.find((v) => v.state === state && v.message)?.message;
  if (message !== undefined) view.message = message;
  return view;
}
