import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProviderIdSchema } from '../../shared/catalog/model';
import { createHostService } from '../core/host/hostService';
import type { EngineTuning } from '../core/host/engineRuntime';
import { envSessionKeyStore } from '../core/host/keyStore';
import { createEmulator } from '../emulator';
import { serveUserModels } from '../emulator/userModels';
import type { Emulator, EmulatorOptions } from '../emulator/types';
import { AccessPolicy, newToken } from './accessPolicy';
import { eventSocket } from './eventSocket';
import { requestHandler } from './router';

export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../out/renderer/', import.meta.url));

/** What the emulator does with --emulator: slow enough to watch a run happen. */
export const EMULATOR_DEFAULTS: EmulatorOptions = {
  latency: { queueMs: 800, runMs: 2500 },
  imageScale: 0.25,
};

export interface WebHostOptions {
  /** 0 (default): a free port. The host only ever binds 127.0.0.1. */
  port?: number;
  dataDir: string;
  /** The user's own model files; default `<dataDir>/models`. */
  userModelsDir?: string;
  workspaceDir: string;
  /** Start the provider emulator in-process and point the clients at it. */
  emulator?: boolean | EmulatorOptions;
  /** The built renderer; tests serve a small fixture folder. */
  staticDir?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** Fixed token (tests); otherwise a random one per launch. */
  token?: string;
  version?: string;
  engine?: EngineTuning;
  onWarning?: (message: string) => void;
}

export interface WebHost {
  /** Open this: it carries the token and sets the cookie. */
  url: string;
  origin: string;
  port: number;
  token: string;
  emulator?: Emulator;
  close(): Promise<void>;
}

function packageVersion(): string {
  const pkg = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

/** The loopback web host: the renderer, the contract over HTTP, events over a WebSocket. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const emulator = options.emulator
    ? await createEmulator({
        ...EMULATOR_DEFAULTS,
        ...(typeof options.emulator === 'object' ? options.emulator : {}),
      })
    : undefined;
  const keyStore = envSessionKeyStore(options.env ?? process.env);
  if (emulator) for (const p of ProviderIdSchema.options) keyStore.set(p, emulator.keys[p]);

  const host = await createHostService({
    dataDir: options.dataDir,
    ...(options.userModelsDir ? { userModelsDir: options.userModelsDir } : {}),
    workspaceDir: path.resolve(options.workspaceDir),
    keyStore,
    emulated: emulator !== undefined,
    nativeDialogs: false,
    ...(emulator
      ? {
          baseUrlOverrides: {
            runcomfy: emulator.runcomfyBaseUrl,
            runflow: emulator.runflowBaseUrl,
            google: emulator.googleBaseUrl,
          },
        }
      : {}),
    version: options.version ?? packageVersion(),
    owner: 'the web host',
    ...(options.env ? { env: options.env } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    // The emulator answers in seconds: poll often enough to show each state.
    ...(options.engine || emulator ? { engine: options.engine ?? { pollIntervalMs: 400 } } : {}),
  }).catch(async (e: unknown) => {
    await emulator?.close();
    throw e;
  });

  if (emulator) await serveUserModels(emulator, host);

  const token = options.token ?? newToken();
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;
  // Handlers are attached once the port, which the policy names, is known.
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (e) {
    await host.close();
    await emulator?.close();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  const policy = new AccessPolicy(token, port);
  const origin = `http://127.0.0.1:${port}`;
  const events = eventSocket(host, policy);
  server.on('upgrade', (req, socket, head) => events.handleUpgrade(req, socket, head));
  server.on('request', requestHandler(policy, host, staticDir));
  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    ...(emulator ? { emulator } : {}),
    close: () =>
      (closing ??= (async () => {
        events.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await host.close();
        await emulator?.close();
      })()),
  };
}
