/**
 * The graph canvas. Mount inside AppContext, GraphStoreProvider and RunStoreProvider:
 *
 * ```tsx
 * <CanvasProvider>            // React Flow's store + the canvas handle
 *   <NodeLibrary />           // click adds at the view centre, drag drops on the canvas
 *   <Canvas controlRef={studio.canvas} onOpenImage={(d) => showImage(d)} />
 * </CanvasProvider>
 * ```
 *
 * Elsewhere under the provider, `useCanvasApi()` gives fitView, focusNode, centre,
 * screenToFlow, addNode and openPalette. Output thumbnails dispatch the DOM event
 * `nodeloom:open-image` (OPEN_IMAGE_EVENT, detail OpenImageDetail) that bubbles to
 * window; `onOpenImage` is the same thing as a prop. A held node's Resend button
 * dispatches `nodeloom:resend-node` (RESEND_NODE_EVENT, detail { nodeId }) the same way,
 * and a group's Run button `nodeloom:run-nodes` (RUN_NODES_EVENT, detail { nodeIds }).
 */
export { Canvas } from './Canvas';
export type { CanvasProps } from './Canvas';
export { CanvasProvider, NODE_TYPE_MIME, useCanvasApi } from './canvasApi';
export type { CanvasApi } from './canvasApi';
export { NodeLibrary } from './NodeLibrary';
export { NodeView } from './NodeView';
export { Palette } from './Palette';
export type { PaletteProps } from './Palette';
export { OPEN_IMAGE_EVENT, requestOpenImage } from './openImage';
export type { OpenImageDetail, OpenImageEvent } from './openImage';
export { RESEND_NODE_EVENT, requestResend } from './resendNode';
export type { ResendNodeDetail, ResendNodeEvent } from './resendNode';
export { RUN_NODES_EVENT, requestRunNodes } from './runNodes';
export type { RunNodesDetail, RunNodesEvent } from './runNodes';
