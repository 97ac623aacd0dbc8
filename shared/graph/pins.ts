import type { GraphDocument } from './document';

/** The content hashes of every pinned image in a document: images it still needs. */
export const pinnedImageHashes = (doc: Pick<GraphDocument, 'nodes'>): string[] =>
  doc.nodes.flatMap((n) => n.pinned?.images.map((i) => i.hash) ?? []);
