import type { EdgeId, NodeId } from '../graph/ids';

export type IssueCode =
  | 'unknown-node-type'
  | 'missing-node'
  | 'missing-handle'
  | 'incompatible-ports'
  | 'too-many-connections'
  | 'missing-input'
  | 'image-count'
  | 'invalid-param'
  | 'unknown-param'
  | 'invalid-source'
  | 'cycle'
  /** A component instance that cannot be expanded (nested too deep, holds itself). */
  | 'component'
  /** A job for a provider that has no API key (the pre-run check, not the graph). */
  | 'missing-key';

/** One thing wrong with a graph, attached to the node the artist has to fix. */
export interface GraphIssue {
  nodeId: NodeId;
  /** The param or port concerned, when there is one. */
  field?: string;
  edgeId?: EdgeId;
  code: IssueCode;
  /** Errors block a run; warnings are shown but do not. */
  severity: 'error' | 'warning';
  message: string;
}

export const blockingIssues = (issues: readonly GraphIssue[]): GraphIssue[] =>
  issues.filter((i) => i.severity === 'error');
