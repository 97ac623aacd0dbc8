import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../core/paths';
import { startWebHost } from './webHost';
import { userModelsDir } from '../core/catalog/userModels';

const HELP = `Usage: npm run web [-- --port N] [-- --emulator] [-- --workspace DIR]

Serves Nodeloom on http://127.0.0.1 and prints the URL to open (it carries a
per-launch token; other URLs answer 401).
  --port N          port to listen on (default 0: a free one)
  --emulator        run against the built-in provider emulator: no real jobs, no cost
  --emulator-latency MS  how long an emulated job runs (default 2500)
  --workspace DIR   folder the file browser opens and saves in (default: current folder)
  --print-url-line  print "NODELOOM_URL <url>" as the first line, for scripts and tests

Data (cache, job journal, settings): NODELOOM_DATA_DIR or the app's data folder; with
--emulator, its "emulated" sub-folder, so emulated images never answer a real run.`;

/** The `NODELOOM_URL <url>` line a script reads to find a host it started. */
export const URL_LINE_PREFIX = 'NODELOOM_URL ';

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      emulator: { type: 'boolean', default: false },
      'emulator-latency': { type: 'string' },
      workspace: { type: 'string' },
      'print-url-line': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, got ${values.port}`);
  const workspaceDir = path.resolve(values.workspace ?? process.cwd());
  if (!(await stat(workspaceDir).catch(() => undefined))?.isDirectory())
    throw new Error(`--workspace ${workspaceDir} is not a folder`);
  // Emulated images stay out of the real data folder (cache keys also differ by base URL).
  const base = defaultDataDir();
  const dataDir = values.emulator ? path.join(base, 'emulated') : base;

  const latency = values['emulator-latency'];
  if (latency !== undefined && !(Number(latency) >= 0))
    throw new Error(`--emulator-latency must be a number of milliseconds, got ${latency}`);
  const emulator =
    values.emulator && latency !== undefined
      ? { latency: { queueMs: Math.round(Number(latency) / 4), runMs: Number(latency) } }
      : values.emulator;
  // The user's models are theirs in both modes: the emulated data folder shares them.
  const web = await startWebHost({
    port,
    dataDir,
    userModelsDir: userModelsDir(base),
    workspaceDir,
    emulator,
  });
  if (values['print-url-line']) console.log(`${URL_LINE_PREFIX}${web.url}`);
  console.log(`Nodeloom is running. Open this URL in your browser:\n\n  ${web.url}\n`);
  if (web.emulator)
    console.log(
      `Providers are emulated (${web.emulator.url}): no real jobs are sent, nothing is billed.`,
    );
  console.log(
    `Workspace: ${workspaceDir}\nData:      ${dataDir}\nModels:    ${userModelsDir(base)}\nPress Ctrl+C to stop.`,
  );

  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(130); // a second Ctrl+C: quit at once
    stopping = true;
    web.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Run when executed directly (tsx electron/server/main.ts), not when imported.
if (/electron[\\/]server[\\/]main\.ts$/.test(process.argv[1] ?? '')) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`nodeloom web: ${(e as Error).message}`);
    process.exit(2);
  });
}
