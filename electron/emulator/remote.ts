import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { EmulatorConfig, EmulatorStats, ProviderId, RecordedRequest } from './types';

/** An emulator in a child process: its work does not compete with the caller's event loop. */
export interface RemoteEmulator {
  url: string;
  runcomfyBaseUrl: string;
  runflowBaseUrl: string;
  keys: Record<ProviderId, string>;
  stats(): Promise<EmulatorStats>;
  requests(): Promise<RecordedRequest[]>;
  configure(
    config: Omit<EmulatorConfig, 'latency'> & { latency?: { queueMs?: number; runMs?: number } },
  ): Promise<void>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

export async function spawnEmulator(
  args: { latencyMs?: number; scale?: number; capacity?: number } = {},
): Promise<RemoteEmulator> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      CLI,
      '--json',
      '--port',
      '0',
      '--latency',
      String(args.latencyMs ?? 200),
      '--scale',
      String(args.scale ?? 0.02),
      '--capacity',
      String(args.capacity ?? 64),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) =>
      reject(new Error(`emulator exited with ${code} before it started`)),
    );
  });
  const info = JSON.parse(first) as Omit<
    RemoteEmulator,
    'stats' | 'requests' | 'configure' | 'reset' | 'close'
  > & { controlToken: string };
  const control = async (action: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${info.url}/__emulator/${action}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'x-emulator-control': info.controlToken, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`emulator ${action}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    url: info.url,
    runcomfyBaseUrl: info.runcomfyBaseUrl,
    runflowBaseUrl: info.runflowBaseUrl,
    keys: info.keys,
    stats: () => control('stats') as Promise<EmulatorStats>,
    requests: () => control('requests') as Promise<RecordedRequest[]>,
    configure: async (config) => void (await control('configure', config)),
    reset: async () => void (await control('reset', {})),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
