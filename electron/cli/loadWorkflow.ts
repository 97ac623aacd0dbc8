import type { ModelEntry } from '../../shared/catalog/model';
import { createNodeRegistry } from '../../shared/nodes/registry';
import type { NodeRegistry } from '../../shared/nodes/registry';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { WorkflowFile } from '../../shared/workflow/format';
import { parseWorkflow } from '../../shared/workflow/format';
import { MAX_WORKFLOW_BYTES } from '../../shared/workflow/workflowText';
import { loadCatalog } from '../core/catalog/loadCatalog';
import { FileReadError, readRegularFile } from '../core/storage/regularFile';
import { printable } from './io';

export interface Loaded {
  workflow: WorkflowFile;
  registry: NodeRegistry;
  models: ModelEntry[];
  /** Catalog files that were skipped (printed as warnings). */
  catalogErrors: string[];
}

/**
 * Reads and parses a workflow and the catalog; errors name the file (as `shown`,
 * by default its path) and the JSON path.
 */
export async function loadWorkflowAndCatalog(
  file: string,
  shown: string = file,
): Promise<Result<Loaded, string>> {
  let text: string;
  try {
    // Decoded as it is: parseWorkflow drops a byte order mark and names other encodings.
    text = (
      await readRegularFile(file, { what: 'workflow', maxBytes: MAX_WORKFLOW_BYTES })
    ).toString('utf8');
  } catch (e) {
    if (e instanceof FileReadError && e.reason === 'missing') return err(`${shown}: no such file`);
    return err((e as Error).message);
  }
  const parsed = parseWorkflow(text);
  if (!parsed.ok) {
    return err(
      parsed.error.issues
        .map(
          (i) =>
            `${printable(shown, { oneLine: true })}: ${printable(i.path, { oneLine: true })}: ${printable(i.message, { oneLine: true })}`,
        )
        .join('\n'),
    );
  }
  const catalog = await loadCatalog();
  return ok({
    workflow: parsed.value,
    registry: createNodeRegistry(catalog.models),
    models: catalog.models,
    catalogErrors: catalog.errors,
  });
}
