import type { GraphDocument, GraphNode } from '../../shared/graph/document';
import { useGraph, useGraphStore } from './context';
import { fileDocument } from './graphStore';
import type { GraphStore } from './graphStore';
import type { GraphStoreState } from './types';

/**
 * The document as the parts of the app that do not draw it see it: everything but
 * where the nodes are and the viewport. A drag changes only positions, so the
 * structure selector keeps returning the same object through it, and what derives
 * from it (the Run button's cost estimates, the file scan, the issues panel's check)
 * is not recomputed on every drag frame. Its positions may be stale: never draw from it.
 */

/** Whether two documents differ only in node positions and the viewport. */
export function sameStructure(a: GraphDocument, b: GraphDocument): boolean {
  if (a === b) return true;
  if (a.edges !== b.edges || a.nodes.length !== b.nodes.length) return false;
  const keys = Object.keys(b) as (keyof GraphDocument)[];
  if (keys.length !== Object.keys(a).length) return false;
  for (const key of keys) {
    if (key !== 'nodes' && key !== 'viewport' && a[key] !== b[key]) return false;
  }
  for (let i = 0; i < a.nodes.length; i++) {
    if (!sameNodeBarPosition(a.nodes[i]!, b.nodes[i]!)) return false;
  }
  return true;
}

function sameNodeBarPosition(a: GraphNode, b: GraphNode): boolean {
  if (a === b) return true;
  const keys = Object.keys(b) as (keyof GraphNode)[];
  if (keys.length !== Object.keys(a).length) return false;
  for (const key of keys) if (key !== 'position' && a[key] !== b[key]) return false;
  return true;
}

/** A selector that returns the previous document object while only positions changed. */
export function structureSelector(
  of: 'file' | 'shown' = 'file',
): (s: GraphStoreState) => GraphDocument {
  let last: { doc: GraphDocument; structure: GraphDocument } | null = null;
  return (s) => {
    // 'file': the whole file, also while a component is open (what runs and estimates
    // read); 'shown': the level the canvas shows.
    const doc = of === 'file' ? fileDocument(s) : s.doc;
    if (last?.doc === doc) return last.structure;
    const structure = last && sameStructure(last.doc, doc) ? last.structure : doc;
    last = { doc, structure };
    return structure;
  };
}

// One selector per store, shared by its subscribers (one comparison per change).
const selectors = {
  file: new WeakMap<GraphStore, (s: GraphStoreState) => GraphDocument>(),
  shown: new WeakMap<GraphStore, (s: GraphStoreState) => GraphDocument>(),
};

/** The store's one structure selector of this kind (its comparison is shared by every subscriber). */
export function sharedStructureSelector(
  store: GraphStore,
  of: 'file' | 'shown' = 'file',
): (s: GraphStoreState) => GraphDocument {
  let selector = selectors[of].get(store);
  if (!selector) {
    selector = structureSelector(of);
    selectors[of].set(store, selector);
  }
  return selector;
}

/** The document for components that derive from its structure, not its layout. */
export function useStructure(of: 'file' | 'shown' = 'file'): GraphDocument {
  return useGraph(sharedStructureSelector(useGraphStore(), of));
}
