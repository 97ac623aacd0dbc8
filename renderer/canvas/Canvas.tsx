import '@xyflow/react/dist/style.css';
import '../styles/canvas.css';
import {
  Background,
  BackgroundVariant,
  MiniMap,
  ReactFlow,
  SelectionMode,
  useStore,
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
import { useApp } from '../host/appContext';
import { useGraph, useGraphActions, useGraphStore } from '../store/context';
import {
  FLOW_EDGE_TYPE,
  FLOW_MISSING_NODE_TYPE,
  FLOW_NODE_TYPE,
  toFlowEdges,
  toFlowNodes,
} from '../store/selectors';
import type { FlowEdge, FlowNode } from '../store/selectors';
import { CanvasApiContext, CanvasProvider, NODE_TYPE_MIME } from './canvasApi';
import { CanvasControls } from './CanvasControls';
import type { CanvasApi } from './canvasApi';
import { applySelect, summariseEdgeChanges, summariseNodeChanges } from './changes';
import { zoomedOut } from './detail';
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
import { NodeView } from './NodeView';
import { OPEN_IMAGE_EVENT } from './openImage';
import type { OpenImageDetail } from './openImage';
import { Palette } from './Palette';
import { NODE_WIDTH, usePlacement } from './placement';
import { useWires } from './wires';

// Module scope: React Flow re-creates every node when these objects change.
const nodeTypes: NodeTypes = { [FLOW_NODE_TYPE]: NodeView, [FLOW_MISSING_NODE_TYPE]: NodeView };
const edgeTypes: EdgeTypes = { [FLOW_EDGE_TYPE]: GraphEdge };
const SELECTION_KEYS = ['Shift', 'Control', 'Meta'];
const MULTI_SELECT_KEYS = ['Shift', 'Control', 'Meta'];
const PALETTE_SIZE = { width: 340, height: 380 };
const PRO_OPTIONS = { hideAttribution: true };
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
  controlRef?: { current: Pick<CanvasApi, 'fitView' | 'focusNode' | 'screenToFlow'> | null };
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
  const { flow, addNode } = usePlacement(wrapper);
  const [defaultViewport] = useState(() => store.getState().doc.viewport);

  // Never-measured nodes get an estimated size and handles (geometry.ts), so React
  // Flow mounts only the visible ones instead of every node once to measure it.
  const nodes = useGraph((s) =>
    withEstimatedGeometry(toFlowNodes(s.doc, s.selectedNodeIds, registry, s.measured), registry),
  );
  const edges = useGraph((s) => toFlowEdges(s.doc, s.selectedEdgeIds, registry));

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

  // The handle the app shell and the node library use.
  useEffect(() => {
    const centreClient = () => {
      const r = wrapper.current?.getBoundingClientRect();
      return r ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : { x: 0, y: 0 };
    };
    const handle: CanvasApi = {
      fitView: () => void flow.fitView({ padding: 0.1, duration: 200 }),
      focusNode(id) {
        actions.setSelection([id as FlowNode['data']['nodeId']], []);
        const node = flow.getInternalNode(id);
        if (node?.measured.width) void flow.fitView({ nodes: [{ id }], maxZoom: 1, duration: 250 });
        else if (node) {
          // Never drawn yet (off screen with virtualisation): centre on its corner.
          const { x, y } = node.internals.positionAbsolute;
          void flow.setCenter(x + NODE_WIDTH / 2, y + 120, { zoom: 1, duration: 250 });
        }
      },
      centre: () => flow.screenToFlowPosition(centreClient()),
      screenToFlow: (p) => flow.screenToFlowPosition(p),
      addNode: (type, at) => addNode(type, at),
      openPalette: (at) => openPaletteAt(at ?? centreClient()),
    };
    if (apiRef) apiRef.current = handle;
    if (controlRef) controlRef.current = handle;
    return () => {
      if (apiRef?.current === handle) apiRef.current = null;
      if (controlRef?.current === handle) controlRef.current = null;
    };
  }, [flow, actions, addNode, openPaletteAt, apiRef, controlRef]);

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
  const onPointerDown = useCallback((e: ReactPointerEvent) => {
    const target = e.target as Element;
    if (e.button === 0 && target.classList.contains('react-flow__pane')) {
      target.setPointerCapture(e.pointerId);
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
  const nodeCount = useGraph((s) => s.doc.nodes.length);
  // null: automatic (shown for graphs up to MINIMAP_AUTO_MAX_NODES); else the user's choice.
  const [miniMapChoice, setMiniMapChoice] = useState<boolean | null>(null);
  const miniMapOn = showMiniMap && (miniMapChoice ?? nodeCount <= MINIMAP_AUTO_MAX_NODES);
  const toggleMiniMap = useCallback(() => setMiniMapChoice(!miniMapOn), [miniMapOn]);
  const lowDetail = useStore(zoomedOut);
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
            onConnect={wires.onConnect}
            onConnectEnd={wires.onConnectEnd}
            isValidConnection={wires.isValidConnection}
            onMoveStart={onMoveStart}
            onMoveEnd={onMoveEnd}
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
              {...(showMiniMap ? { miniMap: { on: miniMapOn, toggle: toggleMiniMap } } : {})}
            />
            {miniMapOn ? (
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
    </div>
  );
}
