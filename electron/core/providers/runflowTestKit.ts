import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createRunflowAdapter } from './runflow';
import type { RunflowOptions } from './runflow';
import { RUNFLOW_INLINE_MAX_BYTES } from './runflowAssets';
import { providerError, sendJson, startTestServer } from './testServer';
import type { TestServer } from './testServer';
import type { ImageInput, ProviderAdapter, ProviderError } from './types';

/**
 * Test kit for the Runflow client tests: an API server and a storage server (another
 * origin, as presigned storage is) on loopback, and canned answers that follow
 * docs.runflow.io and runflow-js as collected in design/PROVIDERS.md.
 */

export const KEY = 'rf_live_SECRET_0b7c21';
export const ENDPOINT = 'google/nano-banana-pro/edit';
export const RUNS_PATH = `/v1/models/${ENDPOINT}/runs`;
export const RUN_ID = '0193a5c0-7d2e-7000-8000-000000000001';

export const input = { prompt: 'ghibli style', image_urls: ['https://public.runflow.io/a.png'] };

/** A run object with the documented fields. */
export const run = (fields: Record<string, unknown>) => ({
  id: RUN_ID,
  status_code: 'queued',
  input,
  output: null,
  cost: null,
  cost_breakdown: null,
  duration_ms: null,
  created_at: '2026-11-23T10:00:00Z',
  started_at: null,
  completed_at: null,
  callback_url: null,
  metadata: null,
  failure_code: null,
  failure_message: null,
  failure_stage_code: null,
  links: { self: `/v1/runs/${RUN_ID}` },
  ...fields,
});

/** Awaits a rejection that must be a ProviderError never quoting the key. */
export const fail = (p: Promise<unknown>): Promise<ProviderError> => providerError(p, KEY);

/** Deterministic bytes that do not look like a data URI's padding. */
export const bytes = (n: number): Uint8Array => new Uint8Array(n).map((_, i) => i % 251);

/** A local PNG big enough (1 MiB) to go through the asset upload flow. */
export const bigImage = (name = 'big.png'): ImageInput => ({
  kind: 'bytes',
  bytes: bytes(RUNFLOW_INLINE_MAX_BYTES),
  mimeType: 'image/png',
  name,
});

export interface RunflowKit {
  api: TestServer;
  storage: TestServer;
  rf: ProviderAdapter;
  /** Answers GET /v1/runs/RUN_ID with a run object carrying `fields`. */
  routeRun(fields: Record<string, unknown>): void;
  /** Routes the documented upload flow (session, PUT to `uploadBase`, confirm). */
  routeUploads(uploadBase: TestServer, putStatus?: number): void;
}

export const ASSET_URL = 'https://assets.runflow.io/asset-7.png?sig=1';

/**
 * Starts the servers for the file's tests and resets them between tests. The
 * adapter gets `options` (tests pass an instant upload retry).
 */
export function useRunflowServers(options: RunflowOptions = {}): RunflowKit {
  const kit = {} as RunflowKit;
  beforeAll(async () => {
    kit.api = await startTestServer();
    kit.storage = await startTestServer();
    kit.rf = createRunflowAdapter({ baseUrl: kit.api.url, apiKey: KEY, timeoutMs: 2000 }, options);
  });
  afterAll(async () => {
    await kit.api.close();
    await kit.storage.close();
  });
  beforeEach(() => {
    kit.api.reset();
    kit.storage.reset();
  });

  kit.routeRun = (fields) =>
    kit.api.route('GET', `/v1/runs/${RUN_ID}`, (_req, res) => sendJson(res, 200, run(fields)));

  kit.routeUploads = (uploadBase, putStatus = 200) => {
    kit.api.route('POST', '/v1/asset-uploads', (_req, res) =>
      sendJson(res, 201, {
        asset_id: 'asset-7',
        upload_url: `${uploadBase.url}/bucket/asset-7?X-Sig=abc`,
      }),
    );
    uploadBase.route('PUT', '/bucket/asset-7', (_req, res) => {
      res.writeHead(putStatus);
      res.end();
    });
    kit.api.route('POST', '/v1/asset-uploads/asset-7/confirmations', (_req, res) =>
      sendJson(res, 200, {
        id: 'asset-7',
        name: 'big.png',
        url: ASSET_URL,
        mime_type: 'image/png',
        size_bytes: RUNFLOW_INLINE_MAX_BYTES,
      }),
    );
  };
  return kit;
}
