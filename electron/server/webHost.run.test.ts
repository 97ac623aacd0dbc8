import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { RunEvent } from '../../shared/run/events';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import { FAST_ENGINE } from '../core/host/testKit';
import { raw } from './testHttp';
import { startWebHost } from './webHost';
import type { WebHost } from './webHost';

let web: WebHost;
let dirs: string[];

beforeAll(async () => {
  const tmp = (p: string) => mkdtemp(path.join(os.tmpdir(), p));
  dirs = [await tmp('nodeloom-web-data-'), await tmp('nodeloom-web-ws-')];
  web = await startWebHost({
    dataDir: dirs[0]!,
    workspaceDir: dirs[1]!,
    emulator: { latency: { queueMs: 10, runMs: 40 }, imageScale: 0.05 },
    engine: FAST_ENGINE,
    env: {},
  });
});
afterAll(async () => {
  await web.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

it('runs a graph on the emulator: events arrive in order over the WebSocket and the image is served', async () => {
  const { port, origin } = web;
  const cookie = `nodeloom_token_${port}=${web.token}`;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/events`, { headers: { cookie }, origin });
  const messages: Array<{ name: string; payload: unknown }> = [];
  ws.on('message', (m) => messages.push(JSON.parse(String(m))));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));

  const info = await raw(port, {
    method: 'POST',
    path: '/api/call/app.info',
    headers: { 'content-type': 'application/json', cookie, origin },
    body: '{}',
  });
  expect(info.json()).toMatchObject({ emulated: true });

  const g = testGraph();
  const p = g.prompt('a lighthouse at dusk');
  const t2i = g.model(MODELS.proTextToImage, { output_format: 'png' }, { id: 't2i' });
  g.connect(p, 'text', t2i, 'prompt');
  g.connect(t2i, 'images', g.preview(), 'images');
  const started = await raw(port, {
    method: 'POST',
    path: '/api/call/run.start',
    headers: { 'content-type': 'application/json', cookie, origin },
    body: JSON.stringify({ graph: g.doc() }),
  });
  expect(started.status).toBe(200);
  const { ok, runId } = started.json() as { ok: boolean; runId: string };
  expect(ok).toBe(true);

  const runEvents = () =>
    messages.filter((m) => m.name === 'run.event').map((m) => m.payload as RunEvent);
  await expect.poll(() => runEvents().at(-1)?.type, { timeout: 15_000 }).toBe('run-finished');
  ws.close();
  const events = runEvents();
  expect(events.every((e) => e.runId === runId)).toBe(true);
  expect(events[0]!.type).toBe('run-started');
  expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded' });
  const t2iStates = events.flatMap((e) =>
    e.type === 'node' && e.nodeId === 't2i' ? [e.state] : [],
  );
  expect(t2iStates[0]).toBe('queued');
  expect(t2iStates).toContain('submitting');
  expect(t2iStates.at(-1)).toBe('done');
  // States only move forward.
  const order = ['queued', 'submitting', 'in_queue', 'running', 'downloading', 'done'];
  const ranks = t2iStates.map((s) => order.indexOf(s));
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

  const done = events.find((e) => e.type === 'node' && e.nodeId === 't2i' && e.state === 'done');
  const image = done?.type === 'node' ? done.images?.[0] : undefined;
  expect(image).toBeDefined();
  const blob = await raw(port, { path: `/api/blob/${image!.hash}`, headers: { cookie } });
  expect(blob.status).toBe(200);
  expect(blob.headers['content-type']).toBe('image/png');
  expect(blob.headers['cache-control']).toMatch(/immutable/);
  const meta = await sharp(blob.body).metadata();
  expect(meta).toMatchObject({ format: 'png', width: image!.width, height: image!.height });
});
