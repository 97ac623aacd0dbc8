import type { GraphSketch } from '../../../shared/contract/hostApi';

const WIDTH = 72;
const HEIGHT = 44;
const PAD = 4;
/** A node's box in canvas units (about a node's size on the canvas). */
const NODE_W = 240;
const NODE_H = 160;

/** The graph as it was queued, in miniature: node boxes by kind and their wires. */
export function GraphSketchView({ sketch }: { sketch: GraphSketch }) {
  const { nodes, edges } = sketch;
  if (nodes.length === 0) return <svg className="queue-sketch" width={WIDTH} height={HEIGHT} />;
  const minX = Math.min(...nodes.map((n) => n.x));
  const minY = Math.min(...nodes.map((n) => n.y));
  const spanX = Math.max(...nodes.map((n) => n.x)) + NODE_W - minX;
  const spanY = Math.max(...nodes.map((n) => n.y)) + NODE_H - minY;
  const scale = Math.min((WIDTH - 2 * PAD) / spanX, (HEIGHT - 2 * PAD) / spanY);
  const w = Math.max(2, NODE_W * scale);
  const h = Math.max(2, NODE_H * scale);
  // Centred in the box, whichever way the graph is longer.
  const left = (WIDTH - spanX * scale) / 2;
  const top = (HEIGHT - spanY * scale) / 2;
  const at = (n: { x: number; y: number }) => ({
    x: left + (n.x - minX) * scale,
    y: top + (n.y - minY) * scale,
  });
  return (
    <svg
      className="queue-sketch"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      aria-hidden="true"
    >
      {edges.map(([from, to], i) => {
        const a = nodes[from];
        const b = nodes[to];
        if (!a || !b) return null;
        const p = at(a);
        const q = at(b);
        return (
          <line
            key={i}
            className="queue-sketch-wire"
            x1={p.x + w}
            y1={p.y + h / 2}
            x2={q.x}
            y2={q.y + h / 2}
          />
        );
      })}
      {nodes.map((n, i) => {
        const p = at(n);
        return (
          <rect
            key={i}
            className={`queue-sketch-node is-${n.kind}`}
            x={p.x}
            y={p.y}
            width={w}
            height={h}
            rx={Math.min(2, w / 4)}
          />
        );
      })}
    </svg>
  );
}
