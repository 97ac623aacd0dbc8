import type { StoreApi } from 'zustand/vanilla';
import type { CallOutput, HostClient } from '../../../shared/contract/hostApi';
import { nodeId as toNodeId } from '../../../shared/graph/ids';
import { nodeNamer } from '../../../shared/nodes/nodeName';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import { createWorkflow, serializeWorkflow } from '../../../shared/workflow/format';
import type { GraphStoreState } from '../../store/types';
import type { FileCommands } from '../files';
import type { UiStore } from '../uiStore';
import { runTime } from '../../../shared/run/runTime';

export type RunRecord = CallOutput<'history.get'>;
export type RunListItem = CallOutput<'history.list'>['runs'][number];
export type NodeRecord = RunRecord['nodes'][number];

export interface HistoryDeps {
  host: HostClient;
  registry: NodeRegistry;
  graph: StoreApi<GraphStoreState>;
  ui: UiStore;
  files: Pick<FileCommands, 'openText'>;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The graph the run was started with, as a new unsaved document. */
export function openRunGraph(deps: HistoryDeps, record: RunRecord): Promise<boolean> {
  const name = `${record.workflowName ?? 'Run'} (run of ${runTime(record.startedAt)})`;
  const text = serializeWorkflow(
    createWorkflow(record.graph, {
      name,
      description: `The graph of run ${record.runId}`,
    }),
  );
  return deps.files.openText(name, text);
}

/** A node of a run, named as the artist named it in that run's graph. */
export const recordNodeName = (
  deps: Pick<HistoryDeps, 'registry'>,
  record: RunRecord,
  nodeId: string,
): string => nodeNamer(record.graph, deps.registry)(nodeId);

/** Why the node of a run can not be pinned in the open document, or undefined when it can. */
export function pinProblem(
  deps: HistoryDeps,
  record: RunRecord,
  node: NodeRecord,
): string | undefined {
  const name = recordNodeName(deps, record, node.nodeId);
  if (node.images.length === 0) return `${name} made no images in this run`;
  if (!deps.registry.get(node.type)?.model) return `${name} is not a model node`;
  const current = deps.graph.getState().doc.nodes.find((n) => n.id === node.nodeId);
  if (!current) return `the open workflow no longer has ${name}: open the graph of this run`;
  if (current.type !== node.type)
    return `${name} in the open workflow is another kind of node than in this run`;
  return undefined;
}

/** Whether the open document's node with this id is pinned to exactly these images. */
export function isPinnedTo(graph: GraphStoreState, node: NodeRecord): boolean {
  const pin = graph.doc.nodes.find((n) => n.id === node.nodeId)?.pinned;
  return (
    pin !== undefined &&
    pin.images.length === node.images.length &&
    pin.images.every((img, i) => img.hash === node.images[i]!.hash)
  );
}

/** Pins a run's output on the node with the same id in the open document (one undo step). */
export function pinOnCanvas(deps: HistoryDeps, record: RunRecord, node: NodeRecord): boolean {
  const problem = pinProblem(deps, record, node);
  if (problem) {
    deps.ui.getState().notify({ kind: 'warning', text: `Not pinned: ${problem}.` });
    return false;
  }
  deps.graph.getState().dispatch({
    type: 'setPin',
    nodeId: toNodeId(node.nodeId),
    pin: {
      images: node.images,
      runId: record.runId,
      ...(node.requestId ? { requestId: node.requestId } : {}),
    },
  });
  deps.ui.getState().notify({
    kind: 'info',
    text: `Pinned ${recordNodeName(deps, record, node.nodeId)}: runs reuse these images and do not send it again until it is unpinned.`,
  });
  return true;
}

export function unpin(deps: HistoryDeps, nodeId: string): void {
  deps.graph.getState().dispatch({ type: 'setPin', nodeId: toNodeId(nodeId), pin: undefined });
}

/** Writes the run's images as PNGs (history.export) and says where. */
export async function exportRunImages(
  deps: Pick<HistoryDeps, 'host' | 'ui'>,
  runId: string,
): Promise<string[] | null> {
  try {
    const { files } = await deps.host.call('history.export', { runId });
    deps.ui.getState().notify({
      kind: 'info',
      text:
        files.length === 0
          ? 'This run has no output images to export.'
          : `Exported ${files.length} image${files.length === 1 ? '' : 's'}.`,
      details: files,
    });
    return files;
  } catch (e) {
    deps.ui.getState().notify({ kind: 'error', text: `Could not export: ${message(e)}` });
    return null;
  }
}

/** File > Export Outputs: the images of the latest run. */
export async function exportLatestRun(deps: Pick<HistoryDeps, 'host' | 'ui'>): Promise<void> {
  let latest: RunListItem | undefined;
  try {
    latest = (await deps.host.call('history.list', { limit: 1 })).runs[0];
  } catch (e) {
    deps.ui.getState().notify({ kind: 'error', text: `Could not export: ${message(e)}` });
    return;
  }
  if (!latest) {
    deps.ui
      .getState()
      .notify({ kind: 'info', text: 'Nothing to export yet: run the graph first.' });
    return;
  }
  await exportRunImages(deps, latest.runId);
}

const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);

/**
 * Deletes runs from the history after the user agreed (history.delete). Their images
 * stay in the result cache: other runs and the cache may use them, and they were
 * paid for. Returns the ids deleted; none when the user said no or it failed.
 */
export async function deleteRuns(
  deps: Pick<HistoryDeps, 'host' | 'ui'>,
  runs: readonly Pick<RunListItem, 'runId' | 'workflowName' | 'startedAt' | 'images'>[],
): Promise<string[]> {
  const [first] = runs;
  if (!first) return [];
  const n = runs.length;
  const what =
    n === 1
      ? `The run of ${first.workflowName ?? 'an unsaved workflow'} from ${runTime(first.startedAt)}`
      : `${n} runs`;
  const images = runs.reduce((sum, r) => sum + r.images.length, 0);
  const kept =
    images === 0
      ? 'Images stay in the result cache.'
      : `${plural(images, 'The image stays', `The ${images} images stay`)} in the result cache: runs that reuse ${plural(images, 'it', 'them')} do not pay again, and pins keep working.`;
  const ok = await deps.ui.getState().confirm({
    title: n === 1 ? 'Delete this run?' : `Delete ${n} runs?`,
    message: `${what} ${plural(n, 'is', 'are')} removed from the history, with graph, parameters and cost. ${kept}`,
    confirmLabel: n === 1 ? 'Delete run' : `Delete ${n} runs`,
    danger: true,
  });
  if (!ok) return [];
  let deleted: string[];
  try {
    ({ deleted } = await deps.host.call('history.delete', { runIds: runs.map((r) => r.runId) }));
  } catch (e) {
    deps.ui.getState().notify({ kind: 'error', text: `Could not delete: ${message(e)}` });
    return [];
  }
  const d = deleted.length;
  if (d > 0)
    deps.ui.getState().notify({
      kind: 'info',
      text: `Deleted ${plural(d, 'the run', `${d} runs`)}; ${plural(d, 'its', 'their')} images stay in the result cache.`,
    });
  if (d < n)
    deps.ui.getState().notify({
      kind: 'warning',
      text: `${plural(n - d, 'A run was', `${n - d} runs were`)} not deleted: a run still in progress cannot be deleted (or it was already gone).`,
    });
  return deleted;
}
