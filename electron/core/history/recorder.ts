import type { GraphDocument } from '../../../shared/graph/document';
import { baseNodeId } from '../../../shared/plan/expand/instances';
import type { InstanceLabel } from '../../../shared/plan/expand/instances';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import type { NodeEvent, RunEvent } from '../../../shared/run/events';
import { TERMINAL_STATES } from '../../../shared/run/events';
import { tallyReportedCost } from '../../../shared/cost/reported';
import type { ResumedJob } from '../engine/resume';
import type { HistoryStore, NodeRecord, RunRecord } from './historyStore';
import { paramsAsSent, runImages } from './nodeRecords';
import { settleResumedJob, settledStatus } from './resumedRun';

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
  /** Finished or interrupted: later events are not recorded. */
  ended: boolean;
}

export interface RecorderOptions {
  /** How long node events are gathered before the record is written again. */
  throttleMs?: number;
  warn?: (message: string) => void;
  /** A record was rewritten outside a run's own events (a job collected after a restart). */
  changed?: (runIds: string[]) => void;
}

/** The workflow's file name without its extension, or null for an unsaved document. */
export const workflowNameOf = (p: string | undefined): string | null =>
  p ? (p.split(/[\\/]/).pop() ?? p).replace(/\.nodeloom$/i, '') : null;

const TERMINAL: ReadonlySet<string> = TERMINAL_STATES;

/**
 * Keeps a run's record as its events arrive: written when the run starts, again at
 * most every `throttleMs` while node events come in, and always when it finishes.
 * After a restart, it also completes the records of interrupted runs with the jobs
 * the engine collects from its journal (see `resumed`).
 */
export class HistoryRecorder {
  private readonly active = new Map<string, Active>();
  /** Updates of interrupted runs by jobs collected after a restart, one after the other per run. */
  private readonly resuming = new Map<string, Promise<void>>();
  private readonly throttleMs: number;
  private readonly warn: (message: string) => void;
  private readonly changed: ((runIds: string[]) => void) | undefined;

  constructor(
    private readonly store: HistoryStore,
    private readonly registry: NodeRegistry,
    options: RecorderOptions = {},
  ) {
    this.throttleMs = options.throttleMs ?? 500;
    this.warn = options.warn ?? ((m) => console.warn(`warning: ${m}`));
    this.changed = options.changed;
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

  /**
   * Waits for the last write of a run that has ended: until it lands the run is
   * still current (a run in progress stays so, and this returns at once).
   */
  async lastWrite(runId: string): Promise<void> {
    const a = this.active.get(runId);
    if (a?.ended) await a.chain;
  }

  /** Writes every pending change and waits for the writes (before closing, in tests). */
  async flush(): Promise<void> {
    for (const a of this.active.values()) this.write(a);
    await Promise.all([...this.active.values()].map((a) => a.chain));
    await Promise.all(this.resuming.values());
  }

  /**
   * The app is closing with runs in progress: their jobs stay in the journal for the
   * next start, so each is recorded as interrupted, as after a crash (its unfinished
   * nodes too), and the events its closing engine still sends are not recorded.
   * The next start completes the record with the jobs it collects.
   */
  interruptActive(now = Date.now()): void {
    for (const [runId, a] of this.active) {
      if (a.ended) continue;
      a.ended = true;
      const nodes = a.record.nodes.map((n) =>
        TERMINAL.has(n.state)
          ? n
          : { ...n, state: 'interrupted', message: n.message ?? 'the app stopped during the run' },
      );
      a.record = {
        ...a.record,
        status: settledStatus(nodes) ?? 'interrupted',
        finishedAt: now,
        nodes,
      };
      this.write(a);
      void a.chain.then(() => this.active.delete(runId));
    }
  }

  /**
   * A job a previous process left at a provider has ended (or will never be
   * collected): the record of the interrupted run it belongs to gets its outcome,
   * and the run its final status once no node is left unfinished. Runs that were
   * not interrupted are left alone.
   */
  resumed(job: ResumedJob): void {
    const { runId } = job.entry;
    if (this.active.has(runId)) return; // a run of this process records its own events
    const update = async (): Promise<void> => {
      const record = await this.store.get(runId);
      const next = record && settleResumedJob(record, job, this.registry);
      if (!next) return;
      await this.store.write(next);
      this.changed?.([runId]);
    };
    this.update(runId, update);
  }

  /** Resolves once the changes to a run's record made so far are on disk. */
  async written(runId: string): Promise<void> {
    await this.resuming.get(runId);
  }

  /** Changes a finished run's record file, one change after the other per run. */
  private update(runId: string, change: () => Promise<void>): void {
    this.after(
      runId,
      (this.resuming.get(runId) ?? Promise.resolve())
        .then(change)
        .catch((e: unknown) =>
          this.warn(`could not update run ${runId} in the history: ${(e as Error).message}`),
        ),
    );
  }

  /** `chain` is the last change of the run's record: the next one waits for it. */
  private after(runId: string, chain: Promise<void>): void {
    this.resuming.set(runId, chain);
    void chain.then(() => {
      if (this.resuming.get(runId) === chain) this.resuming.delete(runId);
    });
  }

  /**
   * A Preview/Save node of a run saved files: kept on its node record, so the
   * workflow opened later shows where. The save may end after the run did.
   */
  saved(runId: string, nodeId: string, files: NonNullable<NodeRecord['saved']>): void {
    if (files.length === 0) return;
    const add = (record: RunRecord): RunRecord => ({
      ...record,
      nodes: record.nodes.map((n) =>
        n.nodeId === nodeId ? { ...n, saved: [...(n.saved ?? []), ...files] } : n,
      ),
    });
    const a = this.active.get(runId);
    if (a) {
      a.record = add(a.record);
      this.write(a); // after the run's own writes, on the same chain
      // A later change once the run has left `active` reads the file after this write.
      this.after(runId, a.chain);
      return;
    }
    this.update(runId, async () => {
      const record = await this.store.get(runId);
      if (record) await this.store.write(add(record));
    });
  }

  private apply(event: RunEvent, context: RunContext): void {
    if (event.type === 'run-started') {
      const a = this.begin(event.runId, event.at, event.nodeIds, context, event.labels ?? {});
      this.active.set(event.runId, a);
      this.write(a);
      return;
    }
    const a = this.active.get(event.runId);
    if (!a || a.ended) return;
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
      jobCount: event.jobCount,
      jobsWithoutCost: event.jobsWithoutCost,
    };
    a.ended = true;
    this.write(a);
    void a.chain.then(() => this.active.delete(event.runId));
  }

  private begin(
    runId: string,
    at: number,
    nodeIds: readonly string[],
    context: RunContext,
    labels: Readonly<Record<string, InstanceLabel>>,
  ): Active {
    const byId = new Map(context.graph.nodes.map((n) => [n.id as string, n]));
    const nodes: NodeRecord[] = nodeIds.map((id) => {
      // An instance of an expanded run (`<nodeId>~c1v2`) is of its workflow node's type.
      const type = byId.get(baseNodeId(id, labels))?.type ?? 'unknown';
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
        jobCount: 0,
        jobsWithoutCost: 0,
        graph: context.graph,
        nodes,
      },
      context,
      texts: new Map(),
      began: new Map(),
      timer: null,
      chain: Promise.resolve(),
      ended: false,
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
      if (e.sentJob) next.sentJob = true;
      if (e.costUsd !== undefined) next.costUsd = e.costUsd;
      if (e.message !== undefined) next.message = e.message;
      if (TERMINAL_STATES.has(e.state)) {
        next.durationMs = Math.max(0, e.at - (a.began.get(e.nodeId) ?? e.at));
        const params = paramsAsSent(a.context.graph, this.registry, e.nodeId, (id) =>
          a.texts.get(id),
        );
        if (params) next.params = params;
      }
      return next;
    });
    // Kept current, so a run cut short still says what its finished jobs cost.
    a.record = { ...a.record, nodes, images: runImages(nodes), ...tallyReportedCost(nodes) };
  }

  private write(a: Active): void {
    if (a.timer) clearTimeout(a.timer);
    a.timer = null;
    a.chain = a.chain
      .then(() => this.store.write(a.record))
      .catch((e: unknown) => this.warn(`could not write run history: ${(e as Error).message}`));
  }
}
