import type { GraphDocument, GraphNode } from '../graph/document';
import type { NodeRegistry } from './registry';

/** What names a node to people: the name the user gave it, else its type's label. */
export function nodeName(
  node: Pick<GraphNode, 'type' | 'title'> | undefined,
  registry: Pick<NodeRegistry, 'get'>,
): string {
  if (!node) return 'a removed node';
  return node.title ?? registry.get(node.type)?.title ?? 'Unknown node';
}

/**
 * Names by node id for one document, for messages about nodes (issues, skips, the
 * history): never the id itself, which means nothing to the artist.
 */
export function nodeNamer(
  doc: Pick<GraphDocument, 'nodes'>,
  registry: Pick<NodeRegistry, 'get'>,
): (id: string) => string {
  const byId = new Map(doc.nodes.map((n) => [n.id as string, n]));
  return (id) => nodeName(byId.get(id), registry);
}

/** Why a node did not run: a node it needs did not finish (the engine and the history). */
export const skippedMessage = (dependencyName: string): string =>
  `skipped: "${dependencyName}" did not finish`;
