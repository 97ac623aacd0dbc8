import type { StoreApi } from 'zustand/vanilla';
import type { HostClient } from '../../shared/contract/hostApi';
import type { NodeId } from '../../shared/graph/ids';
import type { NodeRegistry } from '../../shared/nodes/registry';
import { planRun } from '../../shared/plan/runPlan';
import { blockingIssues } from '../../shared/validation/issues';
import { validateGraph } from '../../shared/validation/validateGraph';
import type { GraphDocument } from '../../shared/graph/document';
import type { RunStoreState } from '../store/runTypes';
import type { GraphStoreState } from '../store/types';
import { confirmOutsideImages } from './imageSources';
import { budgetMessage, estimateRun, exceedsBudget } from './runEstimate';
import type { IssueView, UiStore } from './uiStore';

export interface RunDeps {
  host: HostClient;
  registry: NodeRegistry;
  graph: StoreApi<GraphStoreState>;
  run: StoreApi<RunStoreState>;
  ui: UiStore;
}

export interface RunCommands {
  /**
   * Runs the whole graph, or the targets and what they need; true when the host
   * accepted it. `resend`: held nodes the user chose to send again.
   */
  run(targets?: readonly NodeId[], options?: { resend?: readonly NodeId[] }): Promise<boolean>;
  /** After the user confirms: sends a held node again (and runs what it needs). */
  resend(nodeId: NodeId): Promise<boolean>;
  runSelected(): Promise<boolean>;
  cancel(): Promise<void>;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What blocks a run: errors in the part of the graph the run would execute. */
export function runProblems(
  doc: GraphDocument,
  registry: NodeRegistry,
  targets?: readonly string[],
): IssueView[] {
  const errors = blockingIssues(validateGraph(doc, registry));
  // The same plan the engine runs: what only pinned nodes need is not checked.
  const plan = planRun(doc, registry, targets && targets.length > 0 ? targets : undefined);
  if (!plan.ok) return errors;
  const planned = new Set<string>(plan.value.order);
  return errors.filter((i) => planned.has(i.nodeId));
}

export const problemsTitle = (count: number): string =>
  count === 0
    ? 'No problems left: ready to run'
    : `Cannot run: ${plural(count, 'problem')} to fix first`;

export function createRunCommands({ host, registry, graph, run, ui }: RunDeps): RunCommands {
  let starting = false;

  const commands: RunCommands = {
    async run(targets, options = {}) {
      if (starting || run.getState().activeRunId) return false;
      starting = true;
      try {
        const wanted = targets && targets.length > 0 ? [...targets] : undefined;
        const errors = runProblems(graph.getState().doc, registry, wanted);
        if (errors.length > 0) {
          ui.getState().showIssues({
            title: problemsTitle(errors.length),
            items: errors,
            live: wanted ? { targets: wanted } : {},
          });
          return false;
        }
        const { doc, filePath } = graph.getState();
        const { budgetUsd, modelPrices } = ui.getState().settings;
        const estimate = estimateRun(doc, registry, wanted, modelPrices);
        if (budgetUsd !== null && exceedsBudget(estimate, budgetUsd)) {
          const ok = await ui.getState().confirm({
            title: 'Over budget',
            message: budgetMessage(estimate, budgetUsd),
            confirmLabel: 'Run anyway',
            cancelLabel: 'Cancel',
          });
          if (!ok) return false;
        }
        if (!(await confirmOutsideImages({ host, graph, ui }))) {
          ui.getState().notify({
            kind: 'info',
            text: 'Not run: it needs images outside the workflow’s folder. Allow them, embed them or copy them next to the workflow.',
          });
          return false;
        }
        ui.getState().clearIssues();
        const answer = await host.call('run.start', {
          graph: doc,
          ...(wanted ? { targets: wanted } : {}),
          ...(filePath ? { workflowPath: filePath } : {}),
          ...(options.resend?.length ? { resend: [...options.resend] } : {}),
        });
        if (!answer.ok) {
          ui.getState().showIssues({
            title: `The run was refused: ${answer.message}`,
            items: answer.issues,
          });
          return false;
        }
        run.getState().started(answer.runId);
        return true;
      } catch (e) {
        ui.getState().notify({
          kind: 'error',
          text: `Could not start the run: ${e instanceof Error ? e.message : String(e)}`,
        });
        return false;
      } finally {
        starting = false;
      }
    },
    async resend(nodeId) {
      const ok = await ui.getState().confirm({
        title: 'Send it again?',
        message:
          'The last request for this node was sent but never answered, so the provider may already have created (and billed) the job. Check the provider’s dashboard: sending it again may be billed again.',
        confirmLabel: 'Resend',
        cancelLabel: 'Cancel',
      });
      return ok ? commands.run([nodeId], { resend: [nodeId] }) : false;
    },
    async runSelected() {
      const selected = graph.getState().selectedNodeIds;
      if (selected.length === 0) {
        ui.getState().notify({ kind: 'info', text: 'Select the node to run to first.' });
        return false;
      }
      return commands.run(selected);
    },
    async cancel() {
      const runId = run.getState().activeRunId;
      if (!runId) return;
      try {
        await host.call('run.cancel', { runId });
      } catch (e) {
        ui.getState().notify({
          kind: 'error',
          text: `Could not cancel the run: ${e instanceof Error ? e.message : String(e)}`,
        });
      }
    },
  };
  return commands;
}
