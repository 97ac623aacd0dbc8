import type { GraphDocument } from '../../shared/graph/document';
import type { GraphStore } from './graphStore';
import type { RunStore } from './runStore';
import { sharedStructureSelector } from './structure';

/** Every node's bypass or mute, in the file and inside its components, as one comparable key. */
export function modesKey(doc: GraphDocument): string {
  const parts: string[] = [];
  for (const n of doc.nodes) if (n.mode) parts.push(`${n.id}:${n.mode}`);
  for (const [id, def] of Object.entries(doc.components ?? {}))
    for (const n of def.nodes) if (n.mode) parts.push(`${id}/${n.id}:${n.mode}`);
  return parts.join(',');
}

/**
 * Keeps the canvas from saying "Skipped — muted" about a node the artist has just
 * unmuted: when any bypass or mute changes (a key, a menu, an undo), the last run's
 * skips are forgotten, as their reason may no longer hold. Reads the structure, so a
 * drag costs nothing here. Returns the unsubscribe.
 */
export function forgetSkipsWhenModesChange(graph: GraphStore, run: RunStore): () => void {
  const select = sharedStructureSelector(graph, 'file');
  let structure = select(graph.getState());
  let modes = modesKey(structure);
  return graph.subscribe((state) => {
    const next = select(state);
    if (next === structure) return;
    structure = next;
    const key = modesKey(next);
    if (key === modes) return;
    modes = key;
    run.getState().forgetSkipped();
  });
}
