import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { GraphDocument } from '../../shared/graph/document';
import { nodeName } from '../../shared/nodes/nodeName';
import type { NodeRegistry } from '../../shared/nodes/registry';
import { checkConnection } from '../store/graphCommands';
import { getNode } from '../store/selectors';

/**
 * Wiring without a mouse (issue 15 item 8): Enter on a focused handle starts a
 * connection, the arrow keys walk the ports that can take it (focus follows, so a
 * screen reader reads each one's name), Enter connects, Escape cancels.
 */

/** One port of one node: `source` is an output, `target` an input (React Flow's words). */
export interface PortRef {
  nodeId: string;
  portId: string;
  kind: 'source' | 'target';
}

export const sameRef = (a: PortRef | null | undefined, b: PortRef): boolean =>
  !!a && a.nodeId === b.nodeId && a.portId === b.portId && a.kind === b.kind;

/** What a screen reader says for a handle: "Nano Banana Pro, output Images". */
export const handleName = (node: string, kind: PortRef['kind'], port: string): string =>
  `${node}, ${kind === 'source' ? 'output' : 'input'} ${port}`;

export function portName(doc: GraphDocument, registry: NodeRegistry, ref: PortRef): string {
  const node = getNode(doc, ref.nodeId);
  if (!node) return ref.portId;
  const spec = registry.get(node.type);
  const ports = ref.kind === 'source' ? spec?.outputs : spec?.inputs;
  const label = ports?.find((p) => p.id === ref.portId)?.label ?? ref.portId;
  return handleName(nodeName(node, registry), ref.kind, label);
}

/** The connection a wire between `from` and `to` makes (either may be the output). */
export function connectionOf(from: PortRef, to: PortRef) {
  const [source, target] = from.kind === 'source' ? [from, to] : [to, from];
  return {
    source: source.nodeId,
    sourceHandle: source.portId,
    target: target.nodeId,
    targetHandle: target.portId,
  };
}

/**
 * The ports a wire from `from` can end on, in reading order: nodes left to right,
 * then top to bottom, and each node's ports in their order. Type, self and cycle
 * checks are the store's (checkConnection), the same as for a mouse drag.
 */
export function wireCandidates(
  doc: GraphDocument,
  registry: NodeRegistry,
  from: PortRef,
): PortRef[] {
  const kind = from.kind === 'source' ? 'target' : 'source';
  const nodes = [...doc.nodes].sort(
    (a, b) => a.position.x - b.position.x || a.position.y - b.position.y,
  );
  const out: PortRef[] = [];
  for (const node of nodes) {
    if (node.id === from.nodeId) continue;
    const spec = registry.get(node.type);
    for (const port of (kind === 'target' ? spec?.inputs : spec?.outputs) ?? []) {
      const to: PortRef = { nodeId: node.id, portId: port.id, kind };
      if (checkConnection(doc, registry, connectionOf(from, to)).ok) out.push(to);
    }
  }
  return out;
}

export interface KeyboardWireState {
  /** The handle the wire starts from; null when no keyboard wire is in progress. */
  from: PortRef | null;
  candidates: PortRef[];
  index: number;
  /** The last thing to announce (a polite live region reads it). */
  message: string;
}

export type KeyboardWireStore = StoreApi<KeyboardWireState>;

export const createKeyboardWireStore = (): KeyboardWireStore =>
  createStore<KeyboardWireState>()(() => ({ from: null, candidates: [], index: 0, message: '' }));

/** The candidate the wire points at now. */
export const currentCandidate = (s: KeyboardWireState): PortRef | undefined =>
  s.from ? s.candidates[s.index] : undefined;

export interface WiringDeps {
  doc(): GraphDocument;
  registry: NodeRegistry;
  connect(connection: ReturnType<typeof connectionOf>): void;
  /** Moves keyboard focus to a handle (bringing it into view first if needed). */
  focus(ref: PortRef): void;
}

/** What a key does on a focused handle; true when the key was used. */
export function handleWireKey(
  store: KeyboardWireStore,
  deps: WiringDeps,
  key: string,
  at: PortRef,
): boolean {
  const s = store.getState();
  const doc = deps.doc();
  const name = (ref: PortRef): string => portName(doc, deps.registry, ref);
  if (!s.from) {
    if (key !== 'Enter' && key !== ' ') return false;
    const candidates = wireCandidates(doc, deps.registry, at);
    if (candidates.length === 0) {
      store.setState({ message: `Nothing on the canvas can connect to ${name(at)}.` });
      return true;
    }
    store.setState({
      from: at,
      candidates,
      index: 0,
      message: `Connecting from ${name(at)}. ${candidates.length} ports can take it: arrow keys choose, Enter connects, Escape cancels. ${name(candidates[0]!)}.`,
    });
    deps.focus(candidates[0]!);
    return true;
  }
  const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[key];
  if (step !== undefined) {
    const index = (s.index + step + s.candidates.length) % s.candidates.length;
    const to = s.candidates[index]!;
    store.setState({
      index,
      message: `${name(to)}, ${index + 1} of ${s.candidates.length}.`,
    });
    deps.focus(to);
    return true;
  }
  if (key === 'Escape') {
    const from = s.from;
    store.setState({ from: null, candidates: [], index: 0, message: 'Connection cancelled.' });
    deps.focus(from);
    return true;
  }
  if (key === 'Enter' || key === ' ') {
    const to = currentCandidate(s);
    if (!to) return true;
    deps.connect(connectionOf(s.from, to));
    store.setState({
      from: null,
      candidates: [],
      index: 0,
      message: `Connected ${name(s.from)} to ${name(to)}.`,
    });
    deps.focus(to);
    return true;
  }
  // Tab and the rest keep their meaning; the wire waits.
  return false;
}
