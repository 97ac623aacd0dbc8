import { z } from 'zod';
import { GraphDocumentSchema } from '../graph/document';
import type { GraphDocument } from '../graph/document';
import type { Result } from '../result';
import { err, ok } from '../result';
import { CURRENT_WORKFLOW_VERSION, WORKFLOW_MIGRATIONS, migrateWorkflow } from './migrations';
import type { Migration } from './migrations';
import type { PathIssue } from './zodPath';
import { zodIssues } from './zodPath';
import { workflowText } from './workflowText';

export const WORKFLOW_FORMAT = 'nodeloom.workflow';
export const WORKFLOW_EXTENSION = '.nodeloom';

export const WorkflowMetaSchema = z.object({
  name: z.string().optional(),
  description: z.string().optional(),
  createdAt: z.string().optional(),
  modifiedAt: z.string().optional(),
  /** The app that wrote the file, for support: `Nodeloom 0.1.0`. */
  generator: z.string().optional(),
});
export type WorkflowMeta = z.infer<typeof WorkflowMetaSchema>;

export const WorkflowFileSchema = z.object({
  format: z.literal(WORKFLOW_FORMAT),
  version: z.literal(CURRENT_WORKFLOW_VERSION),
  graph: GraphDocumentSchema,
  meta: WorkflowMetaSchema,
});
export type WorkflowFile = z.infer<typeof WorkflowFileSchema>;

export interface WorkflowParseError {
  /** One line for a dialog: "graph.nodes[0].position.x: expected number". */
  message: string;
  issues: PathIssue[];
}

const Envelope = z.object({
  format: z.string(),
  version: z.number().int().nonnegative(),
});

function fail(issues: PathIssue[]): Result<never, WorkflowParseError> {
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return err({
    message: first ? `${first.path}: ${first.message}${more}` : 'invalid workflow',
    issues,
  });
}

/**
 * Parses a workflow file's text (or already-parsed JSON) into a current-version
 * workflow. Never throws: a bad file gives an error naming the JSON path and the
 * problem.
 */
export function parseWorkflow(
  input: string | unknown,
  migrations: readonly Migration[] = WORKFLOW_MIGRATIONS,
): Result<WorkflowFile, WorkflowParseError> {
  let raw: unknown = input;
  if (typeof input === 'string') {
    const text = workflowText(input);
    if (!text.ok) return fail([{ path: '(root)', message: text.error }]);
    try {
      raw = JSON.parse(text.value);
    } catch (e) {
      return fail([{ path: '(root)', message: `not valid JSON: ${(e as Error).message}` }]);
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail([{ path: '(root)', message: 'expected a JSON object' }]);
  }
  try {
    return parseObject(raw as Record<string, unknown>, migrations);
  } catch (e) {
    // The schemas recurse into param values: a file nested deeply enough overflows
    // the stack, and a migration may trip over a file it did not expect.
    const message =
      e instanceof RangeError
        ? 'the file is nested too deeply to read'
        : `the file could not be read: ${e instanceof Error ? e.message : String(e)}`;
    return fail([{ path: '(root)', message }]);
  }
}

function parseObject(
  raw: Record<string, unknown>,
  migrations: readonly Migration[],
): Result<WorkflowFile, WorkflowParseError> {
  const envelope = Envelope.safeParse(raw);
  if (!envelope.success) return fail(zodIssues(envelope.error));
  if (envelope.data.format !== WORKFLOW_FORMAT) {
    return fail([
      { path: 'format', message: `expected "${WORKFLOW_FORMAT}", found "${envelope.data.format}"` },
    ]);
  }
  const migrated = migrateWorkflow(
    raw,
    envelope.data.version,
    CURRENT_WORKFLOW_VERSION,
    migrations,
  );
  if (!migrated.ok) return fail([{ path: 'version', message: migrated.error }]);
  const parsed = WorkflowFileSchema.safeParse(migrated.value.file);
  if (!parsed.success) return fail(zodIssues(parsed.error));
  return ok(parsed.data);
}

export function createWorkflow(graph: GraphDocument, meta: WorkflowMeta = {}): WorkflowFile {
  return { format: WORKFLOW_FORMAT, version: CURRENT_WORKFLOW_VERSION, graph, meta };
}

/** Stable, human-diffable text: two-space indentation and a final newline. */
export function serializeWorkflow(file: WorkflowFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}
