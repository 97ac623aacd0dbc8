import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AssetStore, assetRoutes } from './assets';
import { realClock } from './clock';
import { ModelIndex } from './context';
import type { EmulatorContext, ResolvedConfig } from './context';
import { FaultBook } from './faults';
import { FileStore } from './files';
import { checkInputs, publishOutputs, renderOutputs } from './generate';
import { JobScheduler } from './jobs';
import { loadDefaultModels } from './models';
import { runcomfyRoutes } from './runcomfy';
import { runflowRoutes } from './runflow';
import { geminiRoutes } from './gemini';
import { handleRequest, internalError } from './server';
import { CONTROL_PREFIX, handleControl } from './control';
import { StatsRecorder } from './stats';
import { storageRoutes } from './storage';
import type {
  Emulator,
  EmulatorConfig,
  EmulatorOptions,
  Latency,
  ProviderId,
  RecordedRequest,
} from './types';

export type * from './types';
export { ManualClock, realClock } from './clock';
export type { EmulatorClock } from './clock';

export const DEFAULT_KEYS: Record<ProviderId, string> = {
  runcomfy: 'runcomfy-emulator-key',
  runflow: 'rf_live_emulator_key',
  google: 'AIzaSy-emulator-google-key',
};
const DEFAULT_LATENCY: Latency = { queueMs: 20, runMs: 50 };
const DEFAULT_CAPACITY = 8;

/**
 * Starts a loopback emulator of the RunComfy Model API and the Runflow runs API
 * on one port: `${url}/runcomfy`, `${url}/runflow` and `${url}/google` are the base URLs.
 */
export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const models = new ModelIndex(options.models ?? (await loadDefaultModels()));
  let origin = '';
  const config: ResolvedConfig = {
    latency: DEFAULT_LATENCY,
    capacity: { runcomfy: DEFAULT_CAPACITY, runflow: DEFAULT_CAPACITY, google: DEFAULT_CAPACITY },
    imageScale: 1,
    outputTtlMs: 15 * 60_000,
    defaultPricePerImageUsd: options.defaultPricePerImageUsd ?? 0.1,
  };
  const clock = options.clock ?? realClock;
  const stats = new StatsRecorder();
  const files = new FileStore(() => origin, clock);
  const jobs = new JobScheduler({
    stats,
    clock,
    latency: (job) => {
      const spec = config.latency;
      return typeof spec === 'function' ? spec(job) : { ...DEFAULT_LATENCY, ...spec };
    },
    capacity: (provider) => config.capacity[provider],
    checkInputs: (job) => checkInputs(files, job),
    render: (job) => renderOutputs(files, job, config.imageScale),
    publish: (job, rendered) => publishOutputs(files, job, rendered, config.outputTtlMs),
  });
  const ctx: EmulatorContext = {
    origin: () => origin,
    baseUrl: (provider) => `${origin}/${provider}`,
    keys: { ...DEFAULT_KEYS, ...options.keys },
    clock,
    config,
    models,
    files,
    jobs,
    stats,
    faults: new FaultBook(),
    assets: new AssetStore(),
  };
  const configure = (c: EmulatorConfig) => {
    if (c.latency !== undefined) config.latency = c.latency;
    if (c.imageScale !== undefined) config.imageScale = positive('imageScale', c.imageScale);
    if (c.outputTtlMs !== undefined) config.outputTtlMs = positive('outputTtlMs', c.outputTtlMs);
    if (c.faults !== undefined) ctx.faults.set(c.faults);
    if (c.capacity !== undefined) {
      const next =
        typeof c.capacity === 'number'
          ? { runcomfy: c.capacity, runflow: c.capacity, google: c.capacity }
          : c.capacity;
      for (const p of ['runcomfy', 'runflow', 'google'] as const) {
        if (next[p] !== undefined) config.capacity[p] = positive(`capacity.${p}`, next[p]);
        jobs.pump(p);
      }
    }
  };
  configure(options);

  const routes = [
    ...runcomfyRoutes(ctx),
    ...runflowRoutes(ctx),
    ...geminiRoutes(ctx),
    ...assetRoutes(ctx),
    ...storageRoutes(ctx),
  ];
  let log: RecordedRequest[] = [];
  // The control routes answer for the emulator object built below.
  const ref: { emulator?: Emulator } = {};
  const server = createServer((req, res) => {
    if (options.controlToken && req.url?.startsWith(CONTROL_PREFIX)) {
      handleControl(() => ref.emulator!, options.controlToken, req, res).catch((e: unknown) =>
        internalError(res, null, e),
      );
      return;
    }
    handleRequest(ctx, routes, log, req, res).catch((e: unknown) => internalError(res, null, e));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const self: Emulator = {
    url: origin,
    runcomfyBaseUrl: ctx.baseUrl('runcomfy'),
    runflowBaseUrl: ctx.baseUrl('runflow'),
    googleBaseUrl: ctx.baseUrl('google'),
    keys: { ...ctx.keys },
    stats: () => stats.snapshot(),
    requests: () => log.map((r) => ({ ...r })),
    configure,
    serve: (added) => models.serve(added),
    reset: () => {
      jobs.reset();
      stats.reset();
      files.clear();
      ctx.assets.clear();
      ctx.faults.resetCounters();
      log = [];
    },
    close: () => {
      jobs.reset();
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) =>
        server.close((e) => (e ? reject(e) : resolve())),
      );
    },
  };
  ref.emulator = self;
  return self;
}

function positive(name: string, value: number): number {
  if (!(typeof value === 'number' && value > 0))
    throw new Error(`Emulator: ${name} must be > 0, got ${value}`);
  return value;
}
