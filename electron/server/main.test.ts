import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { raw } from './testHttp';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

it('main.ts prints "NODELOOM_URL <url>" first with --print-url-line, serves it, and stops on SIGTERM', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-main-data-'));
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-main-ws-'));
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
  cleanup.push(() => rm(workspace, { recursive: true, force: true }));
  const child = spawn(
    TSX,
    ['electron/server/main.ts', '--emulator', '--print-url-line', '--workspace', workspace],
    { cwd: ROOT, env: { ...process.env, NODELOOM_DATA_DIR: dataDir }, stdio: 'pipe' },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  cleanup.push(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve) => lines.once('line', resolve));
  const match = /^NODELOOM_URL (http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+))$/.exec(first);
  expect(match).not.toBeNull();
  const [, , port, token] = match!;

  const visit = await raw(Number(port), { path: `/?token=${token}` });
  expect(visit.status).toBe(302);
  const info = await raw(Number(port), {
    method: 'POST',
    path: '/api/call/app.info',
    headers: { 'content-type': 'application/json', 'x-nodeloom-token': token! },
    body: '{}',
  });
  expect(info.json()).toMatchObject({ emulated: true, workspaceDir: workspace });

  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 30_000);
