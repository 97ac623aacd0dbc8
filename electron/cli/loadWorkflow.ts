import { readFile } from 'node:fs/promises';
import type { ModelEntry } from '../../shared/catalog/model';
import { createNodeRegistry } from '../../shared/nodes/registry';
import type { NodeRegistry } from '../../shared/nodes/registry';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { WorkflowFile } from '../../shared/workflow/format';
import { parseWorkflow } from '../../shared/workflow/format';
import { loadAllModels } from '../core/catalog/userModels';

export interface Loaded {
  workflow: WorkflowFile;
  registry: NodeRegistry;
  models: ModelEntry[];
  /** Catalog files that were skipped (printed as warnings). */
  catalogErrors: string[];
}

/**
 * Reads and parses a workflow and the catalog (the bundled models and the user's
 * in `userDir`); errors name the file (as `shown`, by default its path) and the
 * JSON path.
 */
export async function loadWorkflowAndCatalog(
  file: string,
  shown: string = file,
  userDir?: string,
): Promise<Result<Loaded, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return err(code === 'ENOENT' ? `${shown}: no such file` : `${shown}: ${(e as Error).message}`);
  }
  const parsed = parseWorkflow(text);
  if (!parsed.ok) {
    return err(parsed.error.issues.map((i) => `${shown}: ${i.path}: ${i.message}`).join('\n'));
  }
  const catalog = await loadAllModels(userDir ? { userDir } : {});
  return ok({
    workflow: parsed.value,
    registry: createNodeRegistry(catalog.models),
    models: catalog.models,
    catalogErrors: catalog.errors,
  });
}
