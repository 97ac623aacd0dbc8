import { parseArgs } from 'node:util';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';

export type Command =
  | { kind: 'help' }
  | { kind: 'validate'; workflow: string; json: boolean }
  | {
      kind: 'run';
      workflow: string;
      out?: string;
      only: string[];
      dryRun: boolean;
      concurrency?: number;
      json: boolean;
      /** --no-history: the run is not added to the run history. */
      noHistory?: true;
      /** --resend NODE: send these held nodes again (their last submit may have arrived). */
      resend?: string[];
      /** --resend-uncertain: send every held node again. */
      resendUncertain?: true;
    };

export const USAGE = `Usage:
  nodeloom run <workflow> [--out DIR] [--only NODE]... [--dry-run] [--concurrency N] [--json]
               [--no-history] [--resend NODE]... [--resend-uncertain]
  nodeloom validate <workflow> [--json]

run          runs the graph: provider jobs in dependency order, in parallel where it can
  --out DIR        where Preview/Save images go (default ./nodeloom-output)
  --only NODE      run only this node and what it needs (repeatable)
  --dry-run        print the plan, the request bodies and the cost estimate; send nothing
  --concurrency N  at most N provider jobs at once, per provider and overall (default 4 per provider, 8 overall)
  --json           one JSON event per line instead of progress text
  --no-history     do not add this run to the run history (the app's History panel)
  --resend NODE    send this held node again: its last request may have reached the
                   provider (check its dashboard first); repeatable
  --resend-uncertain  send every held node again
validate     checks the workflow and lists every problem

Environment: RUNCOMFY_API_KEY, RUNFLOW_API_KEY (keys); NODELOOM_RUNCOMFY_BASE_URL,
NODELOOM_RUNFLOW_BASE_URL (endpoints); NODELOOM_DATA_DIR (cache, journal, run history).
Exit codes: 0 all nodes done, 1 some nodes failed/skipped/cancelled, 2 nothing sent
(bad arguments, invalid workflow, missing key), 130 interrupted.`;

export function parseCommand(argv: readonly string[]): Result<Command, string> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        only: { type: 'string', multiple: true },
        'dry-run': { type: 'boolean' },
        concurrency: { type: 'string' },
        json: { type: 'boolean' },
        'no-history': { type: 'boolean' },
        resend: { type: 'string', multiple: true },
        'resend-uncertain': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return err((e as Error).message);
  }
  const { values, positionals } = parsed;
  const [verb, workflow, ...extra] = positionals;
  if (values.help || verb === undefined || verb === 'help') return ok({ kind: 'help' });
  if (verb !== 'run' && verb !== 'validate') return err(`unknown command "${verb}"`);
  if (!workflow) return err(`${verb} needs a workflow file`);
  if (extra.length > 0) return err(`unexpected argument "${extra[0]}"`);
  if (verb === 'validate') {
    const runOnly = (
      ['out', 'only', 'dry-run', 'concurrency', 'no-history', 'resend', 'resend-uncertain'] as const
    ).find((k) => values[k] !== undefined);
    if (runOnly) return err(`--${runOnly} belongs to "run", not "validate"`);
    return ok({ kind: 'validate', workflow, json: values.json ?? false });
  }
  let concurrency: number | undefined;
  if (values.concurrency !== undefined) {
    concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
      return err(`--concurrency must be a whole number from 1 to 256, got "${values.concurrency}"`);
    }
  }
  return ok({
    kind: 'run',
    workflow,
    ...(values.out !== undefined ? { out: values.out } : {}),
    only: values.only ?? [],
    dryRun: values['dry-run'] ?? false,
    ...(concurrency !== undefined ? { concurrency } : {}),
    json: values.json ?? false,
    ...(values['no-history'] ? { noHistory: true as const } : {}),
    ...(values.resend ? { resend: values.resend } : {}),
    ...(values['resend-uncertain'] ? { resendUncertain: true as const } : {}),
  });
}
