import { parseArgs } from 'node:util';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import { MAX_VARIANTS } from '../../shared/plan/expand/options';

export type Command =
  | { kind: 'help' }
  | { kind: 'validate'; workflow: string; json: boolean }
  | { kind: 'models-add'; provider: string; endpoint: string; schema: string; name?: string }
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
      /** --variants N: N distinct requests per model node (shared/plan/expand). */
      variants?: number;
      /** --combine: how alternatives and sweeps combine (over the workflow's). */
      combine?: 'product' | 'zip';
    };

export const USAGE = `Usage:
  nodeloom run <workflow> [--out DIR] [--only NODE]... [--dry-run] [--concurrency N] [--json]
               [--no-history] [--resend NODE]... [--resend-uncertain]
               [--variants N] [--combine product|zip]
  nodeloom validate <workflow> [--json]
  nodeloom models add --provider P --endpoint E --schema FILE [--name NAME]

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
  --variants N     N distinct takes of every model node that runs (1-${MAX_VARIANTS}); a re-run
                   of the same N costs nothing (each variant is cached as itself)
  --combine MODE   prompt alternatives {a|b} and swept values: every combination
                   (product, the default) or the n-th of each together (zip)
validate     checks the workflow and lists every problem
models add   adds a model of RunComfy, Runflow or Google to your models folder
  --provider P     runcomfy, runflow or google
  --endpoint E     the model id from its API page (google/nano-banana-2/text-to-image)
  --schema FILE    the input JSON Schema copied from that page (- reads stdin)
  --name NAME      the node's name (default: from the endpoint)

Environment: RUNCOMFY_API_KEY, RUNFLOW_API_KEY, GOOGLE_API_KEY or GEMINI_API_KEY (keys);
NODELOOM_RUNCOMFY_BASE_URL, NODELOOM_GOOGLE_BASE_URL,
NODELOOM_RUNFLOW_BASE_URL (endpoints); NODELOOM_DATA_DIR (cache, journal, run history,
your models/).
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
        variants: { type: 'string' },
        combine: { type: 'string' },
        provider: { type: 'string' },
        endpoint: { type: 'string' },
        schema: { type: 'string' },
        name: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return err((e as Error).message);
  }
  const { values, positionals } = parsed;
  const [verb, workflow, ...extra] = positionals;
  if (values.help || verb === undefined || verb === 'help') return ok({ kind: 'help' });
  if (verb === 'models') return parseModelsCommand(workflow, extra, values);
  const modelsOnly = (['provider', 'endpoint', 'schema', 'name'] as const).find(
    (k) => values[k] !== undefined,
  );
  if (modelsOnly) return err(`--${modelsOnly} belongs to "models add"`);
  if (verb !== 'run' && verb !== 'validate') return err(`unknown command "${verb}"`);
  if (!workflow) return err(`${verb} needs a workflow file`);
  if (extra.length > 0) return err(`unexpected argument "${extra[0]}"`);
  if (verb === 'validate') {
    const runOnly = (
      [
        'out',
        'only',
        'dry-run',
        'concurrency',
        'no-history',
        'resend',
        'resend-uncertain',
        'variants',
        'combine',
      ] as const
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
  let variants: number | undefined;
  if (values.variants !== undefined) {
    variants = Number(values.variants);
    if (!Number.isInteger(variants) || variants < 1 || variants > MAX_VARIANTS) {
      return err(
        `--variants must be a whole number from 1 to ${MAX_VARIANTS}, got "${values.variants}"`,
      );
    }
  }
  const combine = values.combine;
  if (combine !== undefined && combine !== 'product' && combine !== 'zip')
    return err(`--combine must be product or zip, got "${combine}"`);
  return ok({
    kind: 'run',
    ...(variants !== undefined ? { variants } : {}),
    ...(combine !== undefined ? { combine } : {}),
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

function parseModelsCommand(
  action: string | undefined,
  extra: readonly string[],
  values: Partial<Record<'provider' | 'endpoint' | 'schema' | 'name', string>>,
): Result<Command, string> {
  if (action !== 'add')
    return err(action ? `unknown models command "${action}"` : 'models needs "add"');
  if (extra.length > 0) return err(`unexpected argument "${extra[0]}"`);
  const { provider, endpoint, schema, name } = values;
  const missing = (['provider', 'endpoint', 'schema'] as const).filter((k) => !values[k]);
  if (missing.length > 0 || !provider || !endpoint || !schema) {
    return err(`models add needs ${missing.map((k) => `--${k}`).join(', ')}`);
  }
  return ok({ kind: 'models-add', provider, endpoint, schema, ...(name ? { name } : {}) });
}
