import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { GraphDocument } from '../../../shared/graph/document';
import { createNodeRegistry } from '../../../shared/nodes/registry';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import type { RunEvent } from '../../../shared/run/events';
import { createEmulator } from '../../emulator';
import type { Emulator, EmulatorOptions } from '../../emulator/types';
import { loadCatalog } from '../catalog/loadCatalog';
import { createEngine } from '../engine/engine';
import type { Engine, EngineOptions, RunOptions, RunSummary } from '../engine/engine';
import { createAdapters } from '../providers/config';

/**
 * Test kit: an emulator on loopback, the real provider clients pointed at it by
 * base URL, and an engine over a temporary data folder.
 */
export interface Harness {
  emu: Emulator;
  registry: NodeRegistry;
  dataDir: string;
  engine: Engine;
  /** A new engine over the same data folder, as after a restart. */
  restart(options?: Partial<EngineOptions>): Promise<Engine>;
  run(
    doc: GraphDocument,
    options?: RunOptions,
  ): Promise<{ summary: RunSummary; events: RunEvent[] }>;
  close(): Promise<void>;
}

/** Where the providers are: an emulator in this process or in a child process. */
export interface ProviderEndpoints {
  runcomfyBaseUrl: string;
  runflowBaseUrl: string;
  /** Absent for emulators in other processes that predate the Gemini API. */
  googleBaseUrl?: string;
  keys: Record<'runcomfy' | 'runflow', string> & { google?: string };
}

/** An engine whose real provider clients point at `endpoints`, with test-speed polling. */
export function createTestEngine(
  endpoints: ProviderEndpoints,
  registry: NodeRegistry,
  dataDir: string,
  options: Partial<EngineOptions> = {},
): Engine {
  const adapters = createAdapters({
    runcomfy: { baseUrl: endpoints.runcomfyBaseUrl, apiKey: endpoints.keys.runcomfy },
    runflow: { baseUrl: endpoints.runflowBaseUrl, apiKey: endpoints.keys.runflow },
    ...(endpoints.googleBaseUrl && endpoints.keys.google
      ? { google: { baseUrl: endpoints.googleBaseUrl, apiKey: endpoints.keys.google } }
      : { google: { baseUrl: 'http://127.0.0.1:9' } }),
  });
  return createEngine({
    registry,
    adapters,
    dataDir,
    pollIntervalMs: 15,
    submitRetry: { baseMs: 5, maxMs: 50, attempts: 4 },
    pollRetry: { baseMs: 5, maxMs: 50, attempts: 6 },
    ...options,
  });
}

export const testRegistry = async (): Promise<NodeRegistry> =>
  createNodeRegistry((await loadCatalog()).models);

export const tempDataDir = (): Promise<string> =>
  mkdtemp(path.join(os.tmpdir(), 'nodeloom-engine-'));

/** Runs a graph to the end, collecting its events. */
export async function runToEnd(
  engine: Engine,
  doc: GraphDocument,
  options: RunOptions = {},
): Promise<{ summary: RunSummary; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  const handle = engine.run(doc, {
    ...options,
    onEvent: (e) => {
      events.push(e);
      options.onEvent?.(e);
    },
  });
  return { summary: await handle.done, events };
}

export async function startHarness(
  emulatorOptions: EmulatorOptions = {},
  engineOptions: Partial<EngineOptions> = {},
): Promise<Harness> {
  const emu = await createEmulator({
    imageScale: 0.02,
    latency: { queueMs: 10, runMs: 40 },
    ...emulatorOptions,
  });
  const registry = await testRegistry();
  const dataDir = await tempDataDir();
  const make = (extra: Partial<EngineOptions> = {}): Engine =>
    createTestEngine(emu, registry, dataDir, { ...engineOptions, ...extra });
  const engines: Engine[] = [make()];
  const harness: Harness = {
    emu,
    registry,
    dataDir,
    engine: engines[0]!,
    async restart(options) {
      await harness.engine.close();
      harness.engine = make(options);
      engines.push(harness.engine);
      return harness.engine;
    },
    run: (doc, options = {}) => runToEnd(harness.engine, doc, options),
    async close() {
      await Promise.all(engines.map((e) => e.close()));
      await emu.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
