import { PROVIDER_NAMES } from '../../../shared/catalog/model';
import type { ProviderId } from '../../../shared/catalog/model';
import type { CallOutput, HostHandlers } from '../../../shared/contract/hostApi';
import type { GraphDocument } from '../../../shared/graph/document';
import { LOAD_IMAGE_NODE } from '../../../shared/nodes/builtins';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import { planRun } from '../../../shared/plan/runPlan';
import type { RunEvent } from '../../../shared/run/events';
import { blockingIssues } from '../../../shared/validation/issues';
import type { GraphIssue } from '../../../shared/validation/issues';
import { validateGraph } from '../../../shared/validation/validateGraph';
import { RunRefusedError } from '../engine/engine';
import type { AllowedRoots } from './allowedRoots';
import type { RunContext } from '../history/recorder';
import type { UserPrices } from '../../../shared/cost/estimate';
import type { EngineRuntime } from './engineRuntime';
import type { RunOutputs } from './outputHandlers';
import { imageFolder, locateImage } from './imageAccess';

type Refusal = Extract<CallOutput<'run.start'>, { ok: false }>;
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

/** run.start and run.cancel: everything is checked before a paid job is sent. */
export function runHandlers(deps: RunDeps): Pick<HostHandlers, 'run.start' | 'run.cancel'> {
  const { runtime, registry, roots } = deps;
  return {
    async 'run.start'({ graph, targets, workflowPath, resend }) {
      let baseDir: string;
      try {
        baseDir = await imageFolder(roots, workflowPath);
      } catch (e) {
        return refuse((e as Error).message);
      }
      // What only pinned nodes need is not run: it is neither checked nor needs a key.
      const plan = planRun(graph, registry, targets);
      if (!plan.ok) {
        const cycles = blockingIssues(validateGraph(graph, registry)).filter(
          (i) => i.code === 'cycle',
        );
        return refuse(plan.error.message, cycles.map(toIssue));
      }
      const order = new Set<string>(plan.value.order);
      const issues = [
        ...blockingIssues(validateGraph(graph, registry))
          .filter((i) => order.has(i.nodeId))
          .map(toIssue),
        ...(await imagesOutsideFolder(graph, order, baseDir, roots)),
      ];
      if (issues.length > 0) return refuse(problems(issues.length), issues);

      const keyless = missingKeys(graph, order, registry, runtime);
      if (keyless.issues.length > 0) return refuse(keyless.message, keyless.issues);

      // The history record and the output folder hear each event before the UI does.
      const listeners = [
        deps.record?.({ graph, workflowPath }),
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
          baseDir,
          onEvent,
          ...(deps.userPrices ? { userPrices: deps.userPrices() } : {}),
        });
        return { ok: true, runId: handle.runId };
      } catch (e) {
        if (e instanceof RunRefusedError)
          return refuse(problems(e.issues.length), e.issues.map(toIssue));
        throw e;
      }
    },

    async 'run.cancel'({ runId }) {
      return { cancelled: runtime.cancel(runId) };
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
): Promise<Issue[]> {
  const issues: Issue[] = [];
  for (const node of graph.nodes) {
    if (node.type !== LOAD_IMAGE_NODE || !order.has(node.id)) continue;
    const source = node.params['source'];
    if (typeof source !== 'string') continue;
    const file = await locateImage(roots, folder, source);
    if (!file || file.readable) continue;
    issues.push({
      nodeId: node.id,
      field: 'source',
      code: 'image-outside-folder',
      severity: 'error',
      message: `${file.shown} is outside the workflow's folder: allow it when Nodeloom asks, or copy the image next to the workflow`,
    });
  }
  return issues;
}

function missingKeys(
  graph: GraphDocument,
  order: ReadonlySet<string>,
  registry: NodeRegistry,
  runtime: EngineRuntime,
): { message: string; issues: Issue[] } {
  const missing = new Set<ProviderId>();
  const issues: Issue[] = [];
  for (const node of graph.nodes) {
    // A pinned node sends nothing: it needs no key.
    const provider =
      order.has(node.id) && !node.pinned ? registry.get(node.type)?.model?.provider : undefined;
    if (!provider || runtime.adapters[provider]) continue;
    missing.add(provider);
    issues.push({
      nodeId: node.id,
      code: 'missing-key',
      severity: 'error',
      message: `${PROVIDER_NAMES[provider]} has no usable API key`,
    });
  }
  const message = [...missing]
    .map((p) => `${PROVIDER_NAMES[p]} has no usable API key: add it in Settings`)
    .join('; ');
  return { message, issues };
}
