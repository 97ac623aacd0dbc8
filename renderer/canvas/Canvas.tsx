import '@xyflow/react/dist/style.css';
import '../styles/canvas.css';
import '../styles/organise.css';
import {
  Background,
  BackgroundVariant,
  MiniMap,
  ReactFlow,
  SelectionMode,
  useKeyPress,
  useStore,
  useStoreApi,
} from '@xyflow/react';
import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import {
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type {
  DragEvent,
  MouseEvent as ReactMouseEvent,
  PointerEvent as ReactPointerEvent,
} from 'react';
import type { Position } from '../../shared/graph/document';
import type { EdgeId, NodeId } from '../../shared/graph/ids';
import { useApp } from '../host/appContext';
import { useGraph, useGraphActions, useGraphStore } from '../store/context';
import {
  FLOW_EDGE_TYPE,
  FLOW_GROUP_TYPE,
  FLOW_MISSING_NODE_TYPE,
  FLOW_NODE_TYPE,
  FLOW_NOTE_TYPE,
  FLOW_REROUTE_TYPE,
  toFlowEdges,
  getNode,
  toFlowNodes,
} from '../store/selectors';
import type { FlowEdge, FlowNode } from '../store/selectors';
import { instanceComponent } from '../store/componentFrames';
import { CanvasApiContext, CanvasProvider, NODE_TYPE_MIME } from './canvasApi';
import { ComponentBreadcrumb } from './ComponentParts';
import { CanvasControls } from './CanvasControls';
import type { CanvasApi } from './canvasApi';
import { applySelect, summariseEdgeChanges, summariseNodeChanges } from './changes';
import { DETAIL_ZOOM, zoomedOut } from './detail';
import { useDocumentTheme } from './useDocumentTheme';
import { withEstimatedGeometry } from './geometry';
import { LowDetailContext } from './lowDetail';
import { legibleTextPx } from './legibility';
import {
  KeyboardWireAnnouncer,
  KeyboardWireProvider,
  useKeyboardWireApi,
} from './keyboardWireContext';
import type { PortRef } from './keyboardWiring';
import type { WireEnd } from './compat';
import { GraphEdge } from './GraphEdge';
import { GroupView } from './GroupView';
import { NoteView, RerouteView } from './LayoutNodes';
import { NodeView } from './NodeView';
import { OPEN_IMAGE_EVENT } from './openImage';
import { cullFlow, cullWindow, windowCovers } from './culling';
import { boundsOf, overviewModel } from './overview/layout';
import type { Rect } from './overview/layout';
import { OverviewLayer } from './overview/OverviewLayer';
import type { OpenImageDetail } from './openImage';
import { Palette } from './Palette';
import { useCanvasMenus } from './canvasMenus';
import { NODE_WIDTH, usePlacement } from './placement';
import { useWires } from './wires';

// Module scope: React Flow re-creates every node when these objects change.
const nodeTypes: NodeTypes = {
  [FLOW_NODE_TYPE]: NodeView,
  [FLOW_MISSING_NODE_TYPE]: NodeView,
  [FLOW_REROUTE_TYPE]: RerouteView,
  [FLOW_NOTE_TYPE]: NoteView,
  [FLOW_GROUP_TYPE]: GroupView,
};
const edgeTypes: EdgeTypes = { [FLOW_EDGE_TYPE]: GraphEdge };
const NO_NODES: FlowNode[] = [];
const NO_EDGES: FlowEdge[] = [];
const SELECTION_KEYS = ['Shift', 'Control', 'Meta'];
const MULTI_SELECT_KEYS = ['Shift', 'Control', 'Meta'];
const PALETTE_SIZE = { width: 340, height: 380 };
const PRO_OPTIONS = { hideAttribution: true };
/**
 * Held Space turns a drag anywhere (over nodes too) into a pan, as in ComfyUI and
 * image editors. Space alone does not open the node search: a tap and the start of a
 * pan cannot be told apart when the key goes down. Ctrl+K opens it instead.
 */
const PAN_KEY = 'Space';
/**
 * Above this many nodes the MiniMap starts hidden (a Controls button shows it): its
 * SVG holds a rect per node and, as the view rectangle moves on every pan frame, a
 * software rasteriser repaints all of them (CANVAS-BENCH).
 */
export const MINIMAP_AUTO_MAX_NODES = 600;
/**
 * Sets `--nl-legible-px` (legibility.ts) on the canvas element as the zoom changes:
 * node headers read it. Renders nothing; re-runs only when the rounded size changes.
 */
function LegibleText({ target }: { target: { current: HTMLElement | null } }) {
  const px = useStore((s) => legibleTextPx(s.transform[2]));
  useLayoutEffect(() => {
    target.current?.style.setProperty('--nl-legible-px', `${px}px`);
  }, [px, target]);
  return null;
}

/** Static colours: no per-node colour or class functions to call for each rect. */
const MINIMAP_NODE_COLOR = 'var(--nl-minimap-node)';
const MINIMAP_NODE_STROKE = 'transparent';

export interface CanvasProps {
  /**
   * Called when an output thumbnail is clicked. The click is also dispatched as the
   * DOM event `nodeloom:open-image` (see openImage.ts), which bubbles to window.
   */
  onOpenImage?(detail: OpenImageDetail): void;
  /** Receives the canvas handle while mounted (the app's `studio.canvas`). */
  controlRef?: {
    current: Pick<
      CanvasApi,
      'fitView' | 'focusNode' | 'screenToFlow' | 'pointer' | 'openPalette'
    > | null;
  };
  /** React Flow's virtualisation; on by default (CANVAS-BENCH: 58 fps at 2,000 nodes, zoom 1). */
  onlyRenderVisibleElements?: boolean;
  showMiniMap?: boolean;
  className?: string;
}

interface PaletteState {
  /** Where it opened, relative to the canvas element. */
  at: { x: number; y: number };
  /** The same point in flow coordinates: where the node goes. */
  flow: Position;
  wire?: WireEnd;
}

/**
 * The graph editor: a React Flow view controlled by the graph store. Must be inside
 * the AppContext, GraphStoreProvider and RunStoreProvider; wrap it (and NodeLibrary)
 * in <CanvasProvider> to share its handle, or it makes its own provider.
 */
export function Canvas(props: CanvasProps) {
  const api = useContext(CanvasApiContext);
  if (api) return <CanvasView {...props} />;
  return (
    <CanvasProvider>
      <CanvasView {...props} />
    </CanvasProvider>
  );
}

function CanvasView({
  onOpenImage,
  controlRef,
  onlyRenderVisibleElements = true,
  showMiniMap = true,
  className,
}: CanvasProps) {
  const { registry } = useApp();
  const store = useGraphStore();
  const actions = useGraphActions();
  const apiRef = useContext(CanvasApiContext);
  const wrapper = useRef<HTMLDivElement>(null);
  const [palette, setPalette] = useState<PaletteState | null>(null);
  // Where the pointer last was over the canvas (client pixels): pastes and Ctrl+K go there.
  const lastPointer = useRef<{ x: number; y: number } | null>(null);
  const { flow, addNode } = usePlacement(wrapper);
  const [defaultViewport] = useState(() => store.getState().doc.viewport);
  const storeApi = useStoreApi();

  // Never-measured nodes get an estimated size and handles (geometry.ts), so React
  // Flow mounts only the visible ones instead of every node once to measure it.
  // Below the detail zoom the overview layer draws the graph: React Flow gets no
  // nodes or edges (no DOM for them) and only pans and zooms.
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
  // Above it React Flow holds only the nodes around the view (culling.ts).
  const boxes = useGraph((s) =>
    lowDetail ? null : overviewModel(s.doc, registry, s.measured).boxes,
  );
  const [area, setArea] = useState<Rect>(() =>
    cullWindow(defaultViewport, globalThis.innerWidth || 1280, globalThis.innerHeight || 800),
  );
  const areaRef = useRef(area);
  const { nodes, edges } = boxes
    ? cullFlow(allNodes, allEdges, boxes, area)
    : { nodes: NO_NODES, edges: NO_EDGES };

  const openPaletteAt = useCallback(
    (client: { x: number; y: number }, wire?: WireEnd) => {
      const rect = wrapper.current?.getBoundingClientRect();
      if (!rect) return;
      const x = Math.max(0, Math.min(client.x - rect.left, rect.width - PALETTE_SIZE.width));
      const y = Math.max(0, Math.min(client.y - rect.top, rect.height - PALETTE_SIZE.height));
      const at = flow.screenToFlowPosition(client);
      setPalette({ at: { x, y }, flow: at, ...(wire ? { wire } : {}) });
    },
    [flow],
  );

  // Fit from the store's boxes: React Flow holds only the nodes around the view.
  const fitAll = useCallback(() => {
    const s = store.getState();
    const bounds = boundsOf(overviewModel(s.doc, registry, s.measured).boxes);
    if (bounds) void flow.fitBounds(bounds, { padding: 0.1, duration: 200 });
  }, [flow, store, registry]);

  // The handle the app shell and the node library use.
  useEffect(() => {
    const centreClient = () => {
      const r = wrapper.current?.getBoundingClientRect();
      return r ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : { x: 0, y: 0 };
    };
    const handle: CanvasApi = {
      fitView: () => fitAll(),
      focusNode(id) {
        actions.setSelection([id as NodeId], []);
        const node = flow.getInternalNode(id);
        if (node?.measured.width) void flow.fitView({ nodes: [{ id }], maxZoom: 1, duration: 250 });
        else {
          // Never drawn yet (off screen with virtualisation, or zoomed out where React
          // Flow has no nodes): centre on its corner as the store has it.
          const at = getNode(store.getState().doc, id)?.position;
          if (at)
            void flow.setCenter(at.x + NODE_WIDTH / 2, at.y + 120, { zoom: 1, duration: 250 });
        }
      },
      centre: () => flow.screenToFlowPosition(centreClient()),
      screenToFlow: (p) => flow.screenToFlowPosition(p),
      pointer: () => (lastPointer.current ? flow.screenToFlowPosition(lastPointer.current) : null),
      addNode: (type, at) => addNode(type, at),
      openPalette: (at) => openPaletteAt(at ?? lastPointer.current ?? centreClient()),
    };
    if (apiRef) apiRef.current = handle;
    if (controlRef) controlRef.current = handle;
    return () => {
      if (apiRef?.current === handle) apiRef.current = null;
      if (controlRef?.current === handle) controlRef.current = null;
    };
  }, [flow, store, actions, addNode, openPaletteAt, apiRef, controlRef, fitAll]);

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

  // Opening a component shows all of its inside (the way back restores the view).
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.frames.length <= prev.frames.length) return;
        requestAnimationFrame(() => void flow.fitView({ padding: 0.15, maxZoom: 1 }));
      }),
    [store, flow],
  );

  // A document loaded (New, Open) brings its own viewport.
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        const v = s.doc.viewport;
        if (v === prev.doc.viewport) return;
        const cur = flow.getViewport();
        if (cur.x !== v.x || cur.y !== v.y || cur.zoom !== v.zoom) void flow.setViewport(v);
      }),
    [store, flow],
  );

  useEffect(() => {
    const el = wrapper.current;
    if (!el || !onOpenImage) return;
    const listener = (e: CustomEvent<OpenImageDetail>) => onOpenImage(e.detail);
    el.addEventListener(OPEN_IMAGE_EVENT, listener);
    return () => el.removeEventListener(OPEN_IMAGE_EVENT, listener);
  }, [onOpenImage]);

  // React Flow reports a delete as node and edge changes; the store deletes once.
  const deletePending = useRef(false);
  const deleteOnce = useCallback(() => {
    if (deletePending.current) return;
    deletePending.current = true;
    queueMicrotask(() => {
      deletePending.current = false;
      actions.deleteSelection();
    });
  }, [actions]);

  const onNodesChange = useCallback(
    (changes: Parameters<typeof summariseNodeChanges>[0]) => {
      const c = summariseNodeChanges(changes);
      if (c.sizes) actions.setMeasured(c.sizes);
      if (c.dragging) actions.dragNodes(c.dragging);
      if (c.moved) actions.dispatch({ type: 'moveNodes', positions: c.moved });
      if (c.select) {
        const s = store.getState();
        actions.setSelection(applySelect(s.selectedNodeIds, c.select), s.selectedEdgeIds);
      }
      if (c.removed) deleteOnce();
    },
    [actions, store, deleteOnce],
  );

  const onEdgesChange = useCallback(
    (changes: Parameters<typeof summariseEdgeChanges>[0]) => {
      const c = summariseEdgeChanges(changes);
      if (c.select) {
        const s = store.getState();
        actions.setSelection(s.selectedNodeIds, applySelect(s.selectedEdgeIds, c.select));
      }
      if (c.removed) deleteOnce();
    },
    [actions, store, deleteOnce],
  );

  const wires = useWires(openPaletteAt);

  // Alt+click on a wire puts a reroute dot there (ComfyUI's gesture).
  const onEdgeClick = useCallback(
    (e: ReactMouseEvent, edge: FlowEdge) => {
      if (!e.altKey) return;
      e.preventDefault();
      e.stopPropagation();
      const id = actions.insertReroute(
        edge.id as EdgeId,
        flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }),
      );
      if (id) actions.setSelection([id], []);
    },
    [actions, flow],
  );
  // Keyboard wiring: focus follows the wire; a port off screen is brought into view first.
  const focusHandle = useCallback(
    (ref: PortRef) => {
      const selector = `[data-testid="handle-${CSS.escape(ref.nodeId)}-${CSS.escape(ref.portId)}"]`;
      const find = () => wrapper.current?.querySelector<HTMLElement>(selector);
      const found = find();
      if (found) return found.focus();
      const node = flow.getInternalNode(ref.nodeId);
      if (!node) return;
      const { x, y } = node.internals.positionAbsolute;
      void flow
        .setCenter(x + (node.measured.width ?? NODE_WIDTH) / 2, y + 80, {
          zoom: Math.max(flow.getZoom(), 0.6),
        })
        .then(() => requestAnimationFrame(() => find()?.focus()));
    },
    [flow],
  );
  const wiringDeps = useMemo(
    () => ({
      doc: () => store.getState().doc,
      registry,
      connect: wires.onConnect,
      focus: focusHandle,
    }),
    [store, registry, wires.onConnect, focusHandle],
  );
  const keyboardWire = useKeyboardWireApi(wiringDeps);

  const onDoubleClick = useCallback(
    (e: ReactMouseEvent) => {
      if ((e.target as Element).classList.contains('react-flow__pane')) {
        openPaletteAt({ x: e.clientX, y: e.clientY });
      }
    },
    [openPaletteAt],
  );

  // A drag that starts on the empty pane (a pan, or a selection box) captures the
  // pointer: the browser then sends its moves straight to the pane instead of hit
  // testing thousands of nodes and wires under the pointer for each one.
  const pressed = useRef<number | null>(null);
  const onPointerDown = useCallback((e: ReactPointerEvent) => {
    const target = e.target as Element;
    pressed.current = e.button === 0 ? e.pointerId : null;
    if (e.button === 0 && target.classList.contains('react-flow__pane')) {
      target.setPointerCapture(e.pointerId);
    }
  }, []);
  // A node drag (past the drag threshold: no click or double-click to keep) captures the
  // pointer on the node the same way.
  const onNodeDragStart = useCallback((e: globalThis.MouseEvent | TouchEvent) => {
    const node = (e.target as Element | null)?.closest?.('.react-flow__node');
    const id = pressed.current;
    if (node && id !== null && !node.hasPointerCapture(id)) {
      try {
        node.setPointerCapture(id);
      } catch {
        // The pointer is already up (a drag that ended at once): nothing to capture.
      }
    }
  }, []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(NODE_TYPE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(NODE_TYPE_MIME);
      if (!type) return;
      e.preventDefault();
      addNode(type, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
    },
    [addNode, flow],
  );

  const closePalette = useCallback(() => setPalette(null), []);
  // Double-click on an instance opens it (its title keeps double-click for renaming).
  const onNodeDoubleClick = useCallback(
    (e: ReactMouseEvent, node: FlowNode) => {
      const target = e.target as Element;
      if (target.closest('.nl-node__title, input, textarea, select, button')) return;
      if (instanceComponent(store.getState().doc, node.id) === undefined) return;
      actions.openComponent(node.id);
    },
    [actions, store],
  );
  // While Space is held a drag over a node pans too: React Flow keeps draggable nodes
  // out of panning (its `nopan` class), so they stop being draggable for that time.
  const panKeyHeld = useKeyPress(PAN_KEY);
  const menus = useCanvasMenus(lastPointer, closePalette);

  const onPointerMove = useCallback((e: ReactPointerEvent) => {
    lastPointer.current = { x: e.clientX, y: e.clientY };
  }, []);

  const nodeCount = useGraph((s) => s.doc.nodes.length);
  // null: automatic (shown for graphs up to MINIMAP_AUTO_MAX_NODES); else the user's choice.
  const [miniMapChoice, setMiniMapChoice] = useState<boolean | null>(null);
  const miniMapOn = showMiniMap && (miniMapChoice ?? nodeCount <= MINIMAP_AUTO_MAX_NODES);
  const toggleMiniMap = useCallback(() => setMiniMapChoice(!miniMapOn), [miniMapOn]);
  const colorMode = useDocumentTheme();
  // A class on the container while the view moves (no re-render): canvas.css turns
  // hit testing off for nodes, edges and handles until the move ends.
  const onMoveStart = useCallback(() => wrapper.current?.classList.add('nl-moving'), []);
  const onMoveEnd = useCallback(
    (_e: unknown, viewport: { x: number; y: number; zoom: number }) => {
      wrapper.current?.classList.remove('nl-moving');
      actions.setViewport(viewport);
    },
    [actions],
  );

  return (
    <div
      ref={wrapper}
      className={`nl-canvas${lowDetail ? ' nl-low-detail' : ''}${wires.connecting}${className ? ` ${className}` : ''}`}
      data-testid="canvas"
      onDoubleClick={onDoubleClick}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      <KeyboardWireProvider value={keyboardWire}>
        <LowDetailContext.Provider value={lowDetail}>
          <ReactFlow<FlowNode, FlowEdge>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onNodeDoubleClick={onNodeDoubleClick}
            onEdgeClick={onEdgeClick}
            onConnect={wires.onConnect}
            onConnectEnd={wires.onConnectEnd}
            isValidConnection={wires.isValidConnection}
            onNodeDragStart={onNodeDragStart}
            onMoveStart={onMoveStart}
            onMoveEnd={onMoveEnd}
            onPaneContextMenu={menus.onPaneContextMenu}
            onNodeContextMenu={menus.onNodeContextMenu}
            onEdgeContextMenu={menus.onEdgeContextMenu}
            panActivationKeyCode={PAN_KEY}
            nodesDraggable={!panKeyHeld}
            defaultViewport={defaultViewport}
            colorMode={colorMode}
            // An open-source project: React Flow's licence allows hiding the attribution.
            proOptions={PRO_OPTIONS}
            onlyRenderVisibleElements={onlyRenderVisibleElements}
            selectionKeyCode={SELECTION_KEYS}
            multiSelectionKeyCode={MULTI_SELECT_KEYS}
            selectionMode={SelectionMode.Partial}
            deleteKeyCode={null}
            zoomOnDoubleClick={false}
            snapToGrid={false}
            minZoom={0.05}
            maxZoom={2.5}
            connectionRadius={24}
            nodeDragThreshold={2}
          >
            <Background variant={BackgroundVariant.Dots} gap={24} size={1.2} />
            <LegibleText target={wrapper} />
            <CanvasControls
              onFit={fitAll}
              {...(showMiniMap ? { miniMap: { on: miniMapOn, toggle: toggleMiniMap } } : {})}
            />
            {lowDetail ? <OverviewLayer openPaletteAt={openPaletteAt} /> : null}
            {/* Zoomed out the overview is the map (the MiniMap draws React Flow's nodes). */}
            {miniMapOn && !lowDetail ? (
              <MiniMap
                pannable
                zoomable
                className="nl-minimap"
                nodeColor={MINIMAP_NODE_COLOR}
                nodeStrokeColor={MINIMAP_NODE_STROKE}
                nodeStrokeWidth={0}
                nodeBorderRadius={0}
              />
            ) : null}
          </ReactFlow>
        </LowDetailContext.Provider>
        <KeyboardWireAnnouncer />
      </KeyboardWireProvider>
      <ComponentBreadcrumb />
      {palette ? (
        <Palette
          position={palette.at}
          wire={palette.wire}
          onClose={closePalette}
          onPick={(spec) => {
            addNode(spec.type, palette.flow, palette.wire);
            setPalette(null);
          }}
        />
      ) : null}
      {menus.menu}
    </div>
  );
}
