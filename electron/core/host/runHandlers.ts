import { PROVIDER_NAMES } from '../../../shared/catalog/model';
import type { CallOutput, HostHandlers } from '../../../shared/contract/hostApi';
import type { GraphDocument } from '../../../shared/graph/document';
import { LOAD_IMAGE_NODE } from '../../../shared/nodes/builtins';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import { providersWithKeys } from '../providers/config';
import { preflight } from '../../../shared/plan/preflight';
import type { RunEvent } from '../../../shared/run/events';
import type { GraphIssue } from '../../../shared/validation/issues';
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
      // The same check as the Run button and the engine: what only pinned nodes need
      // is not run, so it is neither checked nor needs a key.
      const checked = preflight(graph, registry, targets, {
        keyedProviders: providersWithKeys(runtime.adapters),
      });
      if (checked.planError) return refuse(checked.planError.message, checked.issues.map(toIssue));
      const keyless = checked.issues.filter((i) => i.code === 'missing-key');
      const issues = [
        ...checked.issues.filter((i) => i.code !== 'missing-key').map(toIssue),
        ...(await imagesOutsideFolder(checked.graph, new Set(checked.plan.order), baseDir, roots)),
      ];
      if (issues.length > 0) return refuse(problems(issues.length), issues);
      if (keyless.length > 0) {
        const message = checked.missingKeys
          .map((p) => `${PROVIDER_NAMES[p]} has no usable API key: add it in Settings`)
          .join('; ');
        return refuse(message, keyless.map(toIssue));
      }

      // The history record and the output folder hear each event before the UI does.
      // The history names nodes by the ids the engine reports: those of the planned
      // graph. Saved PNGs carry the workflow as the user has it (the saver flattens).
      const listeners = [
        deps.record?.({ graph: checked.graph, workflowPath }),
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
