import type { GraphDocument, GraphNode } from '../../shared/graph/document';
import type { NodeRegistry } from '../../shared/nodes/registry';
import type { GraphIssue } from '../../shared/validation/issues';
import { validateGraph } from '../../shared/validation/validateGraph';
import { applyNodeModes } from '../../shared/plan/nodeModes';

export type IssuesByNode = ReadonlyMap<string, readonly GraphIssue[]>;

interface Entry {
  nodes: readonly GraphNode[];
  edges: GraphDocument['edges'];
  registry: NodeRegistry;
  byNode: IssuesByNode;
}

let last: Entry | undefined;

export const NO_ISSUES: readonly GraphIssue[] = [];

/** Same node ids, types and params objects: only positions may differ (a drag). */
function sameStructure(a: readonly GraphNode[], b: readonly GraphNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (
      x !== y &&
      (x.id !== y.id || x.type !== y.type || x.params !== y.params || x.mode !== y.mode)
    )
      return false;
  }
  return true;
}

const sameIssues = (a: readonly GraphIssue[], b: readonly GraphIssue[]): boolean =>
  a.length === b.length &&
  a.every(
    (x, i) =>
      x.message === b[i]!.message &&
      x.field === b[i]!.field &&
      x.severity === b[i]!.severity &&
      x.code === b[i]!.code,
  );

/**
 * validateGraph's issues grouped by node, of the graph as it would run (node modes
 * applied, as the pre-run check does: a bypassed or muted node, and what a muted one
 * holds back, shows no problems; a wire through a reroute is checked end to end),
 * computed once per document structure: a
 * drag (new positions only) or a pan reuses the last result, and a node whose
 * issues did not change keeps its array, so its memoised view does not re-render.
 */
export function issuesByNode(doc: GraphDocument, registry: NodeRegistry): IssuesByNode {
  if (last && last.edges === doc.edges && last.registry === registry) {
    if (last.nodes === doc.nodes) return last.byNode;
    if (sameStructure(last.nodes, doc.nodes)) {
      last = { ...last, nodes: doc.nodes };
      return last.byNode;
    }
  }
  const fresh = new Map<string, GraphIssue[]>();
  for (const issue of validateGraph(applyNodeModes(doc, registry).graph, registry)) {
    const list = fresh.get(issue.nodeId);
    if (list) list.push(issue);
    else fresh.set(issue.nodeId, [issue]);
  }
  const byNode = new Map<string, readonly GraphIssue[]>();
  for (const [id, list] of fresh) {
    const previous = last?.byNode.get(id);
    byNode.set(id, previous && sameIssues(previous, list) ? previous : list);
  }
  last = { nodes: doc.nodes, edges: doc.edges, registry, byNode };
  return byNode;
}
