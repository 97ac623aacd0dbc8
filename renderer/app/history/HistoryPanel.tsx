import { History, X } from 'lucide-react';
import { useCallback } from 'react';
import { reportedCostText } from '../../../shared/cost/reported';
import { thumbSizeFor } from '../../host/thumbSize';
import { useApp } from '../../host/appContext';
import { CompareView } from './CompareView';
import { FreeSpaceButton } from './FreeSpaceButton';
import { HistoryFilters } from './HistoryFilters';
import { HistoryGallery } from './HistoryGallery';
import { runTime } from '../../../shared/run/runTime';
import { STATUS_TEXT, countText, usd } from './format';
import type { RunListItem } from './historyActions';
import { useHistoryUi } from './historyUi';
import { RunDetails } from './RunDetails';
import { usePagedHistory } from './usePagedHistory';
import './history.css';

/** The gallery's thumbnails and the compare bar's picks, in CSS px (see history.css). */
const CARD_THUMB_PX = 36;
const PICK_THUMB_PX = 28;

/** The toolbar button that shows and hides the history panel. */
export function HistoryButton() {
  const open = useHistoryUi((s) => s.open);
  const toggle = useHistoryUi((s) => s.toggle);
  return (
    <button
      type="button"
      data-testid="btn-history"
      aria-pressed={open}
      className="tool-button"
      title="Run history: every run's images, graph and cost"
      onClick={toggle}
    >
      <History size={16} aria-hidden="true" />
      History
    </button>
  );
}

function RunCard({ run, selected }: { run: RunListItem; selected: boolean }) {
  const { host } = useApp();
  const select = useHistoryUi((s) => s.select);
  return (
    <li>
      <button
        type="button"
        className={`history-run${selected ? ' is-selected' : ''}`}
        data-testid="history-run"
        data-run-id={run.runId}
        data-status={run.status}
        aria-pressed={selected}
        onClick={() => select(selected ? null : run.runId)}
      >
        <span className="history-thumbs">
          {run.images.length === 0 ? (
            <span className="history-noimg">no images</span>
          ) : (
            run.images
              .slice(0, 4)
              .map((img) => (
                <img
                  key={img.hash}
                  src={host.thumbUrl(img.hash, thumbSizeFor(CARD_THUMB_PX))}
                  alt=""
                  loading="lazy"
                  decoding="async"
                  width={CARD_THUMB_PX}
                  height={CARD_THUMB_PX}
                />
              ))
          )}
          {run.images.length > 4 && <span className="history-more">+{run.images.length - 4}</span>}
        </span>
        <span className="history-meta">
          <strong>{run.workflowName ?? 'Unsaved workflow'}</strong>
          <span className={`history-status is-${run.status}`}>{STATUS_TEXT[run.status]}</span>
          <span>{runTime(run.startedAt)}</span>
          <span data-testid="history-run-cost">{reportedCostText(run, { usd })}</span>
        </span>
      </button>
    </li>
  );
}

function CompareBar() {
  const picks = useHistoryUi((s) => s.picks);
  const comparing = useHistoryUi((s) => s.comparing);
  const mode = useHistoryUi((s) => s.mode);
  const { setComparing, setMode, togglePick } = useHistoryUi((s) => s);
  const { host } = useApp();
  if (picks.length === 0) return null;
  const [a, b] = picks;
  return (
    <div className="history-compare-bar" data-testid="history-compare-bar">
      {picks.map((p) => (
        <img
          key={p.image.hash}
          src={host.thumbUrl(p.image.hash, thumbSizeFor(PICK_THUMB_PX))}
          alt={p.label}
          title={p.label}
          loading="lazy"
          decoding="async"
          width={PICK_THUMB_PX}
          height={PICK_THUMB_PX}
        />
      ))}
      <span>{picks.length === 1 ? 'Pick one more image' : 'Two images picked'}</span>
      <button
        type="button"
        data-testid="history-compare-open"
        disabled={!a || !b}
        onClick={() => setComparing(true)}
      >
        Compare
      </button>
      <button type="button" onClick={() => picks.forEach((p) => togglePick(p))}>
        Clear
      </button>
      {comparing && a && b && (
        <CompareView a={a} b={b} mode={mode} onMode={setMode} onClose={() => setComparing(false)} />
      )}
    </div>
  );
}

/** Run history: a gallery of runs, newest first; a run's details; comparing two images. */
export function HistoryPanel() {
  const open = useHistoryUi((s) => s.open);
  return open ? <HistoryDrawer /> : null;
}

function HistoryDrawer() {
  const selected = useHistoryUi((s) => s.selectedRunId);
  const filter = useHistoryUi((s) => s.filter);
  const view = useHistoryUi((s) => s.view);
  const { toggle, select } = useHistoryUi((s) => s);
  const {
    items: runs,
    setItems: setRuns,
    total,
    capped,
    error,
    refresh,
    more,
  } = usePagedHistory('history.list', filter);
  const filtered = Object.keys(filter).length > 0;

  const deleted = useCallback(
    (runIds: string[]) => {
      const gone = new Set(runIds);
      setRuns((list) => list?.filter((r) => !gone.has(r.runId)) ?? null);
      select(null);
      void refresh();
    },
    [refresh, select, setRuns],
  );

  const current = runs?.find((r) => r.runId === selected);
  return (
    <aside className="history-panel" data-testid="history-panel" aria-label="Run history">
      <header className="history-header">
        <h2>History</h2>
        <FreeSpaceButton />
        <button type="button" onClick={() => void refresh()} title="Read the history again">
          Refresh
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Close history"
          data-testid="history-close"
          onClick={toggle}
        >
          <X size={16} aria-hidden="true" />
        </button>
      </header>
      <CompareBar />
      {!current && <HistoryFilters />}
      {error && <p className="history-error">Could not read the run history: {error}</p>}
      {current && (
        <>
          <button type="button" className="history-back" onClick={() => select(null)}>
            ← All runs
          </button>
          <RunDetails
            runId={current.runId}
            version={`${current.status}:${current.finishedAt}:${current.images.length}`}
            onDeleted={deleted}
          />
        </>
      )}
      {!current && view === 'images' && <HistoryGallery />}
      {!current && view === 'runs' && runs?.length === 0 && (
        <p className="history-empty" data-testid="history-empty">
          {filtered
            ? 'No runs match.'
            : 'No runs yet. Every run is kept here, with its graph, images and cost.'}
        </p>
      )}
      {!current && view === 'runs' && runs && runs.length > 0 && (
        <>
          {filtered && (
            <p className="history-count" data-testid="history-count">
              {countText(total, capped, 'run matches', 'runs match')}
            </p>
          )}
          <ul className="history-list">
            {runs.map((r) => (
              <RunCard key={r.runId} run={r} selected={false} />
            ))}
          </ul>
          {runs.length < total && (
            <button type="button" className="history-more-button" onClick={more}>
              Show more ({countText(total - runs.length, capped, 'left', 'left')})
            </button>
          )}
        </>
      )}
    </aside>
  );
}
