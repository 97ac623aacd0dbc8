import { memo } from 'react';
import { runTime } from '../../shared/run/runTime';
import type { NodeRunView } from '../store/runTypes';

/**
 * Marks outputs shown from the run history (the workflow was opened again): they
 * come from the run at that time, not from this session. Gone with the next run.
 */
export const PastRunNote = memo(function PastRunNote({
  nodeId,
  past,
}: {
  nodeId: string;
  past: NonNullable<NodeRunView['past']>;
}) {
  return (
    <div
      className="nl-past"
      data-testid={`past-${nodeId}`}
      title="These are the outputs of this workflow's last run, from the run history"
    >
      From the run of {runTime(past.at)}
    </div>
  );
});
