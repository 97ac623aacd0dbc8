import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CallName, CallOutput, HostHandlers } from '../../../shared/contract/hostApi';
import { hostCalls } from '../../../shared/contract/hostApi';
import { MODELS, testGraph } from '../../../shared/testing/testGraph';
import { createEmulator } from '../../emulator';
import type { Emulator } from '../../emulator/types';
import { createHostService } from './hostService';
import type { HostService, HostServiceOptions } from './hostService';
import { envSessionKeyStore } from './keyStore';

/**
 * Test kit for the host service: temporary data and workspace folders, fast
 * polling, and optionally the provider emulator with its keys set for the session.
 */
export interface HostKit {
  host: HostService;
  dataDir: string;
  workspaceDir: string;
  emu?: Emulator;
  warnings: string[];
  /** Calls a handler with the input parsed by the contract, as a transport does. */
  call<K extends CallName>(name: K, input: unknown): Promise<CallOutput<K>>;
  /** A new host service over the same folders, as after a restart. */
  restart(): Promise<HostService>;
  close(): Promise<void>;
}

export const FAST_ENGINE = {
  pollIntervalMs: 15,
  submitRetry: { baseMs: 5, maxMs: 50, attempts: 4 },
  pollRetry: { baseMs: 5, maxMs: 50, attempts: 6 },
};

export async function startHostKit(
  opts: { emulator?: boolean; env?: Record<string, string> } & Partial<HostServiceOptions> = {},
): Promise<HostKit> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-host-data-'));
  const workspaceDir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-host-ws-'));
  const emu = opts.emulator
    ? await createEmulator({ latency: { queueMs: 10, runMs: 40 }, imageScale: 0.02 })
    : undefined;
  const warnings: string[] = [];
  const keyStore = envSessionKeyStore(opts.env ?? {});
  if (emu) for (const p of ['runcomfy', 'runflow'] as const) keyStore.set(p, emu.keys[p]);
  const make = () =>
    createHostService({
      dataDir,
      workspaceDir,
      keyStore,
      emulated: emu !== undefined,
      nativeDialogs: false,
      version: '0.0.0-test',
      env: opts.env ?? {},
      onWarning: (m) => warnings.push(m),
      engine: FAST_ENGINE,
      ...(emu
        ? { baseUrlOverrides: { runcomfy: emu.runcomfyBaseUrl, runflow: emu.runflowBaseUrl } }
        : {}),
      ...opts,
    });
  const kit: HostKit = {
    host: await make(),
    dataDir,
    workspaceDir,
    ...(emu ? { emu } : {}),
    warnings,
    async call(name, input) {
      const handler = kit.host.handlers[name] as (
        i: unknown,
      ) => ReturnType<HostHandlers[typeof name]>;
      return (await handler(hostCalls[name].input.parse(input))) as CallOutput<typeof name>;
    },
    async restart() {
      await kit.host.close();
      kit.host = await make();
      return kit.host;
    },
    async close() {
      await kit.host.close();
      await emu?.close();
      await rm(dataDir, { recursive: true, force: true });
      await rm(workspaceDir, { recursive: true, force: true });
    },
  };
  return kit;
}

/** prompt -> text-to-image -> preview: one paid job, ids left to the builder. */
export function textToImage(prompt = 'a lighthouse at dusk') {
  const g = testGraph();
  const p = g.prompt(prompt);
  const t2i = g.model(MODELS.proTextToImage, { output_format: 'png' });
  const out = g.preview();
  g.connect(p, 'text', t2i, 'prompt');
  g.connect(t2i, 'images', out, 'images');
  return g.doc();
}
