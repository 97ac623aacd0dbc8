import { readFile } from 'node:fs/promises';
import { pinnedImageHashes } from '../../../shared/graph/pins';
import { parseWorkflow } from '../../../shared/workflow/format';
import { recoveryHandlers } from './recovery';

/**
 * Images pinned outside the run history that collecting unused images must keep:
 * the pins in autosaved edits and in recently opened workflow files. A file that
 * cannot be read pins nothing (it is gone, or not a workflow).
 */
export async function pinnedElsewhere(
  dataDir: string,
  recentWorkflows: () => readonly string[] = () => [],
): Promise<Set<string>> {
  const hashes = new Set<string>();
  const { entries } = await recoveryHandlers(dataDir, () => undefined)['recovery.list']({});
  for (const entry of entries) for (const h of pinnedImageHashes(entry.graph)) hashes.add(h);
  for (const file of recentWorkflows()) {
    const text = await readFile(file, 'utf8').catch(() => null);
    const parsed = text === null ? null : parseWorkflow(text);
    if (parsed?.ok) for (const h of pinnedImageHashes(parsed.value.graph)) hashes.add(h);
  }
  return hashes;
}
