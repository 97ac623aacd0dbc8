import type { z } from 'zod';
import type { NodeId } from '../../graph/ids';
import type { InstanceLabelSchema } from '../../run/events';

/** Between a node's id and its instance key: `<nodeId>~c1.2v3`. */
export const INSTANCE_SEPARATOR = '~';

/** What tells one instance apart from the others of its node (schema in shared/run/events). */
export type InstanceLabel = z.infer<typeof InstanceLabelSchema>;

/**
 * The workflow node an id of a run belongs to: an instance's node (by its label, never
 * by parsing, since a workflow's own ids may hold a `~`), else the id itself.
 */
export const baseNodeId = (id: string, labels: Readonly<Record<string, InstanceLabel>>): NodeId =>
  labels[id]?.nodeId ?? (id as NodeId);

/** What an instance chose, for people, in order: its alternatives, then its swept values. */
export const choiceTexts = (label: InstanceLabel): string[] => [
  ...label.alternatives.map((a) => a.choice.trim() || '(empty)'),
  ...label.sweeps.map(
    (s) => `${s.param} ${typeof s.value === 'string' ? s.value : JSON.stringify(s.value)}`,
  ),
];

/** What differs, for people: `red · snow · aspect_ratio 16:9 · v2 · seed 5`. */
export function labelText(label: InstanceLabel): string {
  const parts = choiceTexts(label);
  if (label.variant > 1 || label.seed !== undefined) parts.push(`v${label.variant}`);
  if (label.seed !== undefined) parts.push(`seed ${label.seed}`);
  return parts.join(' · ');
}
