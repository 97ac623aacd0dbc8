import path from 'node:path';
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
import type { EngineRuntime } from './engineRuntime';

type Refusal = Extract<CallOutput<'run.start'>, { ok: false }>;
type Issue = Refusal['issues'][number];

export interface RunDeps {
  runtime: EngineRuntime;
  registry: NodeRegistry;
  roots: AllowedRoots;
  onEvent: (event: RunEvent) => void;
  /** A listener that records the run started with this context (run history). */
  record?: (context: RunContext) => (event: RunEvent) => void;
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
    async 'run.start'({ graph, targets, workflowPath }) {
      let baseDir = roots.workspaceDir;
      if (workflowPath !== undefined) {
        try {
          baseDir = path.dirname(await roots.resolve(workflowPath));
        } catch (e) {
          return refuse((e as Error).message);
        }
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
        ...blockingIssues(validateGraph(graph, registry)).filter((i) => order.has(i.nodeId)),
        ...(await imagesOutsideRoots(graph, order, baseDir, roots)),
      ].map(toIssue);
      if (issues.length > 0) return refuse(problems(issues.length), issues);

      const keyless = missingKeys(graph, order, registry, runtime);
      if (keyless.issues.length > 0) return refuse(keyless.message, keyless.issues);

      // The history record hears each event before the UI does.
      const record = deps.record?.({ graph, workflowPath });
      const onEvent = record
        ? (e: RunEvent) => {
            record(e);
            deps.onEvent(e);
          }
        : deps.onEvent;
      try {
        const handle = await runtime.run(graph, {
          ...(targets ? { targets } : {}),
          baseDir,
          onEvent,
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
 * has to lie in the workflow's folder tree, the workspace, or a folder the user opened.
 */
async function imagesOutsideRoots(
  graph: GraphDocument,
  order: ReadonlySet<string>,
  baseDir: string,
  roots: AllowedRoots,
): Promise<GraphIssue[]> {
  const issues: GraphIssue[] = [];
  for (const node of graph.nodes) {
    if (node.type !== LOAD_IMAGE_NODE || !order.has(node.id)) continue;
    const source = node.params['source'];
    if (typeof source !== 'string') continue;
    const s = source.trim();
    if (s === '' || /^(https:\/\/|data:)/i.test(s)) continue;
    if (await roots.contains(path.resolve(baseDir, s))) continue;
    issues.push({
      nodeId: node.id,
      field: 'source',
      code: 'invalid-source',
      severity: 'error',
      message: `${s} is outside the workflow's folder and the workspace; copy the image next to the workflow`,
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
      message: `${PROVIDER_NAMES[provider]} has no API key`,
    });
  }
  const message = [...missing]
    .map((p) => `${PROVIDER_NAMES[p]} has no API key: add it in Settings`)
    .join('; ');
  return { message, issues };
}
