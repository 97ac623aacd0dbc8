import type { Result } from '../result';
import { err, ok } from '../result';

/**
 * One step of the workflow file format: a pure function from a file of version
 * `from` to a file of version `from + 1`. Steps run in order; each is kept forever
 * so that every file ever written still opens.
 */
export interface Migration {
  from: number;
  describe: string;
  migrate: (file: Record<string, unknown>) => Record<string, unknown>;
}

/** The format's history. Version 1 is the first released format, so none yet. */
export const WORKFLOW_MIGRATIONS: readonly Migration[] = [];

export const CURRENT_WORKFLOW_VERSION = 1;

export interface MigrationOutcome {
  file: Record<string, unknown>;
  applied: string[];
}

/**
 * Brings a file of any known version up to `target`. Refuses files from a newer
 * app, and gaps in the migration list, with a message that says which.
 */
export function migrateWorkflow(
  file: Record<string, unknown>,
  version: number,
  target: number = CURRENT_WORKFLOW_VERSION,
  migrations: readonly Migration[] = WORKFLOW_MIGRATIONS,
): Result<MigrationOutcome, string> {
  if (version > target) {
    return err(
      `this file is format version ${version}, written by a newer Nodeloom; this version reads up to ${target}`,
    );
  }
  let current = file;
  const applied: string[] = [];
  for (let v = version; v < target; v++) {
    const step = migrations.find((m) => m.from === v);
    if (!step) return err(`no migration from format version ${v} to ${v + 1}`);
    let next: Record<string, unknown>;
    try {
      next = step.migrate(current);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return err(`could not upgrade the file from format version ${v} to ${v + 1}: ${why}`);
    }
    current = { ...next, version: v + 1 };
    applied.push(step.describe);
  }
  return ok({ file: current, applied });
}
