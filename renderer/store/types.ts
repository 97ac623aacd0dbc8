import type {
  GraphDocument,
  NodeColor,
  GraphEdge,
  GraphNode,
  ParamValue,
  Position,
  Viewport,
} from '../../shared/graph/document';
import type { EdgeId, NodeId } from '../../shared/graph/ids';

/**
 * The editor's model. The graph document is the single source of truth; React
 * Flow's nodes and edges are derived from it (see selectors). Every edit of the
 * document is a named command with an undo policy, in the spirit of tldraw's and
 * Excalidraw's history: `record` makes one undo step, `merge` folds into the
 * previous step when its mergeKey matches (typing, dragging), `skip` changes the
 * document without history (never used for user edits).
 */
export type UndoPolicy = 'record' | 'merge' | 'skip';

export type GraphCommand =
  | { type: 'addNodes'; nodes: GraphNode[]; edges?: GraphEdge[] }
  | { type: 'removeElements'; nodeIds: NodeId[]; edgeIds: EdgeId[] }
  /** Positions at the end of a drag (one undo step per drag). */
  | { type: 'moveNodes'; positions: Record<string, Position> }
  /** Adds an edge; an edge already on a single-valued input is replaced. */
  | { type: 'connect'; edge: GraphEdge }
  | { type: 'setParam'; nodeId: NodeId; key: string; value: ParamValue | undefined }
  /** Several parameters in one step (embedding images, image paths after Save As). */
  | { type: 'setParams'; changes: ParamChange[] }
  /** New order of the edges into a list input (image_urls). */
  | { type: 'reorderInputs'; nodeId: NodeId; handle: string; edgeIds: EdgeId[] }
  /** Pins a model node's output (the engine reuses it, sends nothing); undefined unpins. */
  | { type: 'setPin'; nodeId: NodeId; pin: GraphNode['pinned'] }
  /** The size the user dragged the node to; undefined returns it to its natural size. */
  | { type: 'resizeNode'; nodeId: NodeId; size: GraphNode['size'] }

  /** Colours nodes' headers; undefined takes the colour away. */
  | { type: 'setColor'; nodeIds: NodeId[]; color: NodeColor | undefined }
  /** Renames a node; undefined (or only spaces) goes back to the type's label. */
  | { type: 'setTitle'; nodeId: NodeId; title: string | undefined };

export interface ParamChange {
  nodeId: NodeId;
  key: string;
  value: ParamValue | undefined;
}

export interface UndoStep {
  label: string;
  before: GraphDocument;
  after: GraphDocument;
  mergeKey?: string;
  at: number;
  /** The store's revision before and after this step: undo/redo restore them (unsaved marker). */
  revisionBefore: number;
  revisionAfter: number;
}

/** A node's size as React Flow measured it on screen (view state, never saved). */
export interface NodeSize {
  width: number;
  height: number;
}

/** What copy puts on the clipboard: the selected nodes and the edges inside the selection. */
export interface ClipboardData {
  kind: 'nodeloom.clipboard';
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface GraphState {
  doc: GraphDocument;
  selectedNodeIds: NodeId[];
  selectedEdgeIds: EdgeId[];
  /** The file this document was opened from or saved to; null when never saved. */
  filePath: string | null;
  /** Bumped by every document change; equal to savedRevision when nothing is unsaved. */
  revision: number;
  savedRevision: number;
  past: UndoStep[];
  future: UndoStep[];
  /**
   * Measured node sizes by node id. Not part of the document: React Flow needs them
   * on every node object it is given, or it hides and re-measures changed nodes.
   */
  measured: Record<string, NodeSize>;
}

export interface GraphActions {
  /** Applies a command with its default undo policy (or the one given). */
  dispatch(
    command: GraphCommand,
    options?: { policy?: UndoPolicy; mergeKey?: string; label?: string },
  ): void;
  undo(): void;
  redo(): void;
  /** Replaces the document (New, Open): clears history and selection. */
  load(doc: GraphDocument, filePath: string | null): void;
  /** The current revision is on disk at `filePath`. */
  markSaved(filePath: string): void;
  setSelection(nodeIds: NodeId[], edgeIds: EdgeId[]): void;
  selectAll(): void;
  /** Viewport changes are not edits: no history, no unsaved marker. */
  setViewport(viewport: Viewport): void;
  /** Live positions while dragging (no history); the drag's end dispatches moveNodes. */
  dragNodes(positions: Record<string, Position>): void;
  deleteSelection(): void;
  copySelection(): ClipboardData | null;
  /** Pastes with fresh ids, offset from the originals (or placed at `at`), and selects the pasted nodes. */
  paste(data: ClipboardData, at?: Position): void;
  duplicateSelection(): void;
  /** Node sizes from React Flow's `dimensions` changes: no history, no unsaved marker. */
  setMeasured(sizes: Record<string, NodeSize>): void;
}

export type GraphStoreState = GraphState & GraphActions;
