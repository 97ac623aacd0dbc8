import { useStore, useStoreApi } from '@xyflow/react';
import { useEffect, useRef, useState } from 'react';
import type { Viewport } from '../../shared/graph/document';
import { useApp } from '../host/appContext';
import { useGraph } from '../store/context';
import { toFlowEdges, toFlowNodes } from '../store/selectors';
import type { FlowEdge, FlowNode } from '../store/selectors';
import { cullFlow, cullWindow, windowCovers } from './culling';
import { DETAIL_ZOOM, zoomedOut } from './detail';
import { withEstimatedGeometry } from './geometry';
import { overviewModel } from './overview/layout';
import type { Rect } from './overview/layout';

const NO_NODES: FlowNode[] = [];
const NO_EDGES: FlowEdge[] = [];

/**
 * What React Flow is given to draw: below the detail zoom nothing (the overview layer
 * draws the graph and React Flow only pans and zooms), above it only the nodes and
 * wires around the view (culling.ts).
 */
export function useCulledFlow(defaultViewport: Viewport): {
  lowDetail: boolean;
  nodes: FlowNode[];
  edges: FlowEdge[];
} {
  const { registry } = useApp();
  const storeApi = useStoreApi();
  // Never-measured nodes get an estimated size and handles (geometry.ts), so React
  // Flow mounts only the visible ones instead of every node once to measure it.
  const lowDetail = useStore(zoomedOut);
  const allNodes = useGraph((s) =>
    lowDetail
      ? NO_NODES
      : withEstimatedGeometry(
          toFlowNodes(s.doc, s.selectedNodeIds, registry, s.measured),
          registry,
        ),
  );
  const allEdges = useGraph((s) =>
    lowDetail ? NO_EDGES : toFlowEdges(s.doc, s.selectedEdgeIds, registry),
  );
  const boxes = useGraph((s) =>
    lowDetail ? null : overviewModel(s.doc, registry, s.measured).boxes,
  );
  const [area, setArea] = useState<Rect>(() =>
    cullWindow(defaultViewport, globalThis.innerWidth || 1280, globalThis.innerHeight || 800),
  );
  const areaRef = useRef(area);

  // Zooming out past the detail zoom empties React Flow at once, in the store update
  // that moves the view: its node renderer would otherwise first mount every node now
  // in view (all of them, fitted) for the frame before our nodes={[]} reaches it.
  useEffect(
    () =>
      storeApi.subscribe((s, prev) => {
        if (s.transform === prev.transform && s.width === prev.width && s.height === prev.height)
          return;
        if (s.transform[2] < DETAIL_ZOOM) {
          if (prev.transform[2] >= DETAIL_ZOOM) {
            s.setNodes(NO_NODES);
            s.setEdges(NO_EDGES);
          }
          return;
        }
        // Near the window's edge (or zoomed out of it): a new window, in the same update.
        const [x, y, zoom] = s.transform;
        const view = { x, y, zoom };
        if (!s.width || windowCovers(areaRef.current, view, s.width, s.height)) return;
        areaRef.current = cullWindow(view, s.width, s.height);
        setArea(areaRef.current);
      }),
    [storeApi],
  );

  const { nodes, edges } = boxes
    ? cullFlow(allNodes, allEdges, boxes, area)
    : { nodes: NO_NODES, edges: NO_EDGES };
  return { lowDetail, nodes, edges };
}
