import type { GraphDocument, ParamValue } from '../../../shared/graph/document';
import { resolveParams } from '../../../shared/nodes/params';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import type { NodeEvent, OutputImage, RunEvent } from '../../../shared/run/events';
import { TERMINAL_STATES } from '../../../shared/run/events';
import type { HistoryStore, NodeRecord, RunRecord } from './historyStore';

/** What the recorder knows of a run before its first event: the graph as sent. */
export interface RunContext {
  graph: GraphDocument;
  workflowPath?: string | undefined;
}

interface Active {
  record: RunRecord;
  context: RunContext;
  /** Text outputs by node (prompts), to record the prompt a model was sent. */
  texts: Map<string, string>;
  /** When each node left 'queued': the start of its duration. */
  began: Map<string, number>;
  timer: ReturnType<typeof setTimeout> | null;
  /** Writes of this run, one after the other. */
  chain: Promise<void>;
}

export interface RecorderOptions {
  /** How long node events are gathered before the record is written again. */
  throttleMs?: number;
  warn?: (message: string) => void;
}

/** The workflow's file name without its extension, or null for an unsaved document. */
export const workflowNameOf = (p: string | undefined): string | null =>
  p ? (p.split(/[\\/]/).pop() ?? p).replace(/\.nodeloom$/i, '') : null;

/**
 * Keeps a run's record as its events arrive: written when the run starts, again at
 * most every `throttleMs` while node events come in, and always when it finishes.
 */
export class HistoryRecorder {
  private readonly active = new Map<string, Active>();
  private readonly throttleMs: number;
  private readonly warn: (message: string) => void;

  constructor(
    private readonly store: HistoryStore,
    private readonly registry: NodeRegistry,
    options: RecorderOptions = {},
  ) {
    this.throttleMs = options.throttleMs ?? 500;
    this.warn = options.warn ?? ((m) => console.warn(`warning: ${m}`));
  }

  /** An event listener for one run started with this context. */
  listener(context: RunContext): (event: RunEvent) => void {
    return (event) => {
      try {
        this.apply(event, context);
      } catch (e) {
        this.warn(`run history: ${(e as Error).message}`);
      }
    };
  }

  /** The records of runs in progress, as they are now (newer than their files). */
  current(): RunRecord[] {
    return [...this.active.values()].map((a) => a.record);
  }

  /** Writes every pending change and waits for the writes (before closing, in tests). */
  async flush(): Promise<void> {
    for (const a of this.active.values()) this.write(a);
    await Promise.all([...this.active.values()].map((a) => a.chain));
  }

  private apply(event: RunEvent, context: RunContext): void {
    if (event.type === 'run-started') {
      const a = this.begin(event.runId, event.at, event.nodeIds, context);
      this.active.set(event.runId, a);
      this.write(a);
      return;
    }
    const a = this.active.get(event.runId);
    if (!a) return;
    if (event.type === 'node') {
      this.node(a, event);
      a.timer ??= setTimeout(() => this.write(a), this.throttleMs);
      return;
    }
    a.record = {
      ...a.record,
      status: event.status,
      finishedAt: event.at,
      actualUsd: event.actualUsd,
    };
    this.write(a);
    void a.chain.then(() => this.active.delete(event.runId));
  }

  private begin(
    runId: string,
    at: number,
    nodeIds: readonly string[],
    context: RunContext,
  ): Active {
    const byId = new Map(context.graph.nodes.map((n) => [n.id as string, n]));
    const nodes: NodeRecord[] = nodeIds.map((id) => {
      const type = byId.get(id)?.type ?? 'unknown';
      const model = this.registry.get(type)?.model;
      return {
        nodeId: id,
        type,
        state: 'queued',
        ...(model ? { provider: model.provider, endpoint: model.endpoint } : {}),
        images: [],
      };
    });
    return {
      record: {
        runId,
        startedAt: at,
        finishedAt: null,
        status: 'running',
        workflowName: workflowNameOf(context.workflowPath),
        workflowPath: context.workflowPath ?? null,
        nodeCount: nodeIds.length,
        images: [],
        actualUsd: 0,
        graph: context.graph,
        nodes,
      },
      context,
      texts: new Map(),
      began: new Map(),
      timer: null,
      chain: Promise.resolve(),
    };
  }

  private node(a: Active, e: NodeEvent): void {
    if (e.text !== undefined) a.texts.set(e.nodeId, e.text);
    if (e.state !== 'queued' && !a.began.has(e.nodeId)) a.began.set(e.nodeId, e.at);
    const nodes = a.record.nodes.map((n) => {
      if (n.nodeId !== e.nodeId) return n;
      const next: NodeRecord = { ...n, state: e.state };
      if (e.requestId !== undefined) next.requestId = e.requestId;
      if (e.images !== undefined) next.images = e.images;
      if (e.costUsd !== undefined) next.costUsd = e.costUsd;
      if (e.message !== undefined) next.message = e.message;
      if (TERMINAL_STATES.has(e.state)) {
        next.durationMs = Math.max(0, e.at - (a.began.get(e.nodeId) ?? e.at));
        const params = this.sentParams(a, e.nodeId);
        if (params) next.params = params;
      }
      return next;
    });
    a.record = { ...a.record, nodes, images: runImages(nodes) };
  }

  /** A model's params as sent: defaults filled in, wired prompts in place of their fields. */
  private sentParams(a: Active, nodeId: string): Record<string, ParamValue> | undefined {
    const node = a.context.graph.nodes.find((n) => n.id === nodeId);
    const spec = node ? this.registry.get(node.type) : undefined;
    if (!node || !spec?.model) return undefined;
    const params = resolveParams(spec, node.params);
    for (const port of spec.inputs) {
      if (!port.param) continue;
      const edge = a.context.graph.edges.find(
        (ed) => ed.target === nodeId && ed.targetHandle === port.id,
      );
      const text = edge ? a.texts.get(edge.source) : undefined;
      if (text !== undefined) params[port.param] = text;
    }
    return params;
  }

  private write(a: Active): void {
    if (a.timer) clearTimeout(a.timer);
    a.timer = null;
    a.chain = a.chain
      .then(() => this.store.write(a.record))
      .catch((e: unknown) => this.warn(`could not write run history: ${(e as Error).message}`));
  }
}

/** The run's output images for the gallery: what its model nodes made, once each. */
function runImages(nodes: readonly NodeRecord[]): OutputImage[] {
  const seen = new Set<string>();
  const out: OutputImage[] = [];
  for (const n of nodes) {
    if (!n.provider) continue;
    for (const img of n.images) {
      if (seen.has(img.hash)) continue;
      seen.add(img.hash);
      out.push(img);
    }
  }
  return out;
}
