import type { GraphDocument, Viewport } from '../../shared/graph/document';
import type { UndoStep } from './types';

/**
 * The undo and redo stacks as pure functions of immutable arrays. An entry keeps the
 * whole document before and after its step; structural sharing makes that cheap
 * (only the changed nodes are new objects), and undo is then a plain swap.
 */

export interface Stacks {
  past: UndoStep[];
  future: UndoStep[];
}

export const DEFAULT_UNDO_LIMIT = 200;
/** Edits with the same merge key closer together than this are one step (typing). */
export const MERGE_WINDOW_MS = 1000;

/** A new step; a new edit makes the undone steps unreachable, so the redo stack goes. */
export function pushStep(stacks: Stacks, entry: UndoStep, limit: number): Stacks {
  const past = [...stacks.past, entry];
  return { past: past.length > limit ? past.slice(past.length - limit) : past, future: [] };
}

export interface MergeCandidate {
  mergeKey: string | undefined;
  at: number;
  /** The document the edit starts from. */
  before: GraphDocument;
  savedRevision: number;
  windowMs: number;
}

/**
 * Whether an edit folds into the last step: same key, within the window of the last
 * edit, nothing in between (no undo, no other change), and no save since, so undo can
 * still return to exactly what was saved.
 */
export function canMerge(stacks: Stacks, c: MergeCandidate): boolean {
  const top = stacks.past.at(-1);
  return (
    top !== undefined &&
    c.mergeKey !== undefined &&
    top.mergeKey === c.mergeKey &&
    stacks.future.length === 0 &&
    c.at - top.at <= c.windowMs &&
    top.after.nodes === c.before.nodes &&
    top.after.edges === c.before.edges &&
    top.revisionAfter !== c.savedRevision
  );
}

/** Folds an edit into the last step: its `before` stays, its end moves on. */
export function mergeStep(
  stacks: Stacks,
  change: { after: GraphDocument; at: number; revisionAfter: number },
): Stacks {
  const top = stacks.past.at(-1);
  if (!top) return stacks;
  return { past: [...stacks.past.slice(0, -1), { ...top, ...change }], future: stacks.future };
}

/** The step to undo and the stacks after it, or null when there is nothing to undo. */
export function takeUndo(stacks: Stacks): { entry: UndoStep; stacks: Stacks } | null {
  const entry = stacks.past.at(-1);
  if (!entry) return null;
  return {
    entry,
    stacks: { past: stacks.past.slice(0, -1), future: [entry, ...stacks.future] },
  };
}

export function takeRedo(stacks: Stacks): { entry: UndoStep; stacks: Stacks } | null {
  const entry = stacks.future[0];
  if (!entry) return null;
  return { entry, stacks: { past: [...stacks.past, entry], future: stacks.future.slice(1) } };
}

/** Undo and redo restore nodes and edges, never the view: the camera stays where the user put it. */
export const withViewport = (doc: GraphDocument, viewport: Viewport): GraphDocument =>
  doc.viewport === viewport ? doc : { ...doc, viewport };

/** Whether a drag moved anything (or anything else changed) since it started. */
export function changedSince(start: GraphDocument, doc: GraphDocument): boolean {
  if (start.edges !== doc.edges || start.nodes.length !== doc.nodes.length) return true;
  return doc.nodes.some((n, i) => {
    const o = start.nodes[i]!;
    return (
      o !== n && (o.id !== n.id || o.position.x !== n.position.x || o.position.y !== n.position.y)
    );
  });
}
