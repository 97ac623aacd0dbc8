import { Position } from '@xyflow/react';
import type { NodeHandle } from '@xyflow/react';
import type { NodeRegistry } from '../../shared/nodes/registry';
import type { NodeSpec, WidgetSpec } from '../../shared/nodes/spec';
import { isGroupFlowNode } from '../store/selectors';
import type { FlowNode } from '../store/selectors';
import { LAYOUT_NODES, PREVIEW_NODE } from '../../shared/nodes/builtins';
import { HEADER_HEIGHT } from './legibility';
import { NODE_WIDTH, PREVIEW_WIDTH } from './placement';

/**
 * Estimated geometry for nodes React Flow has never measured.
 *
 * React Flow renders every node without handle bounds, even with
 * onlyRenderVisibleElements, just to measure it: at 2,000 nodes that mounts, lays out
 * and measures all of them before it drops the ~1,980 off screen. A node that comes
 * with a size (`measured`, and `initialWidth`/`initialHeight`, which React Flow does
 * not put on the element once it has handle bounds) and `handles` counts as measured,
 * so only the visible ones mount; their real measurements (the store's `measured`)
 * then replace the estimates. The sizes follow canvas.css (border-box, as app.css sets).
 */

const BORDER = 1;
/** `.nl-node__title`: a fixed height (long titles end in an ellipsis). */
const TITLE_HEIGHT = HEADER_HEIGHT;
/** `.nl-node__ports`: padding 6 top, 2 bottom; one 22 px row per port pair. */
const PORTS_PAD_TOP = 6;
const PORTS_PAD_BOTTOM = 2;
const PORT_ROW = 22;
const HANDLE = 12;
const LIST_HANDLE = { width: 22, height: 14 };

/** The widget block's height at canvas.css sizes (rows, gaps, padding 6 + 10). */
export function estimateWidgetsHeight(
  widgets: readonly WidgetSpec[],
  links: Readonly<Record<string, string>> = {},
): number {
  if (widgets.length === 0) return 0;
  const rows = widgets.map((w) =>
    w.kind === 'toggle' ? 22 : w.kind === 'text' && w.multiline && !links[w.key] ? 100 : 46,
  );
  return rows.reduce((a, b) => a + b, 0) + 6 * (rows.length - 1) + 16;
}

export interface EstimatedGeometry {
  width: number;
  height: number;
  handles: NodeHandle[];
}

const geometryCache = new WeakMap<NodeSpec, EstimatedGeometry>();

/** A node's size and handle boxes as canvas.css lays it out at zoom 1 (before any run). */
export function estimateGeometry(spec: NodeSpec): EstimatedGeometry {
  const hit = geometryCache.get(spec);
  if (hit) return hit;
  const width = spec.type === PREVIEW_NODE ? PREVIEW_WIDTH : NODE_WIDTH;
  const title = TITLE_HEIGHT;
  const rows = Math.max(spec.inputs.length, spec.outputs.length);
  const portsTop = BORDER + title;
  const ports = rows > 0 ? PORTS_PAD_TOP + rows * PORT_ROW + PORTS_PAD_BOTTOM : 0;
  const handles: NodeHandle[] = [];
  spec.inputs.forEach((port, i) => {
    const box = port.multiple ? LIST_HANDLE : { width: HANDLE, height: HANDLE };
    const centreY = portsTop + PORTS_PAD_TOP + i * PORT_ROW + PORT_ROW / 2;
    handles.push({
      id: port.id,
      type: 'target',
      position: Position.Left,
      x: BORDER - box.width / 2,
      y: centreY - box.height / 2,
      width: box.width,
      height: box.height,
    });
  });
  spec.outputs.forEach((port, i) => {
    const centreY = portsTop + PORTS_PAD_TOP + i * PORT_ROW + PORT_ROW / 2;
    handles.push({
      id: port.id,
      type: 'source',
      position: Position.Right,
      x: width - BORDER - HANDLE / 2,
      y: centreY - HANDLE / 2,
      width: HANDLE,
      height: HANDLE,
    });
  });
  const height = portsTop + ports + estimateWidgetsHeight(spec.widgets) + BORDER;
  const geometry = { width, height, handles };
  geometryCache.set(spec, geometry);
  return geometry;
}

/** See withEstimatedGeometry: keeps an estimate from ever equalling a measurement. */
const ESTIMATE_OFFSET = 0.5;

const estimated = new WeakMap<FlowNode, { spec: NodeSpec; copy: FlowNode }>();
const results = new WeakMap<readonly FlowNode[], { registry: NodeRegistry; result: FlowNode[] }>();

/**
 * `nodes` (toFlowNodes' result) with an estimated size and handles on every node that
 * has no measured size yet. Same input array, same output array; an unchanged flow
 * node keeps its estimated copy, so identity stays stable for React Flow and the views.
 * Nodes of unknown types are left as they are (React Flow measures them on mount).
 */
export function withEstimatedGeometry(nodes: FlowNode[], registry: NodeRegistry): FlowNode[] {
  const last = results.get(nodes);
  if (last?.registry === registry) return last.result;
  let changed = false;
  // Unchanged flow nodes (toFlowNodes keeps them) keep the previous call's copies.
  const prev =
    lastCall?.registry === registry && lastCall.nodes.length === nodes.length ? lastCall : null;
  const result = nodes.map((node, i) => {
    if (prev && prev.nodes[i] === node) {
      if (prev.result[i] !== node) changed = true;
      return prev.result[i]!;
    }
    // Groups come sized; reroutes and notes are measured on mount (their own views).
    if (node.measured || isGroupFlowNode(node)) return node;
    const spec = registry.get(node.data.nodeType);
    if (!spec || LAYOUT_NODES.has(spec.type)) return node;
    changed = true;
    const hit = estimated.get(node);
    if (hit?.spec === spec) return hit.copy;
    const { width, height, handles } = estimateGeometry(spec);
    // `measured` too: React Flow's fitView (and `nodesInitialized`) wait for every node
    // to have a measured size. Half a pixel off, so the first real measurement
    // (whole pixels) always differs, reaches the store and replaces the estimate.
    const measured = { width: width + ESTIMATE_OFFSET, height: height + ESTIMATE_OFFSET };
    const copy = { ...node, initialWidth: width, initialHeight: height, measured, handles };
    estimated.set(node, { spec, copy });
    return copy;
  });
  const out = changed ? result : nodes;
  results.set(nodes, { registry, result: out });
  lastCall = { nodes, registry, result: out };
  return out;
}

let lastCall: { nodes: readonly FlowNode[]; registry: NodeRegistry; result: FlowNode[] } | null =
  null;
