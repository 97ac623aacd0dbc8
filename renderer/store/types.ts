import type {
  Components,
  GraphDocument,
  NodeColor,
  GraphEdge,
  GraphGroup,
  GraphNode,
  NodeMode,
  ParamValue,
  Position,
  Viewport,
} from '../../shared/graph/document';
import type { EdgeId, NodeId } from '../../shared/graph/ids';
import type { ComponentFrame } from './componentFrames';

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
  | { type: 'addNodes'; nodes: GraphNode[]; edges?: GraphEdge[]; groups?: GraphGroup[] }
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
  | { type: 'setTitle'; nodeId: NodeId; title: string | undefined }
  /** The values a param is swept over in a run (undefined: no sweep). */
  | { type: 'setSweep'; nodeId: NodeId; sweep: GraphNode['sweep'] }
  /** The variant the node's last "new take" used. */
  | { type: 'setLastTake'; nodeId: NodeId; take: number }
  /** How prompt alternatives and swept values combine: every combination or zip. */
  | { type: 'setCombine'; combine: GraphDocument['combine'] }
  /** Bypass or mute the nodes; undefined makes them active again. */
  | { type: 'setMode'; nodeIds: NodeId[]; mode: NodeMode | undefined }
  /** A group (frame) on top of the others. */
  | { type: 'addGroup'; group: GraphGroup }
  /** Renames, recolours, resizes or (un)collapses a group. */
  | { type: 'updateGroup'; groupId: string; changes: GroupChanges }
  /** Ungroup: the frame goes, its nodes stay where they are. */
  | { type: 'removeGroup'; groupId: string }
  /** Cuts a wire with a reroute dot: source -> reroute -> target, the list order kept. */
  | { type: 'insertReroute'; edgeId: EdgeId; node: GraphNode; inEdgeId: EdgeId; outEdgeId: EdgeId };

export type GroupChanges = Partial<Pick<GraphGroup, 'title' | 'color' | 'rect' | 'collapsed'>>;

export interface ParamChange {
  nodeId: NodeId;
  key: string;
  value: ParamValue | undefined;
  /** The node lives in this component's definition (the document's `components`), not on the canvas level. */
  componentId?: string;
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
  /** The definitions of the component instances among `nodes` (and what they hold). */
  components?: Components;
  /** Groups all of whose nodes were copied. */
  groups?: GraphGroup[];
}

export interface GraphState {
  /**
   * The graph on the canvas: the whole file, or, inside an opened component, that
   * component's view (componentFrames.ts). What saves or runs reads `fileDocument`.
   */
  doc: GraphDocument;
  /** The whole file while a component is open (null at the workflow's own level). */
  file: GraphDocument | null;
  /** The opened components, outermost first (the breadcrumb); empty at the top. */
  frames: ComponentFrame[];
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
  /** The selected nodes become one component instance (one undo step); returns its id. */
  makeComponent(name?: string): NodeId | undefined;
  /** Shows the inside of a component instance of the current level. */
  openComponent(instanceId: string): void;
  /** Back out to `level` (0: the workflow itself; default: one level up). */
  exitComponent(level?: number): void;
  /** Replaces an instance by the nodes inside it (one undo step). */
  unpackComponent(instanceId: string): void;
  /**
   * Adds a component from the library (`bundle`: it and the components it holds) and
   * an instance of component `id` at `at`; returns the instance.
   */
  insertComponent(bundle: Components, id: string, at: Position): NodeId;
  /** Ctrl+G: a group fitted around the selected nodes; its id, or null with nothing selected. */
  groupSelection(): string | null;
  /** Ctrl+B / Ctrl+M: sets the mode on the selection, or clears it when all have it already. */
  toggleMode(mode: NodeMode): void;
  /** Alt+click on a wire: a reroute dot at `at` (its centre) splits the wire. */
  insertReroute(edgeId: EdgeId, at: Position): NodeId | null;
}

export type GraphStoreState = GraphState & GraphActions;
