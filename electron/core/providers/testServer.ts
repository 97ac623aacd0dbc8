import { createServer } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { ProviderError } from './types';

/**
 * Test support only: a loopback HTTP server that answers canned, documented shapes
 * per route, and records what it received. The provider clients talk to it over
 * real sockets, so network failures (closed ports, dropped sockets, silence) are real.
 */

export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
}

export type Handler = (req: Received, res: ServerResponse) => void | Promise<void>;

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly received: Received[];
  route(method: string, path: string, handler: Handler): void;
  /** Forgets routes and received requests (call between tests). */
  reset(): void;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const routes = new Map<string, Handler>();
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks);
      let json: unknown;
      try {
        json = body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined;
      } catch {
        json = undefined;
      }
      const r: Received = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json,
      };
      received.push(r);
      const handler = routes.get(`${r.method} ${r.path}`);
      if (!handler) {
        sendJson(res, 404, { message: `no route for ${r.method} ${r.path}` });
        return;
      }
      void Promise.resolve(handler(r, res)).catch((e: unknown) => {
        sendJson(res, 599, { message: String(e) });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    route: (method, path, handler) => routes.set(`${method} ${path}`, handler),
    reset: () => {
      routes.clear();
      received.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Handlers that never answer (timeouts) would keep close() waiting.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** A URL on which nothing listens: a server is bound, then closed. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/**
 * Awaits a rejection that must be a ProviderError whose message, cause chain and
 * inspected form never contain `secret` (the API key).
 */
export async function providerError(p: Promise<unknown>, secret: string): Promise<ProviderError> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  if (!(caught instanceof ProviderError)) {
    throw new Error(`expected a ProviderError, got ${inspect(caught)}`);
  }
  const seen = `${caught.message}\n${inspect(caught, { depth: 10 })}\n${JSON.stringify(caught)}`;
  if (seen.includes(secret)) throw new Error('the API key appears in a ProviderError');
  return caught;
}
