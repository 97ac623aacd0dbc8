import { PROVIDER_NAMES } from '../../../shared/catalog/model';
import type { CallOutput, HostHandlers, RunRequest } from '../../../shared/contract/hostApi';
import type { GraphDocument } from '../../../shared/graph/document';
import { LOAD_IMAGE_NODE } from '../../../shared/nodes/builtins';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import { providersWithKeys } from '../providers/config';
import { baseNodeId } from '../../../shared/plan/expand/instances';
import type { InstanceLabel } from '../../../shared/plan/expand/instances';
import { flattenComponents } from '../../../shared/plan/flattenComponents';
import { preflight } from '../../../shared/plan/preflight';
import type { CostEstimate, RunEvent } from '../../../shared/run/events';
import type { GraphIssue } from '../../../shared/validation/issues';
import { RunRefusedError } from '../engine/engine';
import type { AllowedRoots } from './allowedRoots';
import type { RunContext } from '../history/recorder';
import type { UserPrices } from '../../../shared/cost/estimate';
import type { EngineRuntime } from './engineRuntime';
import type { RunOutputs } from './outputHandlers';
import { imageFolder, locateImage } from './imageAccess';

export type Refusal = Extract<CallOutput<'run.start'>, { ok: false }>;
type Issue = Refusal['issues'][number];

export interface RunDeps {
  runtime: EngineRuntime;
  registry: NodeRegistry;
  roots: AllowedRoots;
  onEvent: (event: RunEvent) => void;
  /** The user's own prices per image, read at each run (Settings change between runs). */
  userPrices?: () => UserPrices;
  /** A listener that records the run started with this context (run history). */
  record?: (context: RunContext) => (event: RunEvent) => void;
  /** A listener that saves the run's Preview/Save images (the output folder). */
  save?: RunOutputs['listener'];
}

const toIssue = (i: GraphIssue): Issue => ({
  nodeId: i.nodeId,
  ...(i.field !== undefined ? { field: i.field } : {}),
  code: i.code,
  severity: i.severity,
  message: i.message,
});

const refuse = (message: string, issues: Issue[] = []): Refusal => ({
  ok: false,
  message,
  issues,
});

const problems = (n: number): string =>
  `nothing was sent: fix ${n === 1 ? 'this problem' : `these ${n} problems`} first`;

/** What run.start is asked (and what a queued run starts with). */
type RunStartInput = RunRequest;

/** A run that passed every check: what it would send and where its images are. */
export interface CheckedRun {
  ok: true;
  baseDir: string;
  /** Jobs the run would send (the preflight's; pinned nodes are reused). */
  jobCount: number;
  estimate: CostEstimate;
}

export interface StartedRun {
  ok: true;
  runId: string;
  /** Settles when the run has ended, however it ended. */
  done: Promise<unknown>;
}

export interface RunStarter {
  /** Every check before a paid job is sent (the graph, keys, files), nothing sent. */
  check(request: RunStartInput): Promise<CheckedRun | Refusal>;
  /** Checks, then starts the run with the history and outputs listening. */
  start(request: RunStartInput): Promise<StartedRun | Refusal>;
}

/** The one way a run starts, for run.start and the run queue alike. */
export function createRunStarter(deps: RunDeps): RunStarter {
  const { runtime, registry, roots } = deps;
  const check: RunStarter['check'] = async ({ graph, targets, workflowPath, expansion }) => {
    let baseDir: string;
    try {
      baseDir = await imageFolder(roots, workflowPath);
    } catch (e) {
      return refuse((e as Error).message);
    }
    // The same check as the Run button and the engine: what only pinned nodes need
    // is not run, so it is neither checked nor needs a key.
    const checked = preflight(graph, registry, targets, {
      keyedProviders: providersWithKeys(runtime.adapters),
      ...(deps.userPrices ? { userPrices: deps.userPrices() } : {}),
      ...(expansion ? { expansion } : {}),
    });
    if (checked.planError) return refuse(checked.planError.message, checked.issues.map(toIssue));
    const keyless = checked.issues.filter((i) => i.code === 'missing-key');
    const issues = [
      ...checked.issues.filter((i) => i.code !== 'missing-key').map(toIssue),
      // The document as run: a swept Load Image source is checked value by value.
      ...(await imagesOutsideFolder(
        checked.expansion.doc,
        new Set(checked.plan.order),
        baseDir,
        roots,
        checked.expansion.labels,
      )),
    ];
    if (issues.length > 0) return refuse(problems(issues.length), issues);
    if (keyless.length > 0) {
      const message = checked.missingKeys
        .map((p) => `${PROVIDER_NAMES[p]} has no usable API key: add it in Settings`)
        .join('; ');
      return refuse(message, keyless.map(toIssue));
    }
    return {
      ok: true,
      baseDir,
      jobCount: checked.jobs.filter((j) => j.action === 'send').length,
      estimate: checked.estimate,
    };
  };

  return {
    check,
    async start(request) {
      const { registry } = deps;
      const checked = await check(request);
      if (!checked.ok) return checked;
      const { graph, targets, workflowPath, resend, expansion } = request;
      const { baseDir } = checked;
      // The history record and the output folder hear each event before the UI does.
      // The history names nodes by the ids the engine reports: those of the flattened
      // graph (an instance of a variant maps back to its node by the run's labels).
      // Saved PNGs carry the workflow as the user has it (the saver flattens).
      const listeners = [
        deps.record?.({ graph: flattenComponents(graph, registry).graph, workflowPath }),
        deps.save?.({ graph, workflowPath, workflowFolder: baseDir }),
        deps.onEvent,
      ].filter((l) => l !== undefined);
      const onEvent = (e: RunEvent): void => {
        for (const l of listeners) l(e);
      };
      try {
        const handle = await runtime.run(graph, {
          ...(targets ? { targets } : {}),
          ...(resend ? { resend } : {}),
          ...(expansion ? { expansion } : {}),
          baseDir,
          onEvent,
          ...(deps.userPrices ? { userPrices: deps.userPrices() } : {}),
        });
        return { ok: true, runId: handle.runId, done: handle.done };
      } catch (e) {
        if (e instanceof RunRefusedError)
          return refuse(problems(e.issues.length), e.issues.map(toIssue));
        throw e;
      }
    },
  };
}

/** run.start and run.cancel: everything is checked before a paid job is sent. */
export function runHandlers(
  deps: RunDeps,
  starter: RunStarter = createRunStarter(deps),
): Pick<HostHandlers, 'run.start' | 'run.cancel'> {
  return {
    async 'run.start'(request) {
      const started = await starter.start(request);
      return started.ok ? { ok: true, runId: started.runId } : started;
    },

    async 'run.cancel'({ runId }) {
      return { cancelled: deps.runtime.cancel(runId) };
    },
  };
}

/**
 * A workflow from elsewhere must not read arbitrary local files: a Load Image file
 * has to lie in the workflow's folder tree or be a file the user allowed (the UI
 * asks when the workflow is opened; images.outside shares this check).
 */
async function imagesOutsideFolder(
  graph: GraphDocument,
  order: ReadonlySet<string>,
  folder: string,
  roots: AllowedRoots,
  /** The run's instance labels: an issue names the workflow's node. */
  labels: Readonly<Record<string, InstanceLabel>>,
): Promise<Issue[]> {
  const issues: Issue[] = [];
  for (const node of graph.nodes) {
    if (node.type !== LOAD_IMAGE_NODE || !order.has(node.id)) continue;
    const source = node.params['source'];
    if (typeof source !== 'string') continue;
    const file = await locateImage(roots, folder, source);
    if (!file || file.readable) continue;
    issues.push({
      nodeId: baseNodeId(node.id, labels),
      field: 'source',
      code: 'image-outside-folder',
      severity: 'error',
      message: `${file.shown} is outside the workflow's folder: allow it when Nodeloom asks, or copy the image next to the workflow`,
    });
  }
  return issues;
}
