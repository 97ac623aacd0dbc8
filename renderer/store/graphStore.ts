import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { emptyGraph } from '../../shared/graph/document';
import type { GraphDocument, Position } from '../../shared/graph/document';
import { mergeComponents } from '../../shared/graph/componentFile';
import { componentIdOf, componentNodeType } from '../../shared/graph/components';
import { withComponents } from '../../shared/nodes/componentSpecs';
import type { NodeRegistry } from '../../shared/nodes/registry';
import { copyElements, pasteElements } from './clipboard';
import { componentActions } from './componentActions';
import { componentView, embed, isBoundaryNode } from './componentFrames';
import type { ComponentFrame, PortLabel } from './componentFrames';
import { applyCommand, moveNodes } from './graphCommands';
import { defaultLabel, defaultUndo } from './commandLabels';
import {
  DEFAULT_UNDO_LIMIT,
  MERGE_WINDOW_MS,
  canMerge,
  changedSince,
  withViewport,
  mergeStep,
  pushStep,
  takeRedo,
  takeUndo,
} from './undoHistory';
import { freshId, randomIds, takenIds } from './ids';
import { groupAround, rerouteNode } from './groupAround';
import { edgeId, nodeId } from '../../shared/graph/ids';
import type { IdSource } from './ids';
import { nextSelection, pruneSelection } from './selection';
import type { Selection } from './selection';
import type { ClipboardData, GraphStoreState, NodeSize, UndoPolicy } from './types';

export interface GraphStoreOptions {
  registry: NodeRegistry;
  initial?: GraphDocument;
  filePath?: string | null;
  /** The clock for merging typing into one step; injected by tests. */
  now?: () => number;
  /** Where new node and edge ids come from (paste, duplicate); injected by tests. */
  ids?: IdSource;
  undoLimit?: number;
  mergeWindowMs?: number;
}

export type GraphStore = StoreApi<GraphStoreState>;

/** The whole file, wherever the canvas is: what saves, runs and estimates read. */
export const fileDocument = (s: Pick<GraphStoreState, 'doc' | 'file'>): GraphDocument =>
  s.file ?? s.doc;

interface StepMeta {
  label: string;
  policy: UndoPolicy;
  mergeKey?: string | undefined;
}

/**
 * The editor's store: one per open document. Every edit goes through `dispatch` (or an
 * action built on it) with an undo policy; view state (selection, viewport, sizes)
 * changes neither history nor the unsaved marker.
 */
export function createGraphStore(options: GraphStoreOptions): GraphStore {
  const {
    registry: catalog,
    now = Date.now,
    ids = randomIds,
    undoLimit = DEFAULT_UNDO_LIMIT,
    mergeWindowMs = MERGE_WINDOW_MS,
  } = options;
  // Revisions only ever grow, so two different document states never share one.
  let counter = 0;
  // The document when the current drag began; its moveNodes records one step from here.
  let dragStart: GraphDocument | null = null;

  return createStore<GraphStoreState>()((set, get) => {
    // The catalog plus the components of the document on the canvas.
    const registry = withComponents(catalog, () => get().doc.components);

    /** A new port's name: the inner port's label (an output: the node's own name first). */
    const portLabel =
      (view: GraphDocument): PortLabel =>
      (id, handle, side) => {
        const node = view.nodes.find((n) => n.id === id);
        const spec = node && registry.get(node.type);
        const port = spec?.[side === 'input' ? 'inputs' : 'outputs'].find((p) => p.id === handle);
        return (side === 'output' ? node?.title : undefined) ?? port?.label;
      };

    /** The whole file: the document itself, or, inside a component, the file kept aside. */
    const wholeFile = (): GraphDocument => get().file ?? get().doc;

    /**
     * Every edit goes through here with the canvas's document before and after; the
     * history keeps whole files, so inside a component the edit is written back into
     * its definition first.
     */
    function commit(
      viewBefore: GraphDocument,
      made: GraphDocument,
      meta: StepMeta,
      selection?: Selection,
    ): void {
      const s = get();
      const frame = s.frames.at(-1);
      const before = s.file ?? viewBefore;
      let viewAfter = made;
      const after = frame
        ? embed(before, frame.componentId, viewAfter, portLabel(viewAfter))
        : viewAfter;
      const def = frame && after.components?.[frame.componentId];
      const oldDef = frame && before.components?.[frame.componentId];
      // A wire to a boundary's free slot made a port: the view shows it as one.
      if (
        frame &&
        def &&
        oldDef &&
        (def.inputs !== oldDef.inputs || def.outputs !== oldDef.outputs)
      )
        viewAfter =
          componentView(after, frame.componentId, viewAfter.viewport, viewAfter) ?? viewAfter;
      const at = now();
      const revision = ++counter;
      let stacks = { past: s.past, future: s.future };
      const merge = { mergeKey: meta.mergeKey, at, before, savedRevision: s.savedRevision };
      if (meta.policy === 'merge' && canMerge(stacks, { ...merge, windowMs: mergeWindowMs })) {
        stacks = mergeStep(stacks, { after, at, revisionAfter: revision });
      } else if (meta.policy !== 'skip') {
        const entry = {
          label: meta.label,
          before,
          after,
          mergeKey: meta.mergeKey,
          at,
          revisionBefore: s.revision,
          revisionAfter: revision,
        };
        stacks = pushStep(stacks, entry, undoLimit);
      }
      set({
        doc: viewAfter,
        ...(frame ? { file: after } : {}),
        revision,
        ...stacks,
        ...(selection ?? pruneSelection(viewAfter, s)),
      });
    }

    /**
     * What the canvas shows of `file` at the opened levels: the deepest one whose
     * component still exists (an undo may remove it), else the file itself.
     */
    function showFile(
      file: GraphDocument,
      frames: ComponentFrame[],
      viewport = get().doc.viewport,
    ) {
      let kept = frames;
      while (kept.length > 0 && !file.components?.[kept.at(-1)!.componentId])
        kept = kept.slice(0, -1);
      const top = kept.at(-1);
      const view =
        top &&
        componentView(
          file,
          top.componentId,
          kept === frames ? viewport : frames[kept.length]!.outerViewport,
          // Still at this level (an undo): the boundary stays where the user put it.
          kept === frames && kept === get().frames ? get().doc : undefined,
        );
      if (!view) {
        const outer = frames[0]?.outerViewport ?? viewport;
        return { doc: withViewport(file, outer), file: null, frames: [] as ComponentFrame[] };
      }
      return { doc: view, file, frames: kept };
    }

    /** Ends a drag that no moveNodes closed (another edit came first) as its own step. */
    function flushDrag(): void {
      const start = dragStart;
      dragStart = null;
      const doc = get().doc;
      if (start && changedSince(start, doc))
        commit(start, doc, { label: 'Move', policy: 'record' });
    }

    function pasteAs(data: ClipboardData, at: Position | undefined, label: string): void {
      flushDrag();
      const before = get().doc;
      const pasted = pasteElements(before, data, { ...(at ? { at } : {}), ids });
      const { edges, groups } = pasted;
      let { nodes } = pasted;
      let components = before.components;
      if (data.components) {
        // Definitions come along (from another workflow): same ones reused, clashes renamed.
        const merged = mergeComponents(wholeFile().components, data.components, '');
        components = merged.components;
        nodes = nodes.map((n) => {
          const id = componentIdOf(n.type);
          const to = id !== undefined ? merged.renamed.get(id) : undefined;
          return to !== undefined && to !== id ? { ...n, type: componentNodeType(to) } : n;
        });
      }
      const added = applyCommand(before, { type: 'addNodes', nodes, edges, groups }, registry);
      const after =
        added !== before && components !== before.components ? { ...added, components } : added;
      if (after === before) return;
      const selection = { selectedNodeIds: nodes.map((n) => n.id), selectedEdgeIds: [] };
      commit(before, after, { label, policy: 'record' }, selection);
    }

    function restore(direction: 'undo' | 'redo'): void {
      flushDrag();
      const s = get();
      const taken = direction === 'undo' ? takeUndo(s) : takeRedo(s);
      if (!taken) return;
      const { entry, stacks } = taken;
      const target = direction === 'undo' ? entry.before : entry.after;
      const shown =
        s.frames.length > 0
          ? showFile(target, s.frames)
          : { doc: withViewport(target, s.doc.viewport) };
      const revision = direction === 'undo' ? entry.revisionBefore : entry.revisionAfter;
      set({ ...shown, revision, ...stacks, ...pruneSelection(shown.doc, s) });
    }

    return {
      doc: options.initial ?? emptyGraph(),
      file: null,
      frames: [],
      selectedNodeIds: [],
      selectedEdgeIds: [],
      filePath: options.filePath ?? null,
      revision: 0,
      savedRevision: 0,
      past: [],
      future: [],
      measured: {},

      dispatch(command, opts = {}) {
        const defaults = defaultUndo(command);
        const meta: StepMeta = {
          label: opts.label ?? defaultLabel(command),
          policy: opts.policy ?? defaults.policy,
          mergeKey: opts.mergeKey ?? defaults.mergeKey,
        };
        const current = get().doc;
        if (command.type === 'moveNodes' && dragStart) {
          const start = dragStart;
          dragStart = null;
          const after = applyCommand(current, command, registry);
          if (changedSince(start, after)) commit(start, after, meta);
          // A drag that ends where it began is no edit: the original node objects come back.
          else set({ doc: withViewport(start, after.viewport) });
          return;
        }
        flushDrag();
        const before = get().doc;
        const after = applyCommand(before, command, registry);
        if (after !== before) commit(before, after, meta);
      },

      undo: () => restore('undo'),
      redo: () => restore('redo'),

      load(doc, filePath) {
        dragStart = null;
        const revision = ++counter;
        set({
          doc,
          file: null,
          frames: [],
          filePath,
          revision,
          savedRevision: revision,
          past: [],
          future: [],
          selectedNodeIds: [],
          selectedEdgeIds: [],
          measured: {},
        });
      },

      markSaved(filePath) {
        set({ filePath, savedRevision: get().revision });
      },

      setSelection(nodeIds, edgeIds) {
        const s = get();
        const requested = { selectedNodeIds: nodeIds, selectedEdgeIds: edgeIds };
        const next = nextSelection(s.doc, s, requested);
        if (next) set(next);
      },

      selectAll() {
        const { doc } = get();
        get().setSelection(
          doc.nodes.map((n) => n.id),
          doc.edges.map((e) => e.id),
        );
      },

      setViewport(viewport) {
        const { doc } = get();
        const v = doc.viewport;
        if (v.x === viewport.x && v.y === viewport.y && v.zoom === viewport.zoom) return;
        set({ doc: { ...doc, viewport: { x: viewport.x, y: viewport.y, zoom: viewport.zoom } } });
      },

      dragNodes(positions) {
        const { doc } = get();
        dragStart ??= doc;
        const after = moveNodes(doc, positions, dragStart);
        if (after !== doc) set({ doc: after });
      },

      deleteSelection() {
        const { selectedNodeIds: selected, selectedEdgeIds: edgeIds } = get();
        // An opened component's boundary stays: its wires may go, its ports are the component's.
        const nodeIds = selected.filter((id) => !isBoundaryNode(id));
        if (nodeIds.length === 0 && edgeIds.length === 0) return;
        get().dispatch({ type: 'removeElements', nodeIds, edgeIds });
      },

      copySelection: () =>
        copyElements(
          get().doc,
          get().selectedNodeIds.filter((id) => !isBoundaryNode(id)),
        ),

      paste: (data, at) => pasteAs(data, at, 'Paste'),

      duplicateSelection() {
        const data = get().copySelection();
        if (data) pasteAs(data, undefined, 'Duplicate');
      },

      setMeasured(sizes) {
        const current = get().measured;
        let next: Record<string, NodeSize> | null = null;
        for (const [id, { width, height }] of Object.entries(sizes)) {
          const old = current[id];
          if (old && old.width === width && old.height === height) continue;
          next ??= { ...current };
          next[id] = { width, height };
        }
        if (next) set({ measured: next });
      },

      ...componentActions({
        get,
        set,
        commit,
        flushDrag,
        wholeFile,
        showFile,
        registry,
        ids,
      }),
      groupSelection() {
        const { doc, selectedNodeIds, measured } = get();
        const group = groupAround(doc, selectedNodeIds, measured, (taken) =>
          freshId(ids, 'node', taken),
        );
        if (!group) return null;
        get().dispatch({ type: 'addGroup', group });
        return group.id;
      },

      toggleMode(mode) {
        const { doc, selectedNodeIds } = get();
        const selected = new Set<string>(selectedNodeIds);
        const nodes = doc.nodes.filter((n) => selected.has(n.id));
        if (nodes.length === 0) return;
        const all = nodes.every((n) => n.mode === mode);
        get().dispatch({
          type: 'setMode',
          nodeIds: nodes.map((n) => n.id),
          mode: all ? undefined : mode,
        });
      },

      insertReroute(edge, at) {
        const before = get().doc;
        const taken = takenIds(before);
        const node = rerouteNode(nodeId(freshId(ids, 'node', taken)), at);
        const inEdgeId = edgeId(freshId(ids, 'edge', taken));
        const outEdgeId = edgeId(freshId(ids, 'edge', taken));
        get().dispatch({ type: 'insertReroute', edgeId: edge, node, inEdgeId, outEdgeId });
        return get().doc === before ? null : node.id;
      },
    };
  });
}
