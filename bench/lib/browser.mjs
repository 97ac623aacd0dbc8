import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import sharp from 'sharp';

/** TOOLCHAIN.md's flags for Debian chromium, plus a fixed 1280x800 window. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--window-size=1280,800',
  '--js-flags=--expose-gc',
];

/**
 * Starts chromium itself (so its process id is known, for the renderer's resident
 * memory) and connects playwright-core over CDP.
 */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'nodeloom-bench-'));
  const proc = spawn(
    CHROMIUM,
    [...FLAGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const ws = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${err}`)), 30_000);
    proc.stderr.on('data', (d) => {
      err += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', (code) => reject(new Error(`chromium exited (${code}): ${err}`)));
  });
  const browser = await chromium.connectOverCDP(ws);
  return {
    browser,
    pid: proc.pid,
    async close() {
      await browser.close().catch(() => {});
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode === null ? proc.once('exit', r) : r()));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page at 1280x800 with a CDP session (Performance metrics enabled). */
export async function openPage(browser, url, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url);
  return { page, cdp, context, errors };
}

/** JS heap used after a forced GC, in bytes, and the DOM node count, from CDP. */
export async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  return { heap: get('JSHeapUsedSize'), domNodes: get('Nodes') };
}

/** Descendant processes of `pid` with their type (--type=...) and memory from /proc, in bytes. */
export function processMemory(rootPid) {
  const procs = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').split(/[\0 ]/);
      procs.push({ pid: Number(d), ppid, cmd });
    } catch {
      // gone
    }
  }
  const ours = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs)
      if (!ours.has(p.pid) && ours.has(p.ppid)) {
        ours.add(p.pid);
        grew = true;
      }
  }
  const out = [];
  for (const p of procs) {
    if (!ours.has(p.pid)) continue;
    const type = p.cmd.find((a) => a.startsWith('--type='))?.slice(7) ?? 'browser';
    let pss = Number.NaN;
    let rss = Number.NaN;
    try {
      const rollup = readFileSync(`/proc/${p.pid}/smaps_rollup`, 'utf8');
      pss = Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1]) * 1024;
      rss = Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1]) * 1024;
    } catch {
      // gone or not readable
    }
    out.push({ pid: p.pid, type, pss, rss });
  }
  return out;
}

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** The thumbnail sizes the hosts make (shared/contract/hostApi.ts THUMB_SIZES). */
const THUMB_SIZES = [128, 256, 512, 1024];

/**
 * A tiny static server: `root` at /, every /blob/<anything>.png answered with the
 * bytes of `blobFile` (one image served under many URLs), and every
 * /thumb/<anything>.webp?size=N with a WebP of it whose longest side is N, made with
 * sharp as the host's ThumbnailStore makes them (electron/core/storage/thumbnails.ts);
 * no caching headers.
 */
export async function serve(root, blobFile) {
  const blob = blobFile ? readFileSync(blobFile) : null;
  let blobRequests = 0;
  let thumbRequests = 0;
  const thumbs = new Map();
  const thumb = (size) => {
    if (!thumbs.has(size))
      thumbs.set(
        size,
        sharp(blob)
          .rotate()
          .resize(size, size, { fit: 'inside', withoutEnlargement: true })
          .webp({ quality: 80, effort: 2 })
          .toBuffer(),
      );
    return thumbs.get(size);
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    if (path.startsWith('/blob/') && blob) {
      blobRequests++;
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': blob.length });
      res.end(blob);
      return;
    }
    if (path.startsWith('/thumb/') && blob) {
      const size = Number(url.searchParams.get('size'));
      if (!THUMB_SIZES.includes(size)) {
        res.writeHead(400).end();
        return;
      }
      thumbRequests++;
      thumb(size).then(
        (data) => {
          res.writeHead(200, { 'Content-Type': 'image/webp', 'Content-Length': data.length });
          res.end(data);
        },
        () => res.writeHead(500).end(),
      );
      return;
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(normalize(root)) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    blobRequests: () => blobRequests,
    thumbRequests: () => thumbRequests,
    close: () => new Promise((r) => server.close(r)),
  };
}

export const median = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
