import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FAST_ENGINE } from '../core/host/testKit';
import { sha256 } from '../core/storage/blobStore';
import { TOKEN_HEADER } from './accessPolicy';
import { fixtureRenderer, raw } from './testHttp';
import { startWebHost } from './webHost';
import type { WebHost } from './webHost';

let web: WebHost;
let dirs: string[];
let port: number;
let cookie: string;
const KEY = 'rf_live_secret_0123456789';

beforeAll(async () => {
  const tmp = (p: string) => mkdtemp(path.join(os.tmpdir(), p));
  dirs = [await tmp('nodeloom-web-data-'), await tmp('nodeloom-web-ws-'), await fixtureRenderer()];
  web = await startWebHost({
    dataDir: dirs[0]!,
    workspaceDir: dirs[1]!,
    staticDir: dirs[2]!,
    env: {},
    engine: FAST_ENGINE,
    onWarning: () => undefined,
  });
  port = web.port;
  cookie = `nodeloom_token_${port}=${web.token}`;
});
afterAll(async () => {
  await web.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const origin = () => `http://127.0.0.1:${port}`;
const post = (name: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(port, {
    method: 'POST',
    path: `/api/call/${name}`,
    headers: { 'content-type': 'application/json', cookie, origin: origin(), ...headers },
    body: JSON.stringify(body),
  });

describe('the launch token', () => {
  it('prints a loopback URL carrying the token', () => {
    expect(web.url).toBe(`http://127.0.0.1:${port}/?token=${web.token}`);
    expect(web.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it('answers 401 without it: a page for a browser, JSON for the API', async () => {
    const page = await raw(port, { path: '/' });
    expect(page.status).toBe(401);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('open the URL printed by `npm run web`');
    const api = await post('app.info', {}, { cookie: 'nodeloom_token_1=nope' });
    expect(api.status).toBe(401);
    expect(api.json()).toEqual({ error: expect.stringContaining('npm run web') });
    expect((await raw(port, { path: '/?token=wrong' })).status).toBe(401);
  });

  it('trades ?token for an HttpOnly SameSite=Strict cookie and redirects to /', async () => {
    const res = await raw(port, { path: `/?token=${web.token}` });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/');
    const set = res.headers['set-cookie']?.[0] ?? '';
    expect(set).toMatch(new RegExp(`^nodeloom_token_${port}=${web.token};`));
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
  });

  it('serves the app with the cookie, with a strict CSP and no caching of index.html', async () => {
    const res = await raw(port, { path: '/', headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<title>Nodeloom</title>');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(res.headers['content-security-policy']);
    for (const part of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ])
      expect(csp).toContain(part);
    const asset = await raw(port, { path: '/assets/app-1a2b.js', headers: { cookie } });
    expect(asset.headers['content-type']).toMatch(/text\/javascript/);
    expect(asset.headers['cache-control']).toMatch(/immutable/);
    const escape = await raw(port, { path: '/assets/..%2f..%2fpackage.json', headers: { cookie } });
    expect(escape.status).toBe(404);
  });

  it('answers the API with the cookie or with the header', async () => {
    const byCookie = await post('app.info', {});
    expect(byCookie.status).toBe(200);
    expect(byCookie.json()).toMatchObject({ emulated: false, nativeDialogs: false });
    const byHeader = await raw(port, {
      method: 'POST',
      path: '/api/call/app.info',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: web.token },
      body: '{}',
    });
    expect(byHeader.status).toBe(200);
  });
});

describe('Host and Origin checks', () => {
  it('refuses a foreign Host (DNS rebinding), even with the token', async () => {
    for (const host of ['evil.example:' + port, `127.0.0.1:${port + 1}`, 'localhost']) {
      const res = await raw(port, { path: '/', headers: { host, cookie } });
      expect(res.status).toBe(421);
    }
    const localhost = await raw(port, {
      path: '/',
      headers: { host: `localhost:${port}`, cookie },
    });
    expect(localhost.status).toBe(200);
  });

  it('refuses a foreign Origin on a POST', async () => {
    for (const o of ['http://evil.example', 'null', `http://localhost:${port + 1}`]) {
      const res = await post('settings.get', {}, { origin: o });
      expect(res.status).toBe(403);
    }
    expect((await post('settings.get', {}, { origin: `http://localhost:${port}` })).status).toBe(
      200,
    );
  });

  it('refuses a cookie-authenticated POST without Origin, and cross-site fetches', async () => {
    const noOrigin = await raw(port, {
      method: 'POST',
      path: '/api/call/settings.get',
      headers: { 'content-type': 'application/json', cookie },
      body: '{}',
    });
    expect(noOrigin.status).toBe(403);
    const sameSite = await post('settings.get', {}, { 'sec-fetch-site': 'same-site' });
    expect(sameSite.status).toBe(403);
  });

  it('checks Host, Origin and token on the WebSocket upgrade', async () => {
    const attempt = (headers: Record<string, string>, o?: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/api/events`, {
          headers,
          ...(o ? { origin: o } : {}),
        });
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => resolve(-1));
      });
    expect(await attempt({ cookie }, 'http://evil.example')).toBe(403);
    expect(await attempt({}, origin())).toBe(401);
    expect(await attempt({ cookie, host: 'evil.example' }, origin())).toBe(421);
    expect(await attempt({ cookie })).toBe(403); // a browser always sends Origin
    expect(await attempt({ cookie }, origin())).toBe(101);
    expect(await attempt({ [TOKEN_HEADER]: web.token })).toBe(101);
  });
});

describe('/api/call', () => {
  it('answers 404 for an unknown call', async () => {
    const res = await post('keys.get', {});
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ error: 'unknown call "keys.get"' });
    expect((await post('__proto__', {})).status).toBe(404);
  });

  it('answers 400 naming the bad field', async () => {
    const res = await post('settings.update', { concurrency: { global: 0 } });
    expect(res.status).toBe(400);
    expect((res.json() as { error: string }).error).toMatch(
      /^settings\.update: invalid input: concurrency\.global: /,
    );
    const extra = await post('keys.clear', { provider: 'runflow', key: 'x' });
    expect(extra.status).toBe(400);
    const bad = await post('run.cancel', {}, {});
    expect((bad.json() as { error: string }).error).toMatch(/runId/);
    const notJson = await raw(port, {
      method: 'POST',
      path: '/api/call/app.info',
      headers: { 'content-type': 'application/json', cookie, origin: origin() },
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
    const form = await post('app.info', {}, { 'content-type': 'text/plain' });
    expect(form.status).toBe(415);
  });

  it('never returns a key: keys.set and keys.clear change keySet only', async () => {
    const before = (await post('settings.get', {})).json() as Record<string, unknown>;
    const set = await post('keys.set', { provider: 'runflow', key: KEY });
    expect(set.status).toBe(200);
    expect(set.text).not.toContain(KEY);
    expect(set.json()).toMatchObject({
      providers: { runflow: { keySet: true, keySource: 'session' } },
    });
    expect((await post('settings.get', {})).text).not.toContain(KEY);
    const cleared = await post('keys.clear', { provider: 'runflow' });
    expect(cleared.json()).toEqual(before);
  });

  it('turns a handler error into 500 {error} with the message only', async () => {
    const res = await post('workflow.read', { path: '/etc/passwd' });
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ error: expect.stringMatching(/is outside the workspace/) });
    expect(res.text).not.toMatch(/\s+at\s/);
  });

  it('writes and reads back a workflow, and refuses one outside the workspace', async () => {
    const file = path.join(dirs[1]!, 'round-trip.nodeloom');
    // workflow.write refuses anything that is not a whole workflow.
    const text = `${JSON.stringify({
      format: 'nodeloom.workflow',
      version: 1,
      graph: { nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } },
      meta: {},
    })}\n`;
    expect((await post('workflow.write', { path: file, text })).json()).toEqual({ path: file });
    expect((await post('workflow.read', { path: file })).json()).toEqual({ path: file, text });
    const outside = await post('workflow.write', {
      path: path.join(os.tmpdir(), 'x.nodeloom'),
      text,
    });
    expect(outside.status).toBe(500);
    expect((outside.json() as { error: string }).error).toMatch(/outside the workspace/);
  });

  it('refuses to run an invalid graph, with its issues', async () => {
    const graph = {
      nodes: [
        {
          id: 'edit',
          type: 'model:runcomfy/google/nano-banana/pro/edit',
          params: { prompt: 'x' },
          position: { x: 0, y: 0 },
        },
      ],
      edges: [],
      viewport: { x: 0, y: 0, zoom: 1 },
    };
    const res = await post('run.start', { graph });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      ok: false,
      issues: [expect.objectContaining({ nodeId: 'edit', code: 'missing-input' })],
    });
  });
});

describe('/api/blob', () => {
  it('answers 404 for a bad or unknown hash', async () => {
    expect((await raw(port, { path: '/api/blob/..%2f..', headers: { cookie } })).status).toBe(404);
    const unknown = await raw(port, { path: `/api/blob/${'0'.repeat(64)}`, headers: { cookie } });
    expect(unknown.status).toBe(404);
  });
});

describe('/api/thumb', () => {
  /** Puts bytes in the web host's blob store, as a run would; returns their hash. */
  const store = async (data: Buffer): Promise<string> => {
    const hash = sha256(data);
    const file = path.join(dirs[0]!, 'blobs', hash.slice(0, 2), hash);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, data);
    return hash;
  };
  const image = () =>
    sharp({ create: { width: 1200, height: 675, channels: 3, background: '#c8643c' } })
      .png()
      .toBuffer();

  it('serves a WebP thumbnail, longest side = size, cached for good and on disk', async () => {
    const hash = await store(await image());
    const res = await raw(port, { path: `/api/thumb/${hash}?size=128`, headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/webp');
    expect(res.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(await sharp(res.body).metadata()).toMatchObject({
      format: 'webp',
      width: 128,
      height: 72,
    });
    const cached = path.join(dirs[0]!, 'thumbs', '128', `${hash}.webp`);
    expect(await readFile(cached)).toEqual(res.body);

    // No size: the default (256). The header token works as the cookie does.
    const byDefault = await raw(port, {
      path: `/api/thumb/${hash}`,
      headers: { [TOKEN_HEADER]: web.token },
    });
    expect(byDefault.status).toBe(200);
    expect(await sharp(byDefault.body).metadata()).toMatchObject({ width: 256, height: 144 });

    const head = await raw(port, {
      method: 'HEAD',
      path: `/api/thumb/${hash}?size=512`,
      headers: { cookie },
    });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it('needs the token like every other request, and refuses other sites', async () => {
    const hash = await store(await image());
    const none = await raw(port, { path: `/api/thumb/${hash}?size=256` });
    expect(none.status).toBe(401);
    expect(none.headers['content-type']).toMatch(/json/);
    const wrong = await raw(port, {
      path: `/api/thumb/${hash}?size=256`,
      headers: { cookie: `nodeloom_token_${port}=nope` },
    });
    expect(wrong.status).toBe(401);
    const crossSite = await raw(port, {
      path: `/api/thumb/${hash}?size=256`,
      headers: { cookie, 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    const otherOrigin = await raw(port, {
      path: `/api/thumb/${hash}?size=256`,
      headers: { cookie, origin: 'http://evil.example' },
    });
    expect(otherOrigin.status).toBe(403);
  });

  it('refuses sizes outside 128/256/512/1024, bad and unknown hashes, and stored non-images', async () => {
    const hash = await store(await image());
    for (const size of ['100', '2048', '0', 'abc', '256.0', '', '-128'])
      expect(
        (await raw(port, { path: `/api/thumb/${hash}?size=${size}`, headers: { cookie } })).status,
      ).toBe(400);
    const get = (p: string) => raw(port, { path: p, headers: { cookie } });
    expect((await get('/api/thumb/..%2f..?size=256')).status).toBe(404);
    expect((await get(`/api/thumb/${hash.toUpperCase()}?size=256`)).status).toBe(404);
    expect((await get(`/api/thumb/${'0'.repeat(64)}?size=256`)).status).toBe(404);
    const script = await store(Buffer.from('<script>alert(1)</script>'));
    const notImage = await get(`/api/thumb/${script}?size=256`);
    expect(notImage.status).toBe(415);
    expect(notImage.headers['content-type']).toMatch(/json/);
    expect(
      (await raw(port, { method: 'POST', path: `/api/thumb/${hash}`, headers: { cookie } })).status,
    ).toBe(404);
  });
});
