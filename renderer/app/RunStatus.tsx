import { useMemo } from 'react';
import { TERMINAL_STATES } from '../../shared/run/events';
import { estimateText, formatUsd } from './runEstimate';
import { useRun } from '../store/context';

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
  const estimate = useRun((s) => s.estimate);

  const counts = useMemo(() => {
    const views = Object.values(nodes);
    const finished = views.filter((v) => TERMINAL_STATES.has(v.state)).length;
    const failed = views.filter((v) => v.state === 'failed').length;
    const cost = views.reduce((sum, v) => sum + (v.costUsd ?? 0), 0);
    return { total: views.length, finished, failed, cost };
  }, [nodes]);

  let text = 'Ready';
  if (activeRunId) text = `Running · ${counts.finished} of ${counts.total} nodes finished`;
  else if (lastStatus) text = STATUS_TEXT[lastStatus];
  const estimated = estimate ? estimateText(estimate) : '';

  return (
    <footer className="status-bar" data-testid="run-status" aria-live="polite">
      <span className={`status-text ${activeRunId ? 'running' : (lastStatus ?? '')}`}>{text}</span>
      {counts.failed > 0 && <span className="status-failed">{counts.failed} failed</span>}
      {estimated && <span className="status-cost">estimated {estimated}</span>}
      {counts.cost > 0 && <span className="status-cost">reported {formatUsd(counts.cost)}</span>}
    </footer>
  );
}
