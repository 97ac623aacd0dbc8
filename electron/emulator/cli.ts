import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createEmulator } from './index';

const HELP = `Usage: npm run emulator -- [--port N] [--latency MS] [--scale X] [--capacity N]

Runs the RunComfy / Runflow emulator on 127.0.0.1 until Ctrl+C.
  --port N       port to listen on (default 8790; 0 picks a free one)
  --latency MS   run time per job in ms; jobs also wait MS/4 in the queue (default 1500)
  --scale X      output image size factor (default 1: 1K = 1024 px long side)
  --capacity N   jobs processed at once per provider (default 4)
  --json         print one JSON line with the URLs, keys and a control token, for a
                 parent process that drives the emulator (see remote.ts)`;

function number(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`--${name} must be a non-negative number, got ${raw}\n\n${HELP}`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      latency: { type: 'string' },
      scale: { type: 'string' },
      capacity: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const runMs = number('latency', values.latency, 1500);
  const controlToken = values.json ? randomBytes(16).toString('hex') : undefined;
  const emulator = await createEmulator({
    ...(controlToken ? { controlToken } : {}),
    port: number('port', values.port, 8790),
    latency: { queueMs: Math.round(runMs / 4), runMs },
    imageScale: number('scale', values.scale, 1) || 1,
    capacity: number('capacity', values.capacity, 4) || 1,
  });
  if (controlToken) {
    const { url, runcomfyBaseUrl, runflowBaseUrl, googleBaseUrl, keys } = emulator;
    console.log(
      JSON.stringify({ url, runcomfyBaseUrl, runflowBaseUrl, googleBaseUrl, keys, controlToken }),
    );
  } else
    console.log(`Provider emulator listening on ${emulator.url}

Point Nodeloom at it with:
  export NODELOOM_RUNCOMFY_BASE_URL=${emulator.runcomfyBaseUrl}
  export NODELOOM_RUNFLOW_BASE_URL=${emulator.runflowBaseUrl}
  export RUNCOMFY_API_KEY=${emulator.keys.runcomfy}
  export RUNFLOW_API_KEY=${emulator.keys.runflow}
  export NODELOOM_GOOGLE_BASE_URL=${emulator.googleBaseUrl}
  export GOOGLE_API_KEY=${emulator.keys.google}

Ctrl+C to stop.`);
  const stop = () => {
    const s = emulator.stats().total;
    console.log(
      `\nStopping: ${s.submissions} submissions, ${s.imagesGenerated} images, ${s.downloads} downloads.`,
    );
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
