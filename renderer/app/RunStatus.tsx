import { useMemo } from 'react';
import { TERMINAL_STATES } from '../../shared/run/events';
import { runCostText } from '../store/runStore';
import { estimateText } from './runEstimate';
import { useRun } from '../store/context';
import { useQueue, waitingCount } from './queue/queueClient';

const STATUS_TEXT = {
  succeeded: 'Run succeeded',
  failed: 'Run failed',
  cancelled: 'Run cancelled',
};

/** The bottom bar: how far the current run is, or how the last one ended. */
export function RunStatus() {
  const activeRunId = useRun((s) => s.activeRunId);
  const lastStatus = useRun((s) => s.lastStatus);
  const nodes = useRun((s) => s.nodes);
  const runNodeIds = useRun((s) => s.runNodeIds);
  const estimate = useRun((s) => s.estimate);
  const waiting = useQueue((q) => waitingCount(q.view));
  const paused = useQueue((q) => q.view?.paused ?? false);

  const counts = useMemo(() => {
    const views = Object.values(nodes);
    const finished = views.filter((v) => TERMINAL_STATES.has(v.state)).length;
    const failed = views.filter((v) => v.state === 'failed').length;
    const held = views.filter((v) => v.state === 'held').length;
    return {
      total: views.length,
      finished,
      failed,
      held,
      cost: runCostText({ runNodeIds, nodes }),
    };
  }, [nodes, runNodeIds]);

  let text = 'Ready';
  if (activeRunId) text = `Running · ${counts.finished} of ${counts.total} nodes finished`;
  else if (lastStatus) text = STATUS_TEXT[lastStatus];
  const estimated = estimate ? estimateText(estimate) : '';

  return (
    <footer className="status-bar" data-testid="run-status" aria-live="polite">
      <span className={`status-text ${activeRunId ? 'running' : (lastStatus ?? '')}`}>{text}</span>
      {counts.failed > 0 && <span className="status-failed">{counts.failed} failed</span>}
      {counts.held > 0 && (
        <span className="status-failed" data-testid="run-status-held">
          {counts.held} held: check the provider’s dashboard, then Resend
        </span>
      )}
      {estimated && <span className="status-cost">estimated {estimated}</span>}
      {waiting > 0 && (
        <span className="status-cost" data-testid="run-status-queued">
          {waiting} queued{paused ? ' (paused)' : ''}
        </span>
      )}
      {counts.cost && (
        <span className="status-cost" data-testid="run-cost">
          {counts.cost}
        </span>
      )}
    </footer>
  );
}
