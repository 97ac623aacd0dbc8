import type { StoreApi } from 'zustand/vanilla';
import type { HostClient } from '../../shared/contract/hostApi';
import type { RunStoreState } from '../store/runTypes';
import type { GraphStoreState } from '../store/types';

/**
 * Shows on each node the outputs of the workflow file's latest run (from the run
 * history), marked as from a past run; a run still in progress (started before a
 * reload, or from a tab since closed) is followed on in this document. Nothing
 * happens when the document is unsaved, has no run, or a run of this session is
 * already shown.
 */
export async function showLastOutputs({
  host,
  graph,
  run,
}: {
  host: HostClient;
  graph: StoreApi<GraphStoreState>;
  run: StoreApi<RunStoreState>;
}): Promise<void> {
  const path = graph.getState().filePath;
  if (!path) return;
  const { run: record } = await host.call('history.latest', { workflowPath: path });
  // Another file may have been opened meanwhile.
  if (!record || graph.getState().filePath !== path) return;
  if (run.getState().showPast(record) && run.getState().activeRunId === record.runId) {
    // Its events come to this document from now on (the tabs' run router).
    run.getState().started(record.runId);
  }
}
