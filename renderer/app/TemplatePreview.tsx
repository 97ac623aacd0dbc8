import { memo } from 'react';
import type { GraphDocument, GraphNode } from '../../shared/graph/document';
import { LOAD_IMAGE_NODE, PREVIEW_NODE, PROMPT_NODE } from '../../shared/nodes/builtins';
import { nodeName } from '../../shared/nodes/nodeName';
import type { NodeRegistry } from '../../shared/nodes/registry';

const NODE_W = 280;
const NODE_H = 190;
/** A Load Image shows its picture: taller, so the picture reads at card size. */
const IMAGE_NODE_H = 240;
const PAD = 40;

type Kind = 'prompt' | 'image' | 'model' | 'output';

const kindOf = (node: GraphNode): Kind =>
  node.type === PROMPT_NODE
    ? 'prompt'
    : node.type === LOAD_IMAGE_NODE
      ? 'image'
      : node.type === PREVIEW_NODE
        ? 'output'
        : 'model';

const heightOf = (node: GraphNode): number => (imageOf(node) ? IMAGE_NODE_H : NODE_H);

function imageOf(node: GraphNode): string | null {
  const source = node.params['source'];
  return node.type === LOAD_IMAGE_NODE && typeof source === 'string' && source.startsWith('data:')
    ? source
    : null;
}

/**
 * A template's picture: its graph drawn from the document itself (boxes where the
 * nodes are, wires between them, the images it loads), so every preview is exact
 * and made the same way each time, with no screenshot to keep in step.
 */
export const TemplatePreview = memo(function TemplatePreview({
  graph,
  registry,
}: {
  graph: GraphDocument;
  registry: NodeRegistry;
}) {
  const xs = graph.nodes.map((n) => n.position.x);
  const ys = graph.nodes.map((n) => n.position.y);
  const minX = Math.min(...xs) - PAD;
  const minY = Math.min(...ys) - PAD;
  const width = Math.max(...xs) + NODE_W + PAD - minX;
  const height = Math.max(...graph.nodes.map((n) => n.position.y + heightOf(n))) + PAD - minY;
  const byId = new Map(graph.nodes.map((n) => [n.id as string, n]));
  return (
    <svg
      className="nl-template-preview"
      viewBox={`${minX} ${minY} ${width} ${height}`}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label={`${graph.nodes.length} nodes: ${graph.nodes.map((n) => nodeName(n, registry)).join(', ')}`}
    >
      {graph.edges.map((e) => {
        const a = byId.get(e.source);
        const b = byId.get(e.target);
        if (!a || !b) return null;
        const x1 = a.position.x + NODE_W;
        const y1 = a.position.y + heightOf(a) / 2;
        const x2 = b.position.x;
        const y2 = b.position.y + heightOf(b) / 2;
        const bend = Math.max(40, Math.abs(x2 - x1) / 2);
        return (
          <path
            key={e.id}
            className="nl-template-preview__wire"
            d={`M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`}
          />
        );
      })}
      {graph.nodes.map((n) => {
        const image = imageOf(n);
        return (
          <g key={n.id} transform={`translate(${n.position.x} ${n.position.y})`}>
            <rect
              className={`nl-template-preview__node nl-template-preview__node--${kindOf(n)}`}
              width={NODE_W}
              height={heightOf(n)}
              rx={22}
            />
            <rect
              className={`nl-template-preview__head nl-template-preview__node--${kindOf(n)}`}
              width={NODE_W}
              height={44}
              rx={22}
            />
            {image ? (
              <image
                href={image}
                x={14}
                y={56}
                width={NODE_W - 28}
                height={IMAGE_NODE_H - 70}
                preserveAspectRatio="xMidYMid slice"
              />
            ) : null}
          </g>
        );
      })}
    </svg>
  );
});
