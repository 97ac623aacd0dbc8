import { useState } from 'react';
import type { QueueItemView } from '../../../shared/contract/hostApi';
import { runTime } from '../../../shared/run/runTime';
import { useApp } from '../../host/appContext';
import { useHistoryUi } from '../history/historyUi';
import { estimateText } from '../runEstimate';
import { useUi } from '../studioContext';
import { GraphSketchView } from './GraphSketchView';
import { useQueue } from './queueClient';
import './queue.css';

const STATE_TEXT: Record<QueueItemView['state'], string> = {
  waiting: 'Waiting',
  running: 'Running',
  interrupted: 'Interrupted',
  refused: 'Not run',
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A workflow's name as artists call it: without the file extension. */
const shownName = (name: string): string => name.replace(/\.nodeloom$/i, '');

/** "05:36" today, else the date too. */
function queuedAt(at: number, now = new Date()): string {
  const full = runTime(at);
  return full.slice(0, 10) === runTime(now.getTime()).slice(0, 10) ? full.slice(11) : full;
}

/** The toolbar button that shows and hides the queue, with how many runs it holds. */
export function QueueButton() {
  const open = useQueue((s) => s.open);
  const setOpen = useQueue((s) => s.setOpen);
  const count = useQueue((s) => s.view?.items.length ?? 0);
  const paused = useQueue((s) => s.view?.paused ?? false);
  return (
    <button
      type="button"
      data-testid="btn-queue"
      aria-pressed={open}
      title="Runs waiting their turn: reorder, cancel, pause"
      onClick={() => setOpen(!open)}
    >
      Queue{count > 0 ? ` · ${count}` : ''}
      {paused && count > 0 ? ' (paused)' : ''}
    </button>
  );
}

function QueueItem({
  item,
  index,
  count,
  onDrop,
}: {
  item: QueueItemView;
  index: number;
  count: number;
  onDrop: (itemId: string, index: number) => void;
}) {
  const { host } = useApp();
  const notify = useUi((s) => s.notify);
  const [over, setOver] = useState(false);
  const call = async (what: string, run: () => Promise<unknown>): Promise<void> => {
    try {
      await run();
    } catch (e) {
      notify({
        kind: 'error',
        text: `Could not ${what}: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  };
  const move = (to: number) =>
    void call('move the run', () => host.call('queue.move', { itemId: item.itemId, index: to }));
  const running = item.state === 'running';
  const estimate = estimateText(item.estimate);
  const facts = [
    plural(item.nodeCount, 'node'),
    plural(item.jobCount, 'job'),
    ...(estimate ? [estimate] : []),
    ...(item.targets ? ['to selected'] : []),
  ].join(' · ');
  return (
    <li
      className={`queue-item is-${item.state}${over ? ' is-drop-target' : ''}`}
      data-testid="queue-item"
      data-item-id={item.itemId}
      data-state={item.state}
      draggable={!running}
      onDragStart={(e) => {
        e.dataTransfer.setData('application/x-nodeloom-queue-item', item.itemId);
        e.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('application/x-nodeloom-queue-item')) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        const dragged = e.dataTransfer.getData('application/x-nodeloom-queue-item');
        if (dragged && dragged !== item.itemId) onDrop(dragged, index);
      }}
    >
      <GraphSketchView sketch={item.sketch} />
      <strong className="queue-name" title={item.workflowPath ?? item.name}>
        {shownName(item.name)}
      </strong>
      <div className="queue-actions">
        {!running && (
          <>
            <button
              type="button"
              className="icon-button"
              aria-label="Move up"
              title="Move up"
              data-testid="queue-up"
              disabled={index === 0}
              onClick={() => move(index - 1)}
            >
              ↑
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label="Move down"
              title="Move down"
              data-testid="queue-down"
              disabled={index === count - 1}
              onClick={() => move(index + 1)}
            >
              ↓
            </button>
          </>
        )}
        {(item.state === 'interrupted' || item.state === 'refused') && (
          <button
            type="button"
            data-testid="queue-retry"
            title="Put it back in line. What its earlier attempt sent is reused, never sent again."
            onClick={() =>
              void call('run it again', () => host.call('queue.retry', { itemId: item.itemId }))
            }
          >
            Run again
          </button>
        )}
        <button
          type="button"
          className="icon-button"
          aria-label={running ? 'Cancel this run' : 'Remove from the queue'}
          title={
            running
              ? 'Cancel this run (jobs already running may still be billed)'
              : 'Remove from the queue: nothing of it is sent'
          }
          data-testid="queue-cancel"
          onClick={() =>
            void call('cancel', () => host.call('queue.cancel', { itemId: item.itemId }))
          }
        >
          ×
        </button>
      </div>
      <div className="queue-meta">
        {item.prompt && (
          <span className="queue-prompt" data-testid="queue-item-prompt" title={item.prompt}>
            {item.prompt}
          </span>
        )}
        <span>
          <span className={`queue-state is-${item.state}`}>{STATE_TEXT[item.state]}</span>
          {' · '}
          <span data-testid="queue-item-facts">{facts}</span>
          <span className="queue-time"> · queued {queuedAt(item.createdAt)}</span>
        </span>
        {item.message && <span className="queue-message">{item.message}</span>}
      </div>
    </li>
  );
}

/** The run queue: what runs next, in order; pause, reorder (buttons or drag), cancel. */
export function QueuePanel() {
  const open = useQueue((s) => s.open);
  return open ? <QueueDrawer /> : null;
}

function QueueDrawer() {
  const { host } = useApp();
  const notify = useUi((s) => s.notify);
  const view = useQueue((s) => s.view);
  const setOpen = useQueue((s) => s.setOpen);
  // Beside the history drawer when both are open, never under it.
  const historyOpen = useHistoryUi((s) => s.open);
  const items = view?.items ?? [];
  const paused = view?.paused ?? false;
  const call = (what: string, run: () => Promise<unknown>): void =>
    void run().catch((e: unknown) =>
      notify({
        kind: 'error',
        text: `Could not ${what}: ${e instanceof Error ? e.message : String(e)}`,
      }),
    );
  return (
    <aside
      className={`queue-panel${historyOpen ? ' beside-history' : ''}`}
      data-testid="queue-panel"
      aria-label="Run queue"
    >
      <header className="queue-header">
        <h2>Queue</h2>
        <button
          type="button"
          data-testid="queue-pause"
          aria-pressed={paused}
          title={
            paused ? 'Start the next run when nothing runs' : 'Start nothing new until resumed'
          }
          onClick={() =>
            call('pause the queue', () => host.call('queue.pause', { paused: !paused }))
          }
        >
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Close the queue"
          data-testid="queue-close"
          onClick={() => setOpen(false)}
        >
          ×
        </button>
      </header>
      {paused && items.length > 0 && (
        <p className="queue-note" data-testid="queue-paused">
          Paused: no queued run starts until you resume.
        </p>
      )}
      {items.length === 0 ? (
        <p className="queue-note">
          Nothing queued. Press Run while a run is going and the graph, as it is then, waits here
          for its turn.
        </p>
      ) : (
        <ol className="queue-list">
          {items.map((item, i) => (
            <QueueItem
              key={item.itemId}
              item={item}
              index={i}
              count={items.length}
              onDrop={(itemId, index) =>
                call('move the run', () => host.call('queue.move', { itemId, index }))
              }
            />
          ))}
        </ol>
      )}
    </aside>
  );
}
