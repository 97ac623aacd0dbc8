import type { RunRecord } from '../historyStore';

/** What listing, filters and search read about a run, derived from its record. */
export interface RecordIndex {
  nodes: {
    nodeId: string;
    type: string;
    provider: string | null;
    endpoint: string | null;
    state: string;
  }[];
  images: {
    nodeId: string;
    position: number;
    hash: string;
    mimeType: string;
    width: number;
    height: number;
    bytes: number;
  }[];
  /** Prompts, node titles and the workflow's name: the text full-text search matches. */
  text: string;
}

const textsOf = (params: Record<string, unknown> | undefined): string[] =>
  Object.entries(params ?? {})
    .filter(([key, value]) => typeof value === 'string' && /prompt|text/i.test(key))
    .map(([, value]) => value as string);

export function indexRecord(record: RunRecord): RecordIndex {
  const text = new Set<string>();
  if (record.workflowName) text.add(record.workflowName);
  for (const node of record.graph.nodes) {
    const title = (node as { title?: unknown }).title;
    if (typeof title === 'string' && title) text.add(title);
    for (const t of textsOf(node.params as Record<string, unknown>)) text.add(t);
  }
  const nodes: RecordIndex['nodes'] = [];
  const images: RecordIndex['images'] = [];
  for (const node of record.nodes) {
    nodes.push({
      nodeId: node.nodeId,
      type: node.type,
      provider: node.provider ?? null,
      endpoint: node.endpoint ?? null,
      state: node.state,
    });
    for (const t of textsOf(node.params)) text.add(t);
    node.images.forEach((image, position) =>
      images.push({ nodeId: node.nodeId, position, ...image }),
    );
  }
  return { nodes, images, text: [...text].join('\n') };
}
