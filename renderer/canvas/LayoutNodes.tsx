import { Handle, Position } from '@xyflow/react';
import type { NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import { nodeId as toNodeId } from '../../shared/graph/ids';
import { resolvedOutputType } from '../../shared/nodes/reroute';
import { useApp } from '../host/appContext';
import { useGraph, useGraphActions } from '../store/context';
import { getNode } from '../store/selectors';
import type { GraphFlowNode } from '../store/selectors';
import { portClass } from './compat';
import { handleClasses } from './ports';
import { Markdown } from './markdown';
import { modeClass } from './NodeMode';

/**
 * A reroute: a dot with one input and one output, coloured as what flows through it
 * (the type of what feeds it). It runs nothing; the plan joins the wire through it.
 */
export const RerouteView = memo(function RerouteView({ id, selected }: NodeProps<GraphFlowNode>) {
  const { registry } = useApp();
  const carried = useGraph((s) => resolvedOutputType(s.doc, registry, id, 'out') ?? 'any');
  const mode = useGraph((s) => getNode(s.doc, id)?.mode);
  const port = { id: 'in', label: 'In', type: carried } as const;
  return (
    <div
      className={`nl-reroute nl-port--${portClass(carried)}${selected ? ' is-selected' : ''}${modeClass(mode)}`}
      data-testid={`node-${id}`}
      title={`Reroute (${carried === 'any' ? 'not connected' : carried})`}
    >
      <Handle
        type="target"
        position={Position.Left}
        id="in"
        className={handleClasses({ ...port, type: 'any' }, 'target')}
        data-testid={`handle-${id}-in`}
      />
      <Handle
        type="source"
        position={Position.Right}
        id="out"
        className={handleClasses({ ...port, id: 'out', label: 'Out' }, 'source')}
        data-testid={`handle-${id}-out`}
      />
    </div>
  );
});

/** A note: Markdown on the canvas (a safe subset, no HTML); double-click to edit. */
export const NoteView = memo(function NoteView({ id, selected }: NodeProps<GraphFlowNode>) {
  const text = useGraph((s) => {
    const value = getNode(s.doc, id)?.params['text'];
    return typeof value === 'string' ? value : '';
  });
  const { dispatch } = useGraphActions();
  const [draft, setDraft] = useState<string | null>(null);
  const commit = (): void => {
    if (draft === null) return;
    setDraft(null);
    dispatch({ type: 'setParam', nodeId: toNodeId(id), key: 'text', value: draft });
  };
  return (
    <div className={`nl-note${selected ? ' is-selected' : ''}`} data-testid={`node-${id}`}>
      {draft !== null ? (
        <textarea
          className="nl-note__editor nodrag nowheel"
          aria-label="Note text (Markdown)"
          data-testid={`note-editor-${id}`}
          value={draft}
          autoFocus
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.key === 'Escape') setDraft(null);
            else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) commit();
          }}
        />
      ) : (
        <div
          className="nl-note__body"
          data-testid={`note-${id}`}
          title="Double-click to edit (Markdown)"
          onDoubleClick={(e) => {
            e.stopPropagation();
            setDraft(text);
          }}
        >
          {text.trim() ? (
            <Markdown source={text} />
          ) : (
            <p className="nl-note__empty">Double-click to write a note</p>
          )}
        </div>
      )}
    </div>
  );
});
