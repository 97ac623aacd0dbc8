import path from 'node:path';
import type { GraphIssue } from '../../shared/validation/issues';
import { blockingIssues } from '../../shared/validation/issues';
import { validateGraph } from '../../shared/validation/validateGraph';
import { EXIT } from './exitCodes';
import type { CliIO } from './io';
import { shown } from './io';
import { loadWorkflowAndCatalog } from './loadWorkflow';

export const formatIssue = (file: string, i: GraphIssue): string =>
  `${shown(file)}: node "${shown(i.nodeId)}"${i.field ? ` ${shown(i.field)}` : ''}: ${i.severity}: ${shown(i.message)}`;

export async function validateCommand(io: CliIO, file: string, json: boolean): Promise<number> {
  const loaded = await loadWorkflowAndCatalog(path.resolve(io.cwd, file), file);
  if (!loaded.ok) {
    io.stderr(`${loaded.error}\n`);
    return EXIT.invalid;
  }
  for (const e of loaded.value.catalogErrors) io.stderr(`warning: catalog: ${e}\n`);
  const issues = validateGraph(loaded.value.workflow.graph, loaded.value.registry);
  const errors = blockingIssues(issues);
  if (json) io.stdout(`${JSON.stringify({ valid: errors.length === 0, issues })}\n`);
  else {
    for (const i of issues) io.stdout(`${formatIssue(file, i)}\n`);
    const nodes = loaded.value.workflow.graph.nodes.length;
    io.stdout(
      errors.length === 0
        ? `${shown(file)}: valid (${nodes} nodes${issues.length ? `, ${issues.length} warning${issues.length > 1 ? 's' : ''}` : ''})\n`
        : `${shown(file)}: ${errors.length} error${errors.length > 1 ? 's' : ''}\n`,
    );
  }
  return errors.length === 0 ? EXIT.ok : EXIT.invalid;
}
