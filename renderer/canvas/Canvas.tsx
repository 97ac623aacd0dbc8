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
} from '@xyflow/react';
import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { PointerEvent as ReactPointerEvent } from 'react';
import { useGraphStore } from '../store/context';
import {
  FLOW_EDGE_TYPE,
  FLOW_GROUP_TYPE,
  FLOW_MISSING_NODE_TYPE,
  FLOW_NODE_TYPE,
  FLOW_NOTE_TYPE,
  FLOW_REROUTE_TYPE,
} from '../store/selectors';
import type { FlowEdge, FlowNode } from '../store/selectors';
import { CanvasApiContext, CanvasProvider } from './canvasApi';
import { ComponentBreadcrumb } from './ComponentParts';
import { CanvasControls } from './CanvasControls';
import { useDocumentTheme } from './useDocumentTheme';
import { LowDetailContext } from './lowDetail';
import { KeyboardWireAnnouncer, KeyboardWireProvider } from './keyboardWireContext';
import { GraphEdge } from './GraphEdge';
import { GroupView } from './GroupView';
import { LegibleText } from './LegibleText';
import { NoteView, RerouteView } from './LayoutNodes';
import { NodeView } from './NodeView';
import { OPEN_IMAGE_EVENT } from './openImage';
import { OverviewLayer } from './overview/OverviewLayer';
import type { OpenImageDetail } from './openImage';
import { Palette } from './Palette';
import { useCanvasMenus } from './canvasMenus';
import { usePlacement } from './placement';
import { useWires } from './wires';
import { useCanvasClicks } from './useCanvasClicks';
import { useCanvasHandle } from './useCanvasHandle';
import type { CanvasControlHandle } from './useCanvasHandle';
import { useCanvasKeyboardWiring } from './useCanvasKeyboardWiring';
import { useCanvasPalette } from './useCanvasPalette';
import { useCulledFlow } from './useCulledFlow';
import { useFlowChanges } from './useFlowChanges';
import { useLiveDrag } from './useLiveDrag';
import { useMiniMapToggle } from './useMiniMapToggle';
import { useNodeDrop } from './useNodeDrop';
import { usePointerCapture } from './usePointerCapture';
import { useViewportSync } from './useViewportSync';

// Module scope: React Flow re-creates every node when these objects change.
const nodeTypes: NodeTypes = {
  [FLOW_NODE_TYPE]: NodeView,
  [FLOW_MISSING_NODE_TYPE]: NodeView,
  [FLOW_REROUTE_TYPE]: RerouteView,
  [FLOW_NOTE_TYPE]: NoteView,
  [FLOW_GROUP_TYPE]: GroupView,
};
const edgeTypes: EdgeTypes = { [FLOW_EDGE_TYPE]: GraphEdge };
const SELECTION_KEYS = ['Shift', 'Control', 'Meta'];
const MULTI_SELECT_KEYS = ['Shift', 'Control', 'Meta'];
const PRO_OPTIONS = { hideAttribution: true };
/**
 * Held Space turns a drag anywhere (over nodes too) into a pan, as in ComfyUI and
 * image editors. Space alone does not open the node search: a tap and the start of a
 * pan cannot be told apart when the key goes down. Ctrl+K opens it instead.
 */
const PAN_KEY = 'Space';
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
  controlRef?: { current: CanvasControlHandle | null };
  /** React Flow's virtualisation; on by default (CANVAS-BENCH: 58 fps at 2,000 nodes, zoom 1). */
  onlyRenderVisibleElements?: boolean;
  showMiniMap?: boolean;
  className?: string;
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
  const store = useGraphStore();
  const wrapper = useRef<HTMLDivElement>(null);
  // Where the pointer last was over the canvas (client pixels): pastes and Ctrl+K go there.
  const lastPointer = useRef<{ x: number; y: number } | null>(null);
  const { flow, addNode } = usePlacement(wrapper);
  const [defaultViewport] = useState(() => store.getState().doc.viewport);

  const { lowDetail, nodes, edges } = useCulledFlow(defaultViewport);
  const { palette, openPaletteAt, closePalette } = useCanvasPalette(wrapper, flow);
  const fitAll = useCanvasHandle({
    wrapper,
    flow,
    addNode,
    openPaletteAt,
    lastPointer,
    controlRef,
  });
  const { onMoveStart, onMoveEnd } = useViewportSync(wrapper, flow);
  const live = useLiveDrag();
  const { onNodesChange, onEdgesChange } = useFlowChanges(live);
  const wires = useWires(openPaletteAt);
  const keyboardWire = useCanvasKeyboardWiring(wrapper, flow, wires.onConnect);
  const { onDoubleClick, onNodeDoubleClick, onEdgeClick } = useCanvasClicks(flow, openPaletteAt);
  const { onPointerDown, onNodeDragStart } = usePointerCapture();
  const { onDragOver, onDrop } = useNodeDrop(flow, addNode);
  const menus = useCanvasMenus(lastPointer, closePalette);
  const miniMap = useMiniMapToggle(showMiniMap);
  const colorMode = useDocumentTheme();
  // While Space is held a drag over a node pans too: React Flow keeps draggable nodes
  // out of panning (its `nopan` class), so they stop being draggable for that time.
  const panKeyHeld = useKeyPress(PAN_KEY);

  useEffect(() => {
    const el = wrapper.current;
    if (!el || !onOpenImage) return;
    const listener = (e: CustomEvent<OpenImageDetail>) => onOpenImage(e.detail);
    el.addEventListener(OPEN_IMAGE_EVENT, listener);
    return () => el.removeEventListener(OPEN_IMAGE_EVENT, listener);
  }, [onOpenImage]);

  const onPointerMove = useCallback((e: ReactPointerEvent) => {
    lastPointer.current = { x: e.clientX, y: e.clientY };
  }, []);

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
            nodes={live.project(nodes)}
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
            <CanvasControls onFit={fitAll} {...(showMiniMap ? { miniMap } : {})} />
            {lowDetail ? <OverviewLayer openPaletteAt={openPaletteAt} /> : null}
            {/* Zoomed out the overview is the map (the MiniMap draws React Flow's nodes). */}
            {miniMap.on && !lowDetail ? (
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
            closePalette();
          }}
        />
      ) : null}
      {menus.menu}
    </div>
  );
}
