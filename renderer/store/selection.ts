import type { GraphDocument } from '../../shared/graph/document';
import { nodeIndex } from './nodeIndex';
import type { GraphState } from './types';

/**
 * Selection is view state next to the document: it never enters history, but it must
 * never name a node or edge the document no longer has (after a delete or an undo).
 */

export type Selection = Pick<GraphState, 'selectedNodeIds' | 'selectedEdgeIds'>;

/** The selection without ids the document no longer has; unchanged arrays keep their identity. */
export function pruneSelection(doc: GraphDocument, sel: Selection): Selection {
  const nodes = nodeIndex(doc.nodes);
  const keptNodes = sel.selectedNodeIds.filter((id) => nodes.has(id));
  let keptEdges = sel.selectedEdgeIds;
  if (keptEdges.length > 0) {
    const edges = new Set<string>(doc.edges.map((e) => e.id));
    keptEdges = keptEdges.filter((id) => edges.has(id));
  }
  return {
    selectedNodeIds:
      keptNodes.length === sel.selectedNodeIds.length ? sel.selectedNodeIds : keptNodes,
    selectedEdgeIds:
      keptEdges.length === sel.selectedEdgeIds.length ? sel.selectedEdgeIds : keptEdges,
  };
}

const sameIds = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * The selection to store for a request, or null when it equals the current one, so
 * React Flow echoing a selection back does not notify every subscriber.
 */
export function nextSelection(
  doc: GraphDocument,
  current: Selection,
  requested: Selection,
): Selection | null {
  const next = pruneSelection(doc, requested);
  const nodesSame = sameIds(next.selectedNodeIds, current.selectedNodeIds);
  const edgesSame = sameIds(next.selectedEdgeIds, current.selectedEdgeIds);
  if (nodesSame && edgesSame) return null;
  return {
    // Copies: the caller's arrays may be React Flow's and change under us.
    selectedNodeIds: nodesSame ? current.selectedNodeIds : [...next.selectedNodeIds],
    selectedEdgeIds: edgesSame ? current.selectedEdgeIds : [...next.selectedEdgeIds],
  };
}
