import type { GraphSketch } from '../contract/queueSchemas';
import { LOAD_IMAGE_NODE, PREVIEW_NODE, PROMPT_NODE } from '../nodes/builtins';
import type { NodeRegistry } from '../nodes/registry';
import type { GraphDocument } from './document';

/** More nodes than this are drawn as the first ones: a sketch stays small to send. */
export const MAX_SKETCH_NODES = 400;

/**
 * A small drawing of a graph for lists (the run queue): each node's position and
 * kind, and the wires as pairs of node indexes. No parameters, no images.
 */
export function graphSketch(doc: GraphDocument, registry: NodeRegistry): GraphSketch {
  const nodes = doc.nodes.slice(0, MAX_SKETCH_NODES);
  const index = new Map(nodes.map((n, i) => [n.id as string, i]));
  const kindOf = (type: string): GraphSketch['nodes'][number]['kind'] => {
    if (type === PROMPT_NODE) return 'prompt';
    if (type === LOAD_IMAGE_NODE) return 'image';
    if (type === PREVIEW_NODE) return 'output';
    return registry.get(type)?.model ? 'model' : 'other';
  };
  return {
    nodes: nodes.map((n) => ({ x: n.position.x, y: n.position.y, kind: kindOf(n.type) })),
    edges: doc.edges.flatMap((e) => {
      const from = index.get(e.source);
      const to = index.get(e.target);
      return from === undefined || to === undefined ? [] : [[from, to] as [number, number]];
    }),
  };
}

/** How much of a prompt a list shows. */
export const EXCERPT_CHARS = 140;

/**
 * What the graph asks for, in a line: the first Prompt node's text (else a model's
 * own prompt), shortened. What tells two snapshots of one workflow apart.
 */
export function promptExcerpt(doc: GraphDocument): string | undefined {
  const texts = [
    ...doc.nodes.filter((n) => n.type === PROMPT_NODE).map((n) => n.params['text']),
    ...doc.nodes.map((n) => n.params['prompt']),
  ];
  const text = texts.find((t): t is string => typeof t === 'string' && t.trim() !== '');
  if (text === undefined) return undefined;
  const line = text.trim().replace(/\s+/g, ' ');
  return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS - 1)}…` : line;
}
