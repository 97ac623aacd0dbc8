import { useEffect, useMemo, useState } from 'react';
import { TERMINAL_STATES } from '../../shared/run/events';
import { formatElapsed } from '../canvas/RunStrip';
import { runCostText } from '../store/runStore';
import { estimateText } from './runEstimate';
import { useRun } from '../store/context';
import { useQueue, waitingCount } from './queue/queueClient';

const STATUS_TEXT = {
  succeeded: 'Run succeeded',
  failed: 'Run failed',
  cancelled: 'Run cancelled',
};

/** The run's time: counting once a second while it runs, fixed once it ended. */
function RunElapsed({ startedAt, finishedAt }: { startedAt: number; finishedAt: number | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (finishedAt !== null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [finishedAt]);
  return (
    <span className="status-elapsed" data-testid="run-elapsed" title="Time since the run started">
      {formatElapsed((finishedAt ?? now) - startedAt)}
    </span>
  );
}

/**
 * The compact status area along the bottom: the run's state with a progress bar,
 * its elapsed time, the estimate and the cost the providers reported.
 */
export function RunStatus() {
  const activeRunId = useRun((s) => s.activeRunId);
  const lastStatus = useRun((s) => s.lastStatus);
  const nodes = useRun((s) => s.nodes);
  const runNodeIds = useRun((s) => s.runNodeIds);
  const estimate = useRun((s) => s.estimate);
  const waiting = useQueue((q) => waitingCount(q.view));
  const paused = useQueue((q) => q.view?.paused ?? false);
  const startedAt = useRun((s) => s.startedAt);
  const finishedAt = useRun((s) => s.finishedAt);

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
  const state = activeRunId ? 'running' : (lastStatus ?? 'idle');

  return (
    <footer className="status-bar" data-testid="run-status" aria-live="polite">
      <span className={`status-dot ${state}`} aria-hidden="true" />
      <span className={`status-text ${state}`}>{text}</span>
      {activeRunId && counts.total > 0 && (
        <span
          className="status-progress"
          role="progressbar"
          aria-label="Nodes finished"
          aria-valuemin={0}
          aria-valuemax={counts.total}
          aria-valuenow={counts.finished}
        >
          <span style={{ width: `${(100 * counts.finished) / counts.total}%` }} />
        </span>
      )}
      {startedAt !== null && (activeRunId || lastStatus) && (
        <RunElapsed startedAt={startedAt} finishedAt={activeRunId ? null : finishedAt} />
      )}
      {counts.failed > 0 && <span className="status-failed">{counts.failed} failed</span>}
      {counts.held > 0 && (
        <span className="status-failed" data-testid="run-status-held">
          {counts.held} held: check the provider’s dashboard, then Resend
        </span>
      )}
      <span className="status-spacer" />
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
