import { memo, useEffect, useState } from 'react';
import { RENAME_NODE_EVENT } from './renameNode';
import { MAX_NODE_TITLE } from '../../shared/graph/document';
import { nodeId as toNodeId } from '../../shared/graph/ids';
import { useGraph, useGraphActions } from '../store/context';
import { getNode } from '../store/selectors';
import '../styles/nodeNotes.css';

/**
 * A node's name in its title bar: the artist's own name, or the type's label. A
 * double-click edits it in place; Enter or leaving the field keeps it (one undo
 * step), Escape cancels, and an empty name goes back to the type's label.
 */
export const NodeTitle = memo(function NodeTitle({
  nodeId,
  typeTitle,
  typeName = typeTitle,
}: {
  nodeId: string;
  /** The type's full label ("Nano Banana Pro (RunComfy)"): the name a rename starts from. */
  typeTitle: string;
  /**
   * What the header shows of it while the line below names the provider ("Nano Banana
   * Pro"); the rest of `typeTitle` shows only zoomed out, where that line is hidden.
   */
  typeName?: string;
}) {
  const title = useGraph((s) => getNode(s.doc, nodeId)?.title);
  const { dispatch } = useGraphActions();
  const [draft, setDraft] = useState<string | null>(null);
  // Rename from a command (the node's context menu, F2).
  useEffect(() => {
    const start = (e: CustomEvent<{ nodeId: string }>): void => {
      if (e.detail.nodeId === nodeId) setDraft(title ?? typeTitle);
    };
    window.addEventListener(RENAME_NODE_EVENT, start);
    return () => window.removeEventListener(RENAME_NODE_EVENT, start);
  }, [nodeId, title, typeTitle]);

  const commit = (): void => {
    if (draft === null) return;
    setDraft(null);
    const next = draft.trim() === '' || draft.trim() === typeTitle ? undefined : draft;
    dispatch({ type: 'setTitle', nodeId: toNodeId(nodeId), title: next });
  };

  if (draft !== null) {
    return (
      <input
        className="nl-title-input nodrag"
        data-testid={`title-input-${nodeId}`}
        aria-label="Node name"
        value={draft}
        maxLength={MAX_NODE_TITLE}
        autoFocus
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          // Keys typed here are the name's, not the canvas shortcuts'.
          e.stopPropagation();
          if (e.key === 'Enter') commit();
          else if (e.key === 'Escape') setDraft(null);
        }}
      />
    );
  }
  return (
    <span
      className={`nl-node__name${title ? ' nl-node__name--custom' : ''}`}
      data-testid={`title-${nodeId}`}
      title={title ? `${title} (${typeTitle}) — double-click to rename` : 'Double-click to rename'}
      onDoubleClick={(e) => {
        e.stopPropagation();
        setDraft(title ?? typeTitle);
      }}
    >
      {title ?? typeName}
      {title === undefined && typeName !== typeTitle && typeTitle.startsWith(typeName) ? (
        <span className="nl-node__suffix">{typeTitle.slice(typeName.length)}</span>
      ) : null}
    </span>
  );
});
