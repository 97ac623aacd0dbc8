import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pinnedImageHashes } from '../../../shared/graph/pins';
import { parseWorkflow } from '../../../shared/workflow/format';
import { recoveryHandlers } from './recovery';

/** How far into the workspace to look for workflow files, and how many to read at most. */
const WORKSPACE_DEPTH = 2;
const WORKSPACE_FILES = 500;

/** Workflow files in the workspace (its top folders only), where the web mode saves. */
async function workspaceWorkflows(dir: string, depth = WORKSPACE_DEPTH): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const e of entries) {
    if (files.length >= WORKSPACE_FILES) break;
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = path.join(dir, e.name);
    if (e.isFile() && e.name.endsWith('.nodeloom')) files.push(full);
    else if (e.isDirectory() && depth > 0)
      files.push(...(await workspaceWorkflows(full, depth - 1)));
  }
  return files.slice(0, WORKSPACE_FILES);
}

/**
 * Images pinned outside the run history that collecting unused images must keep:
 * the pins in autosaved edits, in recently opened workflow files and in the
 * workflows of the workspace. A file that cannot be read pins nothing (it is gone,
 * or not a workflow).
 */
export async function pinnedElsewhere(
  dataDir: string,
  workspaceDir: string,
  recentWorkflows: () => readonly string[] = () => [],
): Promise<Set<string>> {
  const hashes = new Set<string>();
  const { entries } = await recoveryHandlers(dataDir, () => undefined)['recovery.list']({});
  for (const entry of entries) for (const h of pinnedImageHashes(entry.graph)) hashes.add(h);
  const files = new Set([...recentWorkflows(), ...(await workspaceWorkflows(workspaceDir))]);
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => null);
    const parsed = text === null ? null : parseWorkflow(text);
    if (parsed?.ok) for (const h of pinnedImageHashes(parsed.value.graph)) hashes.add(h);
  }
  return hashes;
}
