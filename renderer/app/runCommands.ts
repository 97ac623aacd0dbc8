import type { StoreApi } from 'zustand/vanilla';
import { canvasNodeOf } from '../../shared/plan/flattenComponents';
import { runIdOf } from '../store/componentFrames';
import { fileDocument } from '../store/graphStore';
import type { CallInput, HostClient } from '../../shared/contract/hostApi';
import type { NodeId } from '../../shared/graph/ids';
import type { NodeRegistry } from '../../shared/nodes/registry';
import { preflight } from '../../shared/plan/preflight';
import type { RunExpansion } from '../../shared/plan/expand/options';
import type { Preflight } from '../../shared/plan/preflight';
import type { GraphDocument } from '../../shared/graph/document';
import type { RunStoreState } from '../store/runTypes';
import type { GraphStoreState } from '../store/types';
import { confirmOutsideImages } from './imageSources';
import { budgetQuestion } from './runEstimate';
import { UNTITLED, fileName } from './files';
import { ownerKeyOf, queueClientOf, waitingCount } from './queue/queueClient';
import type { SettingsStore } from './settingsStore';
import type { IssueView, UiStore } from './uiStore';

export interface RunDeps {
  host: HostClient;
  registry: NodeRegistry;
  graph: StoreApi<GraphStoreState>;
  run: StoreApi<RunStoreState>;
  ui: UiStore;
  settings: SettingsStore;
}

export interface RunCommands {
  /**
   * Runs the whole graph, or the targets and what they need; true when the host
   * accepted it. `resend`: held nodes the user chose to send again.
   */
  run(
    targets?: readonly NodeId[],
    options?: { resend?: readonly NodeId[]; take?: { nodeId: NodeId; variant: number } },
  ): Promise<boolean>;
  /**
   * "New take": runs the node and what depends on it again as a new variant (the next
   * unused index, kept on the node), so a model without a seed gives another image.
   */
  newTake(nodeId?: NodeId): Promise<boolean>;
  /** After the user confirms: sends a held node again (and runs what it needs). */
  resend(nodeId: NodeId): Promise<boolean>;
  runSelected(): Promise<boolean>;
  cancel(): Promise<void>;
}

/** What the next run expands into: "Run x N", or a node's new take (which has no N). */
export function runExpansion(
  variants: number,
  take?: { nodeId: NodeId; variant: number },
): RunExpansion | undefined {
  if (take) return { take };
  return variants > 1 ? { variants } : undefined;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * What blocks a run: the preflight's issues (errors in the part of the graph the run
 * would execute), the check the host and the engine make too.
 */
export const runProblems = (
  doc: GraphDocument,
  registry: NodeRegistry,
  targets?: readonly string[],
): IssueView[] => onCanvas(doc, preflight(doc, registry, targets));

/**
 * Issues inside a component are shown on its instance (the node the workflow's
 * canvas has), naming the node inside as the run does ("Upscale › Nano Banana Pro").
 */
function onCanvas(
  doc: GraphDocument,
  checked: Preflight,
  issues: readonly IssueView[] = checked.issues,
): IssueView[] {
  const planned = new Map(checked.graph.nodes.map((n) => [n.id as string, n]));
  return issues.map((i) => {
    const shown = canvasNodeOf(doc, i.nodeId);
    if (!shown || shown === i.nodeId) return i;
    const { field: _inner, ...rest } = i;
    const inside = planned.get(i.nodeId)?.title;
    return { ...rest, nodeId: shown, message: inside ? `${inside}: ${i.message}` : i.message };
  });
}

export const problemsTitle = (count: number): string =>
  count === 0
    ? 'No problems left: ready to run'
    : `Cannot run: ${plural(count, 'problem')} to fix first`;

export function createRunCommands({
  host,
  registry,
  graph,
  run,
  ui,
  settings,
}: RunDeps): RunCommands {
  /** Asks before a run over the budget or with unpriced parts; false when declined. */
  const withinBudget = async (doc: GraphDocument, checked: Preflight): Promise<boolean> => {
    // Read now, not at start-up: the budget may have changed since (in any tab).
    const question = budgetQuestion(checked, doc, registry, settings.getState());
    if (!question) return true;
    return ui
      .getState()
      .confirm({ ...question, confirmLabel: 'Run anyway', cancelLabel: 'Cancel' });
  };

  let starting = false;

  /** Queues the run as the graph is now; it starts when the runs before it have ended. */
  const addToQueue = async (
    request: CallInput<'queue.add'>['run'],
    filePath: string | null,
  ): Promise<boolean> => {
    const name = filePath ? fileName(filePath) : UNTITLED;
    const answer = await host.call('queue.add', {
      run: request,
      name,
      owner: ownerKeyOf(run),
    });
    if (!answer.ok) {
      ui.getState().showIssues({ title: `Not queued: ${answer.message}`, items: answer.issues });
      return false;
    }
    // The panel shows it (and goes away again once the queue has run empty).
    queueClientOf(host).getState().showQueued(answer.queue);
    return true;
  };

  const commands: RunCommands = {
    async run(targets, options = {}) {
      if (starting) return false;
      // During a run (or behind runs already waiting) Run queues; a Resend never waits.
      const queued = queueClientOf(host);
      const toQueue =
        !options.resend?.length &&
        (run.getState().activeRunId !== null || waitingCount(queued.getState().view) > 0);
      if (options.resend?.length && run.getState().activeRunId) return false;
      starting = true;
      try {
        const state = graph.getState();
        // Targets are canvas ids of the level shown; the run takes the whole file.
        const wanted =
          targets && targets.length > 0 ? targets.map((t) => runIdOf(state.frames, t)) : undefined;
        const { filePath } = state;
        const doc = fileDocument(state);
        const expansion = runExpansion(run.getState().variants, options.take);
        // The user's own prices count in the estimate the budget question reads, over
        // every variant and combination the run expands into.
        const checked = preflight(doc, registry, wanted, {
          userPrices: settings.getState().modelPrices,
          ...(expansion ? { expansion } : {}),
        });
        const errors = onCanvas(doc, checked);
        if (checked.planError && errors.length === 0) {
          ui.getState().notify({ kind: 'error', text: `Cannot run: ${checked.planError.message}` });
          return false;
        }
        if (errors.length > 0) {
          ui.getState().showIssues({
            title: problemsTitle(errors.length),
            items: errors,
            live: wanted ? { targets: wanted } : {},
          });
          return false;
        }
        if (!(await withinBudget(doc, checked))) return false;
        if (!(await confirmOutsideImages({ host, graph, ui }))) {
          ui.getState().notify({
            kind: 'info',
            text: 'Not run: it needs images outside the workflow’s folder. Allow them, embed them or copy them next to the workflow.',
          });
          return false;
        }
        ui.getState().clearIssues();
        // One request, run now or queued: what it carries reaches the run either way.
        const request = {
          graph: doc,
          ...(wanted ? { targets: wanted } : {}),
          ...(filePath ? { workflowPath: filePath } : {}),
          ...(expansion ? { expansion } : {}),
        };
        if (toQueue) return await addToQueue(request, filePath);
        const answer = await host.call('run.start', {
          ...request,
          ...(options.resend?.length
            ? { resend: options.resend.map((id) => runIdOf(state.frames, id)) }
            : {}),
        });
        if (!answer.ok) {
          ui.getState().showIssues({
            title: `The run was refused: ${answer.message}`,
            items: onCanvas(doc, checked, answer.issues),
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
      if (run.getState().activeRunId) {
        ui.getState().notify({
          kind: 'info',
          text: 'A run is going: Resend once it has finished.',
        });
        return false;
      }
      const ok = await ui.getState().confirm({
        title: 'Send it again?',
        message:
          'The last request for this node was sent but never answered, so the provider may already have created (and billed) the job. Check the provider’s dashboard: sending it again may be billed again.',
        confirmLabel: 'Resend',
        cancelLabel: 'Cancel',
      });
      return ok ? commands.run([nodeId], { resend: [nodeId] }) : false;
    },
    async newTake(nodeId) {
      const id = nodeId ?? graph.getState().selectedNodeIds[0];
      const node = graph.getState().doc.nodes.find((n) => n.id === id);
      if (!id || !node || !registry.get(node.type)?.model) {
        ui.getState().notify({ kind: 'info', text: 'Select a model node for a new take first.' });
        return false;
      }
      if (run.getState().activeRunId) return false;
      const variant = (node.lastTake ?? 1) + 1;
      const started = await commands.run(undefined, { take: { nodeId: id, variant } });
      // Kept on the node, so the next take (even after a restart) is another new one.
      if (started) graph.getState().dispatch({ type: 'setLastTake', nodeId: id, take: variant });
      return started;
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
