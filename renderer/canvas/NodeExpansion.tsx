import { RefreshCw } from 'lucide-react';
import { useState } from 'react';
import type { GraphNode, ParamValue } from '../../shared/graph/document';
import { nodeId as toNodeId } from '../../shared/graph/ids';
import type { NodeSpec, WidgetSpec } from '../../shared/nodes/spec';
import { useGraph, useGraphActions, useRun } from '../store/context';
import { requestNewTake } from './newTake';

/** A model node's "new take": it and what depends on it run again as the next variant. */
export function NewTakeButton({ nodeId }: { nodeId: string }) {
  const running = useRun((s) => s.activeRunId !== null);
  const take = useGraph((s) => s.doc.nodes.find((n) => n.id === nodeId)?.lastTake);
  return (
    <button
      type="button"
      className="nl-node__take nodrag"
      data-testid={`new-take-${nodeId}`}
      disabled={running}
      aria-label="New take"
      title={`New take: run this node and what depends on it again as variant ${(take ?? 1) + 1}`}
      onClick={(e) => requestNewTake(e.currentTarget, nodeId)}
    >
      {/* An icon alone: the header's width goes to the model's name, which must read whole. */}
      <RefreshCw size={12} aria-hidden="true" />
    </button>
  );
}

/** The widgets a sweep can run over: what has a value of its own (not free text). */
const sweepable = (spec: NodeSpec): WidgetSpec[] =>
  spec.widgets.filter((w) => w.kind === 'select' || w.kind === 'number' || w.kind === 'toggle');

/** "1:1, 16:9" as the widget's values (numbers for a number widget). */
export function parseSweepValues(widget: WidgetSpec, text: string): ParamValue[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (widget.kind === 'number') return parts.map(Number).filter((n) => Number.isFinite(n));
  if (widget.kind === 'toggle') return parts.map((p) => p === 'true');
  if (widget.kind === 'select')
    return parts.map((p) => widget.options.find((o) => String(o) === p) ?? p);
  return parts;
}

/**
 * A model node's sweep: one param run over listed values (aspect ratio 1:1, 16:9,
 * 9:16), each value its own job. Stored on the node (GraphNode.sweep).
 */
export function SweepEditor({ nodeId, spec }: { nodeId: string; spec: NodeSpec }) {
  const sweep = useGraph((s) => s.doc.nodes.find((n) => n.id === nodeId)?.sweep);
  const { dispatch } = useGraphActions();
  const widgets = sweepable(spec);
  const [open, setOpen] = useState(sweep !== undefined);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  if (widgets.length === 0) return null;
  const set = (next: GraphNode['sweep']): void =>
    dispatch({ type: 'setSweep', nodeId: toNodeId(nodeId), sweep: next });
  const widget =
    widgets.find((w) => w.key === (sweep?.param ?? chosen)) ??
    widgets.find((w) => w.key === 'aspect_ratio') ??
    widgets[0]!;
  const shown = sweep ? sweep.values.map(String).join(', ') : '';
  return (
    <div className="nl-widget nl-sweep nodrag" data-testid={`sweep-${nodeId}`}>
      <label title="Run this node once per listed value of one param">
        <input
          type="checkbox"
          data-testid={`sweep-toggle-${nodeId}`}
          checked={open}
          onChange={(e) => {
            setOpen(e.currentTarget.checked);
            if (!e.currentTarget.checked) set(undefined);
          }}
        />{' '}
        sweep
      </label>
      {open && (
        <>
          <select
            aria-label="Param to sweep"
            data-testid={`sweep-param-${nodeId}`}
            value={widget.key}
            onChange={(e) => {
              const w = widgets.find((x) => x.key === e.currentTarget.value)!;
              setChosen(w.key);
              if (!sweep) return;
              const values = parseSweepValues(w, shown);
              set(values.length > 0 ? { param: w.key, values } : undefined);
            }}
          >
            {widgets.map((w) => (
              <option key={w.key} value={w.key}>
                {w.label}
              </option>
            ))}
          </select>
          <SweepValues
            key={`${widget.key}:${shown}`}
            nodeId={nodeId}
            initial={shown}
            hint={widget.kind === 'select' ? widget.options.join(', ') : 'values, comma separated'}
            onCommit={(text) => {
              const values = parseSweepValues(widget, text);
              set(values.length > 0 ? { param: widget.key, values } : undefined);
            }}
          />
        </>
      )}
    </div>
  );
}

/** The values as typed; written to the document when the field is left or Enter pressed. */
function SweepValues(props: {
  nodeId: string;
  initial: string;
  hint: string;
  onCommit(text: string): void;
}) {
  const [text, setText] = useState(props.initial);
  return (
    <input
      type="text"
      aria-label="Swept values"
      data-testid={`sweep-values-${props.nodeId}`}
      placeholder={props.hint}
      title={`Comma separated: ${props.hint}`}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={() => text !== props.initial && props.onCommit(text)}
      onKeyDown={(e) => e.key === 'Enter' && props.onCommit(text)}
    />
  );
}
