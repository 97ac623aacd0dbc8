import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface WebHost {
  url: string;
  workspace: string;
  dataDir: string;
  /** Stops the host process (as a kill would) and resolves when it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts a new host on the same workspace and data folder. */
  restart(): Promise<WebHost>;
}

/**
 * Starts `npm run web -- --emulator` the way a user would (the server part: the
 * renderer is built once before the suite), in a fresh workspace holding the
 * example images, and reads the URL it prints.
 */
async function startHost(workspace: string, dataDir: string, latencyMs: number): Promise<WebHost> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'electron/server/main.ts',
      '--emulator',
      '--emulator-latency',
      String(latencyMs),
      '--print-url-line',
      '--workspace',
      workspace,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, NODELOOM_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('NODELOOM_URL ')) resolve(line.slice('NODELOOM_URL '.length).trim());
    });
    child.once('exit', (code) =>
      reject(new Error(`web host exited with ${code} before printing its URL`)),
    );
  });
  const host: WebHost = {
    url,
    workspace,
    dataDir,
    kill: (signal = 'SIGKILL') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
    restart: async () => {
      await host.kill();
      return startHost(workspace, dataDir, latencyMs);
    },
  };
  return host;
}

export const test = base.extend<{ host: WebHost; app: Page; emulatorLatencyMs: number }>({
  /**
   * How long an emulated job runs. A test that must act while jobs are still at the
   * provider (cancel) sets a long one, so a loaded machine cannot finish them first.
   */
  emulatorLatencyMs: [600, { option: true }],
  host: async ({ emulatorLatencyMs }, use, testInfo) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-e2e-'));
    const workspace = path.join(dir, 'workspace');
    await cp(path.join(ROOT, 'examples'), workspace, { recursive: true });
    const host = await startHost(workspace, path.join(dir, 'data'), emulatorLatencyMs);
    const hosts = [host];
    const restart = host.restart;
    host.restart = async () => {
      const next = await restart();
      hosts.push(next);
      return next;
    };
    await use(host);
    for (const h of hosts) await h.kill('SIGTERM');
    if (testInfo.status === testInfo.expectedStatus)
      await rm(dir, { recursive: true, force: true });
  },
  /** The app, opened at the host's URL and ready (the canvas is on screen). */
  app: async ({ page, host }, use, testInfo) => {
    await page.goto(host.url);
    await expect(page.locator('.react-flow')).toBeVisible();
    await use(page);
    // Every test leaves a screenshot of where it ended, as an artifact.
    await page.screenshot({ path: testInfo.outputPath('final.png'), fullPage: true });
    await testInfo.attach('final', {
      path: testInfo.outputPath('final.png'),
      contentType: 'image/png',
    });
  },
});

export { expect };
