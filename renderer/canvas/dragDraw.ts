import type { InternalNode, ReactFlowState } from '@xyflow/react';
import { getEdgePosition } from '@xyflow/system';
import type { Position } from '../../shared/graph/document';
import type { FlowEdge, FlowNode } from '../store/selectors';
import { wireShape } from './GraphEdge';

/**
 * One frame of a live drag (liveDrag.ts) drawn straight into React Flow's DOM: the
 * moved nodes' transforms, written as React Flow's node wrapper writes them, and the
 * path and order badge of each wire attached to them, from the same getEdgePosition
 * its edge wrapper uses. No React render and no store update: at 2,000 nodes those
 * were most of a drag frame. React Flow's store keeps the last positions it was given;
 * React only rewrites these attributes when its own values change, and they change
 * to the live positions (the store is updated with them, liveDrag.ts says when).
 *
 * False when React Flow must be updated instead: it shows the MiniMap or the box
 * around a selection (NodesSelection), which draw the positions in its store, or a
 * node is another's child.
 */
export function drawDragFrame(
  state: ReactFlowState<FlowNode, FlowEdge>,
  positions: Readonly<Record<string, Position>>,
): boolean {
  const { domNode, nodeLookup, edgeLookup, connectionLookup, connectionMode } = state;
  if (!domNode || state.nodesSelectionActive || domNode.querySelector('.react-flow__minimap'))
    return false;
  const moved = new Map<string, InternalNode<FlowNode>>();
  const wires = new Set<string>();
  for (const [id, at] of Object.entries(positions)) {
    const node = nodeLookup.get(id);
    if (!node || node.parentId) return false;
    const positionAbsolute = { x: at.x, y: at.y };
    moved.set(id, { ...node, internals: { ...node.internals, positionAbsolute } });
    for (const c of connectionLookup.get(id)?.values() ?? []) wires.add(c.edgeId);
  }
  for (const [id, node] of moved) {
    const el = domNode.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
    const { x, y } = node.internals.positionAbsolute;
    if (el) el.style.transform = `translate(${x}px,${y}px)`;
  }
  for (const id of wires) {
    const edge = edgeLookup.get(id);
    const g = domNode.querySelector(`.react-flow__edge[data-id="${CSS.escape(id)}"]`);
    if (!edge || !g) continue;
    const sourceNode = moved.get(edge.source) ?? nodeLookup.get(edge.source);
    const targetNode = moved.get(edge.target) ?? nodeLookup.get(edge.target);
    if (!sourceNode || !targetNode) continue;
    const ends = getEdgePosition({
      id,
      sourceNode,
      targetNode,
      sourceHandle: edge.sourceHandle || null,
      targetHandle: edge.targetHandle || null,
      connectionMode,
    });
    if (!ends) continue;
    const { path, badge } = wireShape(ends);
    for (const p of g.querySelectorAll('.react-flow__edge-path, .react-flow__edge-interaction'))
      p.setAttribute('d', path);
    g.querySelector('.nl-edge-order')?.setAttribute('transform', badge);
  }
  return true;
}
