import type { z } from 'zod';

/** A problem in an input file, located by its JSON path (`graph.nodes[2].position.x`). */
export interface PathIssue {
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Flattens a zod error into one issue per bad field, in document order. */
export function zodIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): PathIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath([...prefix, ...issue.path]),
    message: issue.message,
  }));
}

export const describeIssues = (issues: readonly PathIssue[]): string =>
  issues.map((i) => `${i.path}: ${i.message}`).join('\n');
