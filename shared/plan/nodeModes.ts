import type { GraphDocument, GraphEdge, GraphNode } from '../graph/document';
import { edgeId } from '../graph/ids';
import type { NodeId } from '../graph/ids';
import { LAYOUT_NODES, NOTE_NODE, REROUTE_NODE } from '../nodes/builtins';
import { nodeNamer } from '../nodes/nodeName';
import type { NodeRegistry } from '../nodes/registry';
import { dependencyMap } from './cycles';

/** A node the run leaves out on purpose, and why (shown as its run state). */
export interface SkippedNode {
  nodeId: NodeId;
  reason: string;
}

export interface ModedGraph {
  /**
   * The document the plan is made of: muted nodes and everything that needs them
   * taken out; bypassed nodes and reroutes taken out with their wires joined (what
   * fed them feeds what they fed); notes taken out. Every remaining node runs.
   */
  graph: GraphDocument;
  /** Muted nodes and their dependants, in document order (reroutes and notes are not listed). */
  skipped: SkippedNode[];
  /** Bypassed nodes and reroutes: nothing is sent for them, their inputs flow on. */
  passedThrough: ReadonlySet<NodeId>;
}

export const MUTED_REASON = 'muted: this node does not run';
export const needsMutedReason = (mutedName: string): string =>
  `skipped: it needs "${mutedName}", which is muted`;

/**
 * ComfyUI's node modes as one pure transform of the document, applied where the run
 * plan is made (`preflight`), so the engine, the CLI, the estimate and the pre-run
 * check see the same graph. A bypassed node hands each input on to its output of the
 * same type (the first such input that is wired); an output with no such input
 * carries nothing. A reroute is a pass-through by nature.
 */
export function applyNodeModes(doc: GraphDocument, registry: NodeRegistry): ModedGraph {
  const skipped = skippedNodes(doc, registry);
  const passing = new Set<NodeId>(
    doc.nodes
      .filter((n) => !skipped.has(n.id) && (n.mode === 'bypass' || n.type === REROUTE_NODE))
      .map((n) => n.id),
  );
  const removed = (n: GraphNode): boolean =>
    skipped.has(n.id) || passing.has(n.id) || n.type === NOTE_NODE;
  if (!doc.nodes.some(removed)) {
    return { graph: doc, skipped: [], passedThrough: passing };
  }

  const byId = new Map(doc.nodes.map((n) => [n.id as string, n]));
  const edgesInto = new Map<string, GraphEdge[]>();
  for (const e of doc.edges) {
    const list = edgesInto.get(e.target);
    if (list) list.push(e);
    else edgesInto.set(e.target, [e]);
  }

  /** The real outputs (source and handle) that a pass-through node's output carries, in order. */
  const feeds = (
    nodeId: string,
    handle: string,
    seen: ReadonlySet<string>,
  ): Array<{ source: NodeId; sourceHandle: string }> => {
    if (seen.has(nodeId)) return [];
    const node = byId.get(nodeId)!;
    const spec = registry.get(node.type);
    const type = spec?.outputs.find((p) => p.id === handle)?.type;
    const incoming = edgesInto.get(nodeId) ?? [];
    const port =
      node.type === REROUTE_NODE
        ? 'in'
        : spec?.inputs.find((p) => p.type === type && incoming.some((e) => e.targetHandle === p.id))
            ?.id;
    if (port === undefined) return [];
    const inner = new Set(seen).add(nodeId);
    return incoming
      .filter((e) => e.targetHandle === port && !skipped.has(e.source) && byId.has(e.source))
      .flatMap((e) =>
        passing.has(e.source)
          ? feeds(e.source, e.sourceHandle, inner)
          : [{ source: e.source, sourceHandle: e.sourceHandle }],
      );
  };

  const edges = doc.edges.flatMap((e): GraphEdge[] => {
    const target = byId.get(e.target);
    const source = byId.get(e.source);
    if (!target || !source || removed(target) || skipped.has(e.source)) return [];
    if (!passing.has(e.source)) return [e];
    const joined = feeds(e.source, e.sourceHandle, new Set());
    return joined.map((f, i) => ({
      ...e,
      id: joined.length === 1 ? e.id : edgeId(`${e.id}~${i}`),
      source: f.source,
      sourceHandle: f.sourceHandle,
    }));
  });
  const nodes = doc.nodes
    .filter((n) => !removed(n))
    .map(({ mode: _mode, ...rest }): GraphNode => rest);
  const list = doc.nodes
    .filter((n) => skipped.has(n.id) && !LAYOUT_NODES.has(n.type))
    .map((n) => ({ nodeId: n.id, reason: skipped.get(n.id)! }));
  return { graph: { ...doc, nodes, edges }, skipped: list, passedThrough: passing };
}

/** Muted nodes and, through every wire, what needs them: id -> the reason. */
function skippedNodes(doc: GraphDocument, registry: NodeRegistry): Map<NodeId, string> {
  const skipped = new Map<NodeId, string>();
  const muted = doc.nodes.filter((n) => n.mode === 'mute');
  if (muted.length === 0) return skipped;
  const name = nodeNamer(doc, registry);
  const next = new Map<NodeId, NodeId[]>();
  for (const e of doc.edges) {
    const list = next.get(e.source);
    if (list) list.push(e.target);
    else next.set(e.source, [e.target]);
  }
  // Breadth first from every muted node: a dependant names the nearest muted node.
  const queue: Array<{ id: NodeId; muted: NodeId }> = [];
  for (const n of muted) {
    skipped.set(n.id, MUTED_REASON);
    queue.push({ id: n.id, muted: n.id });
  }
  while (queue.length > 0) {
    const { id, muted: cause } = queue.shift()!;
    for (const t of next.get(id) ?? []) {
      if (skipped.has(t)) continue;
      skipped.set(t, needsMutedReason(name(cause)));
      queue.push({ id: t, muted: cause });
    }
  }
  return skipped;
}

/**
 * The targets of a partial run ("run to here", `--only`, run group) in the moded
 * graph: a skipped target is dropped, a bypassed one (or a reroute) stands for the
 * nodes that feed it. Ids the document does not have are kept, for the plan to refuse.
 */
export function modedTargets(
  doc: GraphDocument,
  moded: ModedGraph,
  targets: readonly string[],
): NodeId[] {
  const inGraph = new Set<string>(moded.graph.nodes.map((n) => n.id));
  const known = new Set<string>(doc.nodes.map((n) => n.id));
  const deps = dependencyMap(doc);
  const out = new Set<NodeId>();
  const seen = new Set<string>();
  const stack = [...targets];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    if (!known.has(id) || inGraph.has(id)) out.add(id as NodeId);
    else if (moded.passedThrough.has(id as NodeId)) stack.push(...(deps.get(id as NodeId) ?? []));
  }
  return [...out];
}

/** The skipped nodes a partial run concerns: the targets and their ancestors. */
export function skippedFor(
  doc: GraphDocument,
  moded: ModedGraph,
  targets: readonly string[] | undefined,
): SkippedNode[] {
  if (!targets || targets.length === 0) return moded.skipped;
  const deps = dependencyMap(doc);
  const wanted = new Set<string>();
  const stack = [...targets];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (wanted.has(id)) continue;
    wanted.add(id);
    stack.push(...(deps.get(id as NodeId) ?? []));
  }
  return moded.skipped.filter((s) => wanted.has(s.nodeId));
}
