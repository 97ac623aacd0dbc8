import { parseCommand, USAGE } from './args';
import { EXIT } from './exitCodes';
import type { CliIO } from './io';
import { guardOutput, processIO } from './io';
import { runCommand } from './runCommand';
import type { RunTuning } from './runCommand';
import { validateCommand } from './validateCommand';

/** The CLI as a function: argv in, exit code out. */
export async function runCli(
  argv: readonly string[],
  rawIO: CliIO,
  tuning: RunTuning = {},
): Promise<number> {
  // Workflow files and providers are outside input: nothing they hold may drive the terminal.
  const io = guardOutput(rawIO);
  const command = parseCommand(argv);
  if (!command.ok) {
    io.stderr(`nodeloom: ${command.error}\n\n${USAGE}\n`);
    return EXIT.invalid;
  }
  const c = command.value;
  if (c.kind === 'help') {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (c.kind === 'validate') return validateCommand(io, c.workflow, c.json);
  return runCommand(io, c, tuning);
}

// Run when executed directly (tsx electron/cli/main.ts or bin/nodeloom.mjs).
const entry = process.argv[1] ?? '';
if (/electron[\\/]cli[\\/]main\.ts$/.test(entry) || process.env['NODELOOM_CLI'] === '1') {
  runCli(process.argv.slice(2), processIO()).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`nodeloom: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(EXIT.failed);
    },
  );
}
