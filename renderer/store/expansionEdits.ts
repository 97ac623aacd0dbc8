import type { GraphDocument, GraphNode } from '../../shared/graph/document';

/**
 * Document edits of run expansion (shared/plan/expand): a node's swept values, the
 * variant of its last "new take", and how alternatives and sweeps combine.
 */

export function setSweep(
  doc: GraphDocument,
  nodeId: string,
  sweep: GraphNode['sweep'],
): GraphDocument {
  return editNode(doc, nodeId, (node) => {
    const { sweep: _old, ...rest } = node;
    return sweep ? { ...rest, sweep } : rest;
  });
}

export function setLastTake(doc: GraphDocument, nodeId: string, take: number): GraphDocument {
  return editNode(doc, nodeId, (node) =>
    node.lastTake === take ? node : { ...node, lastTake: take },
  );
}

export function setCombine(doc: GraphDocument, combine: GraphDocument['combine']): GraphDocument {
  if ((doc.combine ?? 'product') === (combine ?? 'product')) return doc;
  const { combine: _old, ...rest } = doc;
  return combine && combine !== 'product' ? { ...rest, combine } : rest;
}

function editNode(
  doc: GraphDocument,
  nodeId: string,
  edit: (node: GraphNode) => GraphNode,
): GraphDocument {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) return doc;
  const changed = edit(node);
  if (changed === node) return doc;
  return { ...doc, nodes: doc.nodes.map((n) => (n === node ? changed : n)) };
}
