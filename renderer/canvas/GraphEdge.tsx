import { BaseEdge, getBezierPath } from '@xyflow/react';
import type { EdgeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { FlowEdge } from '../store/selectors';
import { portClass } from './compat';

/** Where on the wire the order badge sits: near the input, but apart for each source. */
const BADGE_AT = 0.8;

/** Control offset of React Flow's bezier (getBezierPath, curvature 0.25). */
const controlOffset = (d: number): number => (d >= 0 ? 0.5 * d : 0.25 * 25 * Math.sqrt(-d));

/** The point at `t` on the bezier React Flow draws from a right-side source to a left-side target. */
export function alongWire(sx: number, sy: number, tx: number, ty: number, t: number) {
  const c1x = sx + controlOffset(tx - sx);
  const c2x = tx - controlOffset(tx - sx);
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return { x: a * sx + b * c1x + c * c2x + d * tx, y: a * sy + b * sy + c * ty + d * ty };
}

/** A wire's two ends, as React Flow computes them (getEdgePosition). */
export interface WireEnds {
  sourceX: number;
  sourceY: number;
  sourcePosition: Position;
  targetX: number;
  targetY: number;
  targetPosition: Position;
}

/**
 * A wire's drawn shape: its path and where its order badge goes (an SVG transform).
 * Rendered by GraphEdge, and written straight into the DOM on drag frames (dragDraw.ts).
 */
export function wireShape(ends: WireEnds): { path: string; badge: string } {
  const [path] = getBezierPath(ends);
  const at = alongWire(ends.sourceX, ends.sourceY, ends.targetX, ends.targetY, BADGE_AT);
  return { path, badge: `translate(${at.x} ${at.y})` };
}

/**
 * A wire coloured by what it carries. Wires into a list input (image_urls) carry
 * their place in the list as a small numbered badge near the input.
 */
export const GraphEdge = memo(function GraphEdge({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
  selected,
  interactionWidth,
}: EdgeProps<FlowEdge>) {
  const { path, badge } = wireShape({
    sourceX,
    sourceY,
    sourcePosition,
    targetX,
    targetY,
    targetPosition,
  });
  const type = data?.portType ? portClass(data.portType) : 'unknown';
  const order = data?.order;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        className={`nl-edge nl-edge--${type}${selected ? ' is-selected' : ''}`}
        interactionWidth={interactionWidth}
      />
      {order !== undefined ? (
        <g className="nl-edge-order" transform={badge} data-testid={`edge-order-${id}`}>
          <circle r={8} />
          <text textAnchor="middle" dominantBaseline="central">
            {order}
          </text>
        </g>
      ) : null}
    </>
  );
});
