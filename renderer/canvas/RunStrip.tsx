import { memo, useEffect, useState } from 'react';
import type { NodeState, OutputImage } from '../../shared/run/events';
import { useApp } from '../host/appContext';
import type { NodeRunView } from '../store/runTypes';
import { requestOpenImage } from './openImage';

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
    </div>
  );
});

const MAX_THUMBS = 4;
/** Shown at 64 x 64 CSS px... */
export const THUMB_SIZE = 64;
/**
 * ...from the host's 128 px thumbnail: sharp at a device pixel ratio of 2, and a few
 * KB of decoded pixels instead of ~36 MB for a 4096 x 2304 output.
 */
export const THUMB_SOURCE_SIZE = 128;

/**
 * Output thumbnails: small fixed-size, lazily loaded images from the host's thumbnail
 * cache (never full-size images in the canvas: 200 4K outputs would cost the renderer
 * ~600 MB). A click dispatches `nodeloom:open-image` (see openImage.ts); the viewer
 * shows the full image.
 */
export const Thumbnails = memo(function Thumbnails({
  nodeId,
  images,
}: {
  nodeId: string;
  images: readonly OutputImage[];
}) {
  const { host } = useApp();
  if (images.length === 0) return null;
  const more = images.length - MAX_THUMBS;
  return (
    <div className="nl-thumbs">
      {images.slice(0, MAX_THUMBS).map((image, index) => (
        <button
          key={`${index}-${image.hash}`}
          type="button"
          className="nl-thumb nodrag"
          data-testid={`thumb-${nodeId}-${index}`}
          title={`${image.width}×${image.height} — click to open`}
          onClick={(e) =>
            requestOpenImage(e.currentTarget, { hash: image.hash, image, nodeId, index, images })
          }
        >
          <img
            src={host.thumbUrl(image.hash, THUMB_SOURCE_SIZE)}
            loading="lazy"
            decoding="async"
            width={THUMB_SIZE}
            height={THUMB_SIZE}
            alt={`output ${index + 1}`}
            draggable={false}
          />
        </button>
      ))}
      {more > 0 ? <span className="nl-thumbs__more">+{more}</span> : null}
    </div>
  );
});
