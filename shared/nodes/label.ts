import type { GraphNode } from '../graph/document';
import type { NodeRegistry } from './registry';

/**
 * How a message names a node: its own title when it has one (a field the document
 * may carry), else its type's label with its id, as the issues name nodes.
 */
export function nodeLabel(node: GraphNode, registry: NodeRegistry): string {
  const title = (node as GraphNode & { title?: unknown }).title;
  if (typeof title === 'string' && title.trim() !== '') return `"${title.trim()}"`;
  const type = registry.get(node.type)?.title ?? node.type;
  return `${type} "${node.id}"`;
}
