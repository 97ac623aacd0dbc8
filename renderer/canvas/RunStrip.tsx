import { memo, useEffect, useState } from 'react';
import type { NodeState } from '../../shared/run/events';
import type { NodeRunView } from '../store/runTypes';
import { requestResend } from './resendNode';

const LABELS: Record<NodeState, string> = {
  queued: 'Queued',
  submitting: 'Submitting',
  in_queue: 'In queue',
  running: 'Running',
  downloading: 'Downloading',
  done: 'Done',
  cached: 'Cached',
  failed: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
  held: 'Held',
};

/** States whose elapsed time keeps counting on screen. */
const LIVE: ReadonlySet<NodeState> = new Set(['submitting', 'in_queue', 'running', 'downloading']);

/** "8 s", "1:05", "1:02:03". */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** A once-a-second counter; mounted only while a node is live, so idle nodes run no timers. */
function Elapsed({ since, elapsedMs }: { since: number; elapsedMs: number | undefined }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <span className="nl-status__elapsed">
      {formatElapsed((elapsedMs ?? 0) + Math.max(0, now - since))}
    </span>
  );
}

/** The node's run state as a strip under the title: nothing when it has not run. */
export const RunStrip = memo(function RunStrip({
  nodeId,
  run,
}: {
  nodeId: string;
  run: NodeRunView | undefined;
}) {
  if (!run) return null;
  const { state } = run;
  const showMessage =
    run.message !== undefined &&
    (state === 'failed' || state === 'skipped' || state === 'cancelled');
  return (
    <div
      className={`nl-status nl-status--${state}`}
      data-testid={`status-${nodeId}`}
      data-state={state}
      role="status"
      title={run.message}
    >
      <span className="nl-status__label">{LABELS[state]}</span>
      {state === 'in_queue' && run.queuePosition !== undefined ? (
        <span className="nl-status__queue">position {run.queuePosition}</span>
      ) : null}
      {LIVE.has(state) ? (
        <Elapsed key={`${state}@${run.since}`} since={run.since} elapsedMs={run.elapsedMs} />
      ) : null}
      {state === 'done' && run.elapsedMs !== undefined ? (
        <span className="nl-status__elapsed">{formatElapsed(run.elapsedMs)}</span>
      ) : null}
      {run.costUsd !== undefined ? (
        <span className="nl-status__cost">${run.costUsd.toFixed(2)}</span>
      ) : null}
      {showMessage ? <span className="nl-status__message">{run.message}</span> : null}
      {state === 'held' ? <HeldNotice nodeId={nodeId} sentAt={run.sentAt} /> : null}
    </div>
  );
});

/**
 * A held node: its request was sent and never answered, so the provider may have
 * created and billed the job. It says when, where to look, and offers Resend.
 */
function HeldNotice({ nodeId, sentAt }: { nodeId: string; sentAt: number | undefined }) {
  return (
    <span className="nl-status__held">
      <span className="nl-status__message" data-testid={`held-${nodeId}`}>
        {sentAt !== undefined ? `Sent ${new Date(sentAt).toLocaleTimeString()}; it` : 'It'} may have
        been created and billed: check the provider’s dashboard before sending it again.
      </span>
      <button
        type="button"
        className="nl-status__resend nodrag"
        data-testid={`resend-${nodeId}`}
        onClick={(e) => requestResend(e.currentTarget, nodeId)}
      >
        Resend
      </button>
    </span>
  );
}
