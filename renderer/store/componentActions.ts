import type { GraphDocument } from '../../shared/graph/document';
import { makeComponent, unpackComponent } from '../../shared/graph/componentEdit';
import { mergeComponents } from '../../shared/graph/componentFile';
import { componentNodeType } from '../../shared/graph/components';
import { nodeId } from '../../shared/graph/ids';
import type { NodeRegistry } from '../../shared/nodes/registry';
import { componentView, instanceComponent, isBoundaryNode } from './componentFrames';
import type { ComponentFrame } from './componentFrames';
import { freshId } from './ids';
import type { IdSource } from './ids';
import type { Selection } from './selection';
import type { GraphActions, GraphStoreState, UndoPolicy } from './types';

/** What the component actions need of the store (graphStore.ts builds it). */
export interface ComponentActionContext {
  get: () => GraphStoreState;
  set: (partial: Partial<GraphStoreState>) => void;
  /** Records an edit of the canvas's document (written back into an open component). */
  commit(
    before: GraphDocument,
    after: GraphDocument,
    meta: { label: string; policy: UndoPolicy },
    selection?: Selection,
  ): void;
  flushDrag(): void;
  wholeFile(): GraphDocument;
  /** The canvas's document for `file` at the opened levels `frames`. */
  showFile(
    file: GraphDocument,
    frames: ComponentFrame[],
    viewport?: GraphDocument['viewport'],
  ): { doc: GraphDocument; file: GraphDocument | null; frames: ComponentFrame[] };
  /** Knows the document's components. */
  registry: NodeRegistry;
  ids: IdSource;
}

type ComponentActions = Pick<
  GraphActions,
  'makeComponent' | 'openComponent' | 'exitComponent' | 'unpackComponent' | 'insertComponent'
>;

/** Node ids of every component's nodes: a new instance id must not make them ambiguous. */
const flatIds = (file: GraphDocument): string[] =>
  Object.values(file.components ?? {}).flatMap((def) => def.nodes.map((n) => n.id));

/** A component id not in the file, made from the instance's (`n-k3x9` -> `c-k3x9`). */
function freshComponentId(file: GraphDocument, instanceId: string): string {
  const base = `c-${instanceId.replace(/^n-?/, '').replace(/[^A-Za-z0-9_-]/g, '')}`.slice(0, 60);
  let id = base;
  for (let n = 2; file.components?.[id]; n++) id = `${base}-${n}`;
  return id;
}

/**
 * Making, opening, leaving, unpacking and inserting components: each an edit of
 * the canvas's document through `commit` (one undo step), or a change of level.
 */
export function componentActions(ctx: ComponentActionContext): ComponentActions {
  const { get, set, commit, flushDrag, wholeFile, showFile, registry, ids } = ctx;
  return {
    makeComponent(name) {
      flushDrag();
      const s = get();
      const selected = s.selectedNodeIds.filter((id) => !isBoundaryNode(id));
      if (selected.length === 0) return undefined;
      const taken = new Set<string>([...s.doc.nodes.map((n) => n.id), ...flatIds(wholeFile())]);
      const instanceId = nodeId(freshId(ids, 'node', taken));
      const componentId = freshComponentId(wholeFile(), instanceId);
      const count = Object.keys(wholeFile().components ?? {}).length;
      const made = makeComponent(s.doc, selected, {
        componentId,
        instanceId,
        name: name?.trim() || `Component ${count + 1}`,
        registry,
      });
      if (!made) return undefined;
      const selection = { selectedNodeIds: [instanceId], selectedEdgeIds: [] };
      commit(s.doc, made.doc, { label: 'Make component', policy: 'record' }, selection);
      return instanceId;
    },

    openComponent(instanceId) {
      flushDrag();
      const s = get();
      const componentId = instanceComponent(s.doc, instanceId);
      if (componentId === undefined) return;
      const file = wholeFile();
      const view = componentView(file, componentId, s.doc.viewport);
      if (!view) return;
      const instance = s.doc.nodes.find((n) => n.id === instanceId)!;
      const frame: ComponentFrame = {
        componentId,
        instanceId: instance.id,
        name: instance.title ?? file.components![componentId]!.name,
        outerViewport: s.doc.viewport,
      };
      set({
        doc: view,
        file,
        frames: [...s.frames, frame],
        selectedNodeIds: [],
        selectedEdgeIds: [],
        measured: {},
      });
    },

    exitComponent(level) {
      flushDrag();
      const s = get();
      const to = Math.max(0, Math.min(level ?? s.frames.length - 1, s.frames.length));
      if (to >= s.frames.length) return;
      const leaving = s.frames[to]!;
      const shown = showFile(wholeFile(), s.frames.slice(0, to), leaving.outerViewport);
      set({
        ...shown,
        selectedNodeIds: shown.doc.nodes.some((n) => n.id === leaving.instanceId)
          ? [leaving.instanceId]
          : [],
        selectedEdgeIds: [],
        measured: {},
      });
    },

    unpackComponent(instanceId) {
      flushDrag();
      const s = get();
      const unpacked = unpackComponent(s.doc, instanceId, (kind, taken) =>
        freshId(ids, kind, taken),
      );
      if (!unpacked) return;
      const selection = { selectedNodeIds: unpacked.nodeIds, selectedEdgeIds: [] };
      commit(s.doc, unpacked.doc, { label: 'Unpack component', policy: 'record' }, selection);
    },

    insertComponent(bundle, id, at) {
      flushDrag();
      const s = get();
      const file = wholeFile();
      const merged = mergeComponents(file.components, bundle, id);
      const taken = new Set<string>([...s.doc.nodes.map((n) => n.id), ...flatIds(file)]);
      const instanceId = nodeId(freshId(ids, 'node', taken));
      const componentId = merged.id;
      const after: GraphDocument = {
        ...s.doc,
        nodes: [
          ...s.doc.nodes,
          { id: instanceId, type: componentNodeType(componentId), params: {}, position: at },
        ],
        components: merged.components,
      };
      const selection = { selectedNodeIds: [instanceId], selectedEdgeIds: [] };
      commit(s.doc, after, { label: 'Insert component', policy: 'record' }, selection);
      return instanceId;
    },
  };
}
