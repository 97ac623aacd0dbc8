import { edgeId, nodeId } from '../../shared/graph/ids';
import type { EdgeId, NodeId } from '../../shared/graph/ids';

/** Makes a candidate id; the store retries until it is unused. Injected in tests for stable ids. */
export type IdSource = (kind: 'node' | 'edge') => string;

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * Short random ids (`n-k3x9q2mf`): readable in saved files, and never reused after a
 * delete, so a stale run result can not attach itself to a new node with the old id.
 */
export const randomIds: IdSource = (kind) => {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return `${kind === 'node' ? 'n' : 'e'}-${out}`;
};

/** A counter source (`n1`, `e1`, ...) for tests and for anything that needs determinism. */
export function sequentialIds(): IdSource {
  let n = 0;
  let e = 0;
  return (kind) => (kind === 'node' ? `n${++n}` : `e${++e}`);
}

/** An id of `kind` not in `taken`; adds it to `taken` so a batch never repeats one. */
export function freshId(source: IdSource, kind: 'node' | 'edge', taken: Set<string>): string {
  let id = source(kind);
  while (taken.has(id)) id = source(kind);
  taken.add(id);
  return id;
}

export const newNodeId = (taken: Set<string> = new Set(), source: IdSource = randomIds): NodeId =>
  nodeId(freshId(source, 'node', taken));

export const newEdgeId = (taken: Set<string> = new Set(), source: IdSource = randomIds): EdgeId =>
  edgeId(freshId(source, 'edge', taken));

/** Every node and edge id of a document, as `freshId` wants them. */
export const takenIds = (doc: {
  nodes: readonly { id: string }[];
  edges: readonly { id: string }[];
}): Set<string> => new Set([...doc.nodes.map((n) => n.id), ...doc.edges.map((e) => e.id)]);
