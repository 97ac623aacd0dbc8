import type {
  NodeState,
  OutputImage,
  CostEstimate,
  RunEvent,
  RunStatus,
} from '../../shared/run/events';
import type { CallOutput, OutputSaved } from '../../shared/contract/hostApi';
import type { InstanceLabel } from '../../shared/plan/expand/instances';

export type RunRecord = CallOutput<'history.get'>;

/** What the canvas shows of a node's latest run. */
export interface NodeRunView {
  state: NodeState;
  /** Local clock time the current state began, for live elapsed counters. */
  since: number;
  queuePosition?: number;
  /** Elapsed time the host reported at `since`. */
  elapsedMs?: number;
  message?: string;
  images?: OutputImage[];
  /** This node sent its provider job in this run (its cost, if reported, is `costUsd`). */
  sentJob?: boolean;
  costUsd?: number;
  requestId?: string;
  /** Held: when the request whose answer never arrived was sent (host clock, ms). */
  sentAt?: number;
  /** Text the node produced (a text output), when it has one. */
  text?: string;
  /** Files a Preview/Save node wrote into the output folder in this run. */
  saved?: { files: Array<{ path: string; hash: string }>; error?: string };
  /** Shown from the run history: the outputs of a run before this session (its time). */
  past?: { runId: string; at: number };
}

export interface RunState {
  /** The run in progress, if any. */
  activeRunId: string | null;
  lastStatus: RunStatus | null;
  estimate: CostEstimate | null;
  /** When the run being shown started and finished, by the local clock (the status area's elapsed time). */
  startedAt: number | null;
  finishedAt: number | null;
  /** The nodes of the run being shown; `nodes` also keeps what earlier runs left on others. */
  runNodeIds: string[];
  nodes: Record<string, NodeRunView>;
  /**
   * The instances of the run being shown when it has variants or combinations (ids
   * `<nodeId>~c1v2`), with what differs; empty otherwise. The variant board shows them.
   */
  labels: Record<string, InstanceLabel>;
  /** The run those labels belong to (for its history: favourites, export). */
  labelsRunId: string | null;
  /** "Run x N": the variants the next Run asks for (1: a plain run). */
  variants: number;
  /** The variant board is open. */
  boardOpen: boolean;
}

export interface RunActions {
  /** Feeds one host `run.event` (ignores events of runs other than the active or last one). */
  apply(event: RunEvent): void;
  /** A run was accepted by the host: its events will follow. */
  started(runId: string): void;
  /** A Preview/Save node of the run being shown saved its images. */
  saved(event: OutputSaved): void;
  /**
   * Shows a recorded run (the workflow's latest, from the history) when nothing has
   * run in this session yet; a run still in progress is followed on. Returns whether
   * it was shown.
   */
  showPast(record: RunRecord): boolean;
  /**
   * Drops the "Skipped" states of the run shown (between runs only): a skip says a
   * bypass or mute held, and once a mode changes it may no longer hold.
   */
  forgetSkipped(): void;
  clear(): void;
  setVariants(n: number): void;
  setBoardOpen(open: boolean): void;
}

export type RunStoreState = RunState & RunActions;
