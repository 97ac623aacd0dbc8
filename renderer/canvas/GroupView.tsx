import { Handle, NodeResizeControl, Position } from '@xyflow/react';
import type { NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import type { CSSProperties } from 'react';
import { GROUP_MIN_SIZE, MAX_NODE_TITLE } from '../../shared/graph/document';
import { GROUP_COLORS, groupMembers } from '../../shared/graph/groups';
import { useGraph, useGraphActions, useGraphStore } from '../store/context';
import { GROUP_IN_HANDLE, GROUP_OUT_HANDLE } from '../store/selectors';
import type { GroupFlowNode } from '../store/selectors';
import { requestRunNodes } from './runNodes';

/**
 * A group (frame) behind its nodes: a coloured title bar that drags the group and
 * its nodes, a double-click on the title renames it, buttons to run, collapse and
 * ungroup; the bottom-right corner resizes it. Collapsed, it is the bar alone and
 * the wires of its hidden nodes end at the bar's edges.
 */
export const GroupView = memo(function GroupView({ data }: NodeProps<GroupFlowNode>) {
  const { groupId } = data;
  const group = useGraph((s) => s.doc.groups?.find((g) => g.id === groupId));
  const store = useGraphStore();
  const { dispatch } = useGraphActions();
  const [draft, setDraft] = useState<string | null>(null);
  if (!group) return null;
  const collapsed = group.collapsed === true;
  const members = (): string[] => groupMembers(store.getState().doc, group);
  const commitTitle = (): void => {
    if (draft === null) return;
    setDraft(null);
    if (draft.trim()) dispatch({ type: 'updateGroup', groupId, changes: { title: draft } });
  };
  const nextColor = (): string => {
    const at = GROUP_COLORS.indexOf(group.color as (typeof GROUP_COLORS)[number]);
    return GROUP_COLORS[(at + 1) % GROUP_COLORS.length]!;
  };
  return (
    <div
      className={`nl-group${collapsed ? ' is-collapsed' : ''}`}
      data-testid={`group-${groupId}`}
      style={{ '--nl-group-color': group.color } as CSSProperties}
    >
      <header className="nl-group__bar">
        <div className="nl-group__drag" data-testid={`group-bar-${groupId}`}>
          {draft !== null ? (
            <input
              className="nl-title-input nodrag"
              aria-label="Group name"
              data-testid={`group-title-input-${groupId}`}
              value={draft}
              maxLength={MAX_NODE_TITLE}
              autoFocus
              onFocus={(e) => e.currentTarget.select()}
              onChange={(e) => setDraft(e.target.value)}
              onBlur={commitTitle}
              onKeyDown={(e) => {
                e.stopPropagation();
                if (e.key === 'Enter') commitTitle();
                else if (e.key === 'Escape') setDraft(null);
              }}
            />
          ) : (
            <span
              className="nl-group__title"
              data-testid={`group-title-${groupId}`}
              title="Drag to move the group and its nodes; double-click to rename"
              onDoubleClick={(e) => {
                e.stopPropagation();
                setDraft(group.title);
              }}
            >
              {group.title}
            </span>
          )}
        </div>
        <div className="nl-group__actions nodrag">
          <button
            type="button"
            className="nl-group__button"
            title="Run the nodes of this group and what they need"
            data-testid={`group-run-${groupId}`}
            onClick={(e) => requestRunNodes(e.currentTarget, members())}
          >
            ▶ Run
          </button>
          <button
            type="button"
            className="nl-group__button nl-group__swatch"
            title="Change the colour"
            aria-label="Change the group's colour"
            onClick={() =>
              dispatch({ type: 'updateGroup', groupId, changes: { color: nextColor() } })
            }
          />
          <button
            type="button"
            className="nl-group__button"
            title={
              collapsed ? 'Expand: show its nodes' : 'Collapse: hide its nodes behind this bar'
            }
            aria-label={collapsed ? 'Expand group' : 'Collapse group'}
            aria-expanded={!collapsed}
            data-testid={`group-collapse-${groupId}`}
            onClick={() =>
              dispatch({ type: 'updateGroup', groupId, changes: { collapsed: !collapsed } })
            }
          >
            {collapsed ? '▸' : '▾'}
          </button>
          <button
            type="button"
            className="nl-group__button"
            title="Ungroup: remove the frame, keep the nodes"
            aria-label="Ungroup"
            data-testid={`group-ungroup-${groupId}`}
            onClick={() => dispatch({ type: 'removeGroup', groupId })}
          >
            ✕
          </button>
        </div>
      </header>
      {collapsed ? (
        <>
          <Handle
            type="target"
            position={Position.Left}
            id={GROUP_IN_HANDLE}
            className="nl-handle nl-group__handle"
            isConnectable={false}
          />
          <Handle
            type="source"
            position={Position.Right}
            id={GROUP_OUT_HANDLE}
            className="nl-handle nl-group__handle"
            isConnectable={false}
          />
        </>
      ) : (
        <NodeResizeControl
          position="bottom-right"
          minWidth={GROUP_MIN_SIZE.width}
          minHeight={GROUP_MIN_SIZE.height}
          className="nl-group__resize"
          onResize={(_e, p) =>
            dispatch({
              type: 'updateGroup',
              groupId,
              changes: { rect: { ...group.rect, width: p.width, height: p.height } },
            })
          }
        >
          <span
            className="nl-node__resize-grip"
            data-testid={`group-resize-${groupId}`}
            aria-hidden
          />
        </NodeResizeControl>
      )}
    </div>
  );
});
