import { X } from 'lucide-react';
import { nodeName } from '../../shared/nodes/nodeName';
import { useCallback, useMemo } from 'react';
import { nodeId } from '../../shared/graph/ids';
import { getNode } from '../store/selectors';
import { useApp } from '../host/appContext';
import { runProblems, problemsTitle } from './runCommands';
import { useStructure } from '../store/structure';
import { useStudio, useUi } from './studioContext';
import type { IssueView } from './uiStore';

interface IssuesPanelProps {
  title: string;
  items: readonly IssueView[];
  /** The node's name as the artist knows it ("Prompt n1"); the id when the node is gone. */
  nodeLabel(nodeId: string): string;
  /** Selects the node and brings it into view. */
  onFocus(nodeId: string): void;
  onClose(): void;
  /** What an empty list means. */
  emptyText?: string;
  /** The list is empty because every problem was fixed: good news, not drawn as an error. */
  resolved?: boolean;
}

/** Why a run cannot start: one entry per problem; clicking one shows its node. */
export function IssuesPanel({
  title,
  items,
  nodeLabel,
  onFocus,
  onClose,
  emptyText = 'The host gave no details.',
  resolved = false,
}: IssuesPanelProps) {
  return (
    <section className="issues-panel" data-testid="issues-panel" aria-label="Problems">
      <header className="panel-header">
        <h2 role="alert" className={resolved ? 'is-clear' : undefined}>
          {title}
        </h2>
        <button type="button" className="icon-button" aria-label="Close problems" onClick={onClose}>
          <X size={16} aria-hidden="true" />
        </button>
      </header>
      {items.length === 0 ? (
        <p className="panel-empty">{emptyText}</p>
      ) : (
        <ul className="issue-list">
          {items.map((issue, i) => (
            <li key={`${issue.nodeId}:${issue.field ?? ''}:${i}`}>
              <button
                type="button"
                className={`issue-entry ${issue.severity}`}
                data-testid="issue-entry"
                data-node-id={issue.nodeId}
                onClick={() => onFocus(issue.nodeId)}
                title="Show this node"
              >
                <span className="issue-node">
                  {nodeLabel(issue.nodeId)}
                  {issue.field ? ` · ${issue.field}` : ''}
                </span>
                <span className="issue-message">{issue.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const NO_TARGETS: readonly string[] = [];

/**
 * The panel for the problems the studio holds; an entry selects its node and shows it.
 * The app's own check follows the edits (a fixed problem leaves the list); what the
 * host reported stays as it was said.
 */
export function StudioIssues() {
  const { registry } = useApp();
  const { graph, ui, canvas } = useStudio();
  const issues = useUi((s) => s.issues);
  // Structure only: a node drag must not re-check the graph on every frame.
  const doc = useStructure('shown');
  const live = issues?.live;
  const targets = live?.targets ?? NO_TARGETS;
  const liveItems = useMemo(
    () => (live ? runProblems(doc, registry, targets) : null),
    [live, doc, registry, targets],
  );
  const nodeLabel = useCallback(
    (id: string) => {
      const node = getNode(graph.getState().doc, id);
      return node ? nodeName(node, registry) : 'a node no longer in the graph';
    },
    [graph, registry],
  );
  if (!issues) return null;
  return (
    <IssuesPanel
      title={liveItems ? problemsTitle(liveItems.length) : issues.title}
      items={liveItems ?? issues.items}
      nodeLabel={nodeLabel}
      onFocus={(id) => {
        if (!getNode(graph.getState().doc, id)) return;
        graph.getState().setSelection([nodeId(id)], []);
        canvas.current?.focusNode(id);
      }}
      onClose={() => ui.getState().clearIssues()}
      resolved={liveItems?.length === 0}
      {...(liveItems ? { emptyText: 'Every problem is fixed. Run again when ready.' } : {})}
    />
  );
}
