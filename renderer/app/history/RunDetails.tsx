import { useEffect, useMemo, useState } from 'react';
import { reportedCostText } from '../../../shared/cost/reported';
import { thumbSizeFor } from '../../host/thumbSize';
import { useApp } from '../../host/appContext';
import { useGraph } from '../../store/context';
import { useStudio } from '../studioContext';
import { runTime } from '../../../shared/run/runTime';
import { STATUS_TEXT, duration, usd } from './format';
import {
  deleteRuns,
  exportRunImages,
  isPinnedTo,
  openRunGraph,
  pinOnCanvas,
  pinProblem,
  recordNodeName,
  unpin,
} from './historyActions';
import type { HistoryDeps, NodeRecord, RunRecord } from './historyActions';
import { useHistoryUi } from './historyUi';

/** A run's images are shown in boxes of this many CSS px (see history.css). */
const IMAGE_BOX_PX = 160;

/** What the history needs from the studio, for its actions. */
export function useHistoryDeps(): HistoryDeps {
  const { host, registry } = useApp();
  const { graph, ui, controller } = useStudio();
  return useMemo(
    () => ({ host, registry, graph, ui, files: controller.files }),
    [host, registry, graph, ui, controller],
  );
}

function NodeOutputs({ record, node }: { record: RunRecord; node: NodeRecord }) {
  const { host, registry } = useApp();
  const deps = useHistoryDeps();
  const picks = useHistoryUi((s) => s.picks);
  const togglePick = useHistoryUi((s) => s.togglePick);
  const pinned = useGraph((s) => isPinnedTo(s, node));
  // Re-evaluated with the open document: whether "Pin on canvas" can work, and why not.
  const problem = useGraph(() => pinProblem(deps, record, node));
  const title = recordNodeName({ registry }, record, node.nodeId);
  const facts = [
    node.state,
    node.provider,
    node.costUsd !== undefined
      ? usd(node.costUsd)
      : node.sentJob && node.state === 'done'
        ? 'cost not reported'
        : undefined,
    node.durationMs !== undefined ? duration(node.durationMs) : undefined,
  ].filter(Boolean);
  return (
    <section className="history-node" data-testid="history-node" data-node-id={node.nodeId}>
      <h4>{title}</h4>
      <p className="history-facts">{facts.join(' · ')}</p>
      {node.requestId && <p className="history-facts">request {node.requestId}</p>}
      {node.message && <p className="history-message">{node.message}</p>}
      {node.params && (
        <details className="history-params">
          <summary>Parameters as sent</summary>
          <pre>{JSON.stringify(node.params, null, 2)}</pre>
        </details>
      )}
      {node.images.length > 0 && (
        <div className="history-images">
          {node.images.map((img, i) => {
            const picked = picks.some((p) => p.image.hash === img.hash);
            return (
              <figure key={`${img.hash}-${i}`}>
                <img
                  src={host.thumbUrl(img.hash, thumbSizeFor(IMAGE_BOX_PX))}
                  alt={`${title} image ${i + 1}`}
                  data-testid="history-image"
                  data-hash={img.hash}
                  loading="lazy"
                  decoding="async"
                  width={IMAGE_BOX_PX}
                  height={IMAGE_BOX_PX}
                />
                <button
                  type="button"
                  data-testid="history-compare-pick"
                  aria-pressed={picked}
                  onClick={() =>
                    togglePick({
                      image: img,
                      label: `${title} #${i + 1} · ${runTime(record.startedAt)}`,
                    })
                  }
                >
                  {picked ? 'Picked' : 'Compare'}
                </button>
              </figure>
            );
          })}
        </div>
      )}
      {node.provider && node.images.length > 0 && (
        <div className="history-node-actions">
          {pinned ? (
            <button
              type="button"
              data-testid="history-unpin"
              onClick={() => unpin(deps, node.nodeId)}
            >
              Unpin
            </button>
          ) : (
            <button
              type="button"
              data-testid="history-pin"
              title={problem ?? 'Reuse these images on the canvas; the node is not sent again'}
              onClick={() => pinOnCanvas(deps, record, node)}
            >
              Pin on canvas
            </button>
          )}
          {pinned && <span className="history-pinned">pinned on canvas</span>}
        </div>
      )}
    </section>
  );
}

/** One run: its facts, its images per node, and what can be done with them. */
export function RunDetails({
  runId,
  version,
  onDeleted,
}: {
  runId: string;
  version: string;
  /** The run was deleted from the history (the user confirmed). */
  onDeleted?: (runIds: string[]) => void;
}) {
  const deps = useHistoryDeps();
  const [record, setRecord] = useState<RunRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    deps.host.call('history.get', { runId }).then(
      (r) => live && (setRecord(r), setError(null)),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [deps.host, runId, version]);

  if (error) return <p className="history-error">Could not read this run: {error}</p>;
  if (!record || record.runId !== runId) return <p className="history-empty">Loading…</p>;
  const shown = record.nodes.filter((n) => n.images.length > 0 || n.message);
  return (
    <div className="history-details" data-testid="history-details" data-run-id={runId}>
      <p className="history-facts">
        {record.workflowName ?? 'Unsaved workflow'} · {STATUS_TEXT[record.status]} ·{' '}
        {runTime(record.startedAt)} · {reportedCostText(record, { usd })}
        {record.finishedAt !== null && ` · ${duration(record.finishedAt - record.startedAt)}`}
      </p>
      <div className="history-actions">
        <button
          type="button"
          data-testid="history-open-graph"
          onClick={() => void openRunGraph(deps, record)}
        >
          Open graph of this run
        </button>
        <button
          type="button"
          data-testid="history-export"
          disabled={record.images.length === 0}
          onClick={() => void exportRunImages(deps, record.runId)}
        >
          Export PNGs
        </button>
        <button
          type="button"
          className="danger history-delete"
          data-testid="history-delete"
          disabled={record.status === 'running'}
          title={
            record.status === 'running'
              ? 'A run in progress cannot be deleted'
              : 'Remove this run from the history; its images stay in the result cache'
          }
          onClick={() =>
            void deleteRuns(deps, [record]).then((ids) => ids.length > 0 && onDeleted?.(ids))
          }
        >
          Delete run
        </button>
      </div>
      {shown.length === 0 && <p className="history-empty">No node of this run made images.</p>}
      {shown.map((node) => (
        <NodeOutputs key={node.nodeId} record={record} node={node} />
      ))}
    </div>
  );
}
