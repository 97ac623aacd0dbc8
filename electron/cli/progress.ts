import type { NodeState, RunEvent } from '../../shared/run/events';
import { formatEstimate } from '../../shared/cost/estimate';
import { reportedCostText } from '../../shared/cost/reported';
import { printable, shown } from './io';

export interface ProgressRenderer {
  event(e: RunEvent): void;
  /** A message for the person at the terminal (e.g. "cancelling"), kept out of the JSON stream. */
  note(text: string): void;
  /** Called when the run ends, before the summary is printed; stops any redrawing. */
  finish(): void;
}

type Write = (text: string) => void;

const STATE_LABEL: Record<NodeState, string> = {
  queued: 'queued',
  submitting: 'submitting',
  in_queue: 'in queue',
  running: 'running',
  downloading: 'downloading',
  done: 'done',
  cached: 'cached',
  failed: 'FAILED',
  skipped: 'skipped',
  cancelled: 'cancelled',
  held: 'HELD',
};

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

function detail(e: Extract<RunEvent, { type: 'node' }>): string {
  const parts: string[] = [];
  if (e.queuePosition !== undefined) parts.push(`position ${e.queuePosition}`);
  if (e.elapsedMs !== undefined && (e.state === 'running' || e.state === 'in_queue'))
    parts.push(seconds(e.elapsedMs));
  if (e.images?.length) parts.push(`${e.images.length} image${e.images.length > 1 ? 's' : ''}`);
  // Only the node that sent its job carries its cost; a finished one without it says so.
  if (e.costUsd !== undefined) parts.push(`$${e.costUsd.toFixed(2)}`);
  else if (e.sentJob && e.state === 'done') parts.push('cost not reported');
  if (e.message) parts.push(shown(e.message));
  return parts.join(' · ');
}

function finishedLine(e: Extract<RunEvent, { type: 'run-finished' }>): string {
  const counts = Object.entries(e.counts)
    .map(([state, n]) => `${n} ${STATE_LABEL[state as NodeState]}`)
    .join(', ');
  const cost = reportedCostText(e, { lead: 'provider-reported cost ' });
  return `run ${e.status} in ${seconds(e.durationMs)}: ${counts}; ${cost}`;
}

/** Every event as one JSON object per line on stdout, notes on stderr: for scripts. */
export function jsonRenderer(write: Write, writeNote: Write): ProgressRenderer {
  return {
    event: (e) => write(`${JSON.stringify(e)}\n`),
    note: (text) => writeNote(`${text}\n`),
    finish: () => undefined,
  };
}

/**
 * One line per state change, for logs and pipes: the repeated progress events a
 * job sends while it waits or runs (one per status poll) print nothing new.
 */
export function lineRenderer(
  write: Write,
  title: (id: string) => string,
  writeNote: Write,
): ProgressRenderer {
  const last = new Map<string, NodeState>();
  return {
    event(e) {
      const time = new Date(e.at).toISOString().slice(11, 19);
      if (e.type === 'run-started') {
        last.clear();
        write(
          `${time} run ${e.runId.slice(0, 8)}: ${e.nodeIds.length} nodes, estimate ${formatEstimate(e.estimate)}\n`,
        );
      } else if (e.type === 'node') {
        if (last.get(e.nodeId) === e.state) return;
        last.set(e.nodeId, e.state);
        const d = detail(e);
        write(`${time} ${title(e.nodeId)}: ${STATE_LABEL[e.state]}${d ? ` (${d})` : ''}\n`);
      } else {
        write(`${time} ${finishedLine(e)}\n`);
      }
    },
    note: (text) => writeNote(`${text}\n`),
    finish: () => undefined,
  };
}

/**
 * A live table, one row per node, redrawn in place: for a terminal. Rows are cut
 * to the terminal width, since a wrapped row would throw off the redraw.
 */
export function ttyRenderer(
  write: Write,
  title: (id: string) => string,
  columns?: number,
): ProgressRenderer {
  const rows = new Map<
    string,
    { state: NodeState; detail: string; since: number; elapsed?: number }
  >();
  const fit = (line: string): string =>
    columns && columns > 1 && line.length > columns - 1
      ? `${line.slice(0, columns - 2).trimEnd()}…`
      : line;
  let header = '';
  let drawn = 0;
  let finished = false;
  const erase = (): string => `${drawn > 0 ? `\x1b[${drawn}F` : ''}\x1b[0J`;
  const draw = (): void => {
    if (finished) return;
    const now = Date.now();
    const lines = [header];
    for (const [id, r] of rows) {
      const live =
        r.state === 'running' || r.state === 'in_queue'
          ? ` ${seconds((r.elapsed ?? 0) + now - r.since)}`
          : '';
      lines.push(
        `  ${STATE_LABEL[r.state].padEnd(11)} ${title(id).padEnd(44)}${live} ${r.detail}`.trimEnd(),
      );
    }
    // Move up over the previous frame, clear to the end of the screen, draw anew.
    // `write` is the raw terminal: the rows are made printable here, the cursor moves are ours.
    write(`${erase()}${lines.map((l) => fit(printable(l, { oneLine: true }))).join('\n')}\n`);
    drawn = lines.length;
  };
  const timer = setInterval(draw, 1000);
  timer.unref();
  return {
    event(e) {
      if (e.type === 'run-started')
        header = `Run ${e.runId.slice(0, 8)} · ${e.nodeIds.length} nodes · estimate ${formatEstimate(e.estimate)}`;
      else if (e.type === 'node') {
        const live = e.state === 'running' || e.state === 'in_queue';
        rows.set(e.nodeId, {
          state: e.state,
          detail: live
            ? e.queuePosition !== undefined
              ? `position ${e.queuePosition}`
              : ''
            : detail(e),
          since: Date.now(),
          ...(e.elapsedMs !== undefined ? { elapsed: e.elapsedMs } : {}),
        });
      } else header = finishedLine(e);
      draw();
    },
    note(text) {
      // Above the table, which is then drawn anew below it.
      write(`${erase()}${printable(text)}\n`);
      drawn = 0;
      draw();
    },
    finish() {
      clearInterval(timer);
      finished = true;
    },
  };
}
