import { createWorkflow } from '../../../shared/workflow/format';
import { safeFileName, saveOutputImage } from '../output/saveImages';
import type { BlobStore } from '../storage/blobStore';
import type { RunRecord } from './historyStore';

/**
 * Writes the images a run's model nodes made into `dir`, as
 * `<workflow>_<run>_<node>_<NN>_<hash>.<ext>`. PNGs carry the run's graph and the
 * image's provenance. Images gone from the store are reported, the others written.
 */
export async function exportRun(
  record: RunRecord,
  blobs: BlobStore,
  dir: string,
  /** Only these images, as `<nodeId>\0<hash>` (the variant board's picks); absent: every output. */
  only?: ReadonlySet<string>,
): Promise<{ files: string[]; missing: string[] }> {
  const workflow = createWorkflow(record.graph, {
    ...(record.workflowName ? { name: record.workflowName } : {}),
  });
  const prefix = record.workflowName ?? 'run';
  const createdAt = new Date(record.finishedAt ?? record.startedAt).toISOString();
  const files: string[] = [];
  const missing: string[] = [];
  for (const node of record.nodes) {
    if (!node.provider) continue;
    for (const [i, image] of node.images.entries()) {
      if (only && !only.has(`${node.nodeId}\u0000${image.hash}`)) continue;
      if (!(await blobs.has(image.hash))) {
        missing.push(`${node.nodeId} #${i + 1} (${image.hash.slice(0, 8)})`);
        continue;
      }
      const index = String(i + 1).padStart(2, '0');
      const baseName = safeFileName(
        `${prefix}_${record.runId.slice(0, 8)}_${node.nodeId}_${index}_${image.hash.slice(0, 8)}`,
      );
      files.push(
        await saveOutputImage(blobs, image, { dir, baseName }, workflow, {
          nodeId: node.nodeId,
          ...(node.provider ? { provider: node.provider } : {}),
          ...(node.endpoint ? { endpoint: node.endpoint } : {}),
          ...(node.requestId ? { requestId: node.requestId } : {}),
          ...(node.costUsd !== undefined ? { costUsd: node.costUsd } : {}),
          createdAt,
        }),
      );
    }
  }
  return { files, missing };
}
