/* global window, document */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import sharp from 'sharp';
import { heapAfterGc, median, openPage, processMemory } from './lib/browser.mjs';

/**
 * Memory part: the renderer's JS heap before and after 200 outputs of 4096x2304 images
 * are put on the canvas (run states of 50 text-to-image nodes, 4 images each: the
 * canvas shows at most 4 thumbnails a node). Every image URL is distinct
 * (/blob/<hash>.png) and answered with the same 4K PNG by the bench's static server;
 * thumbnail URLs (HostClient.thumbUrl: /thumb/<hash>.webp?size=N) with a WebP of it
 * resized as the host's ThumbnailStore does.
 */

const MB = 1024 * 1024;
export const IMAGE = { width: 4096, height: 2304 };

/** One 4096x2304 PNG: smooth colour fields (a few MB; decoding cost depends on the size). */
export async function makeImage(file) {
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  const { width: w, height: h } = IMAGE;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#1b2a4a"/><stop offset="0.5" stop-color="#c8643c"/>
      <stop offset="1" stop-color="#f2d680"/></linearGradient></defs>
    <rect width="${w}" height="${h}" fill="url(#g)"/>
    <circle cx="${w * 0.62}" cy="${h * 0.4}" r="${h * 0.28}" fill="#fff3c4" opacity="0.7"/>
    <path d="M0 ${h * 0.78} Q ${w * 0.3} ${h * 0.6} ${w * 0.55} ${h * 0.8} T ${w} ${h * 0.72} V ${h} H 0 Z" fill="#0d1424"/>
  </svg>`;
  await sharp(Buffer.from(svg)).png({ compressionLevel: 6 }).toFile(file);
}

const mem = (pid) => {
  const procs = processMemory(pid);
  const sum = (type) =>
    procs.filter((p) => p.type === type).reduce((a, p) => a + (p.pss || 0), 0) / MB;
  return { renderer: sum('renderer'), gpu: sum('gpu-process') };
};

export async function memoryRun({ browser, pid, base, images, models }) {
  const { page, cdp, context, errors } = await openPage(
    browser,
    `${base}/nodeloom.html?outputs=${models}&img=${encodeURIComponent(base)}`,
    // A 4K window, so the whole graph shows above the low-detail zoom (0.45) where
    // nodes draw their thumbnails.
    { width: 3840, height: 2160 },
  );
  try {
    await page.waitForFunction(() => window.__bench?.readyMs != null, null, { timeout: 60_000 });
    // Fit, but no lower than zoom 0.5: every node on screen with its thumbnails drawn.
    await page.evaluate(() =>
      window.__bench.setViewport({
        ...window.__bench.fitViewport,
        zoom: Math.max(0.5, window.__bench.fitViewport.zoom),
      }),
    );
    await page.waitForTimeout(300);
    const before = await heapAfterGc(cdp);
    const procBefore = mem(pid);
    const t0 = Date.now();
    await page.evaluate((k) => window.__bench.addOutputs(k), images);
    await page.waitForFunction(
      () => {
        const imgs = [...document.images];
        return imgs.length > 0 && imgs.every((i) => i.complete);
      },
      null,
      { timeout: 180_000, polling: 250 },
    );
    const loadMs = Date.now() - t0;
    // Let the thumbnails be decoded and painted before measuring.
    await page.evaluate(() =>
      Promise.all([...document.images].map((i) => i.decode().catch(() => {}))),
    );
    await page.waitForTimeout(1500);
    const after = await heapAfterGc(cdp);
    const procAfter = mem(pid);
    const imgs = await page.evaluate(() =>
      [...document.images].map((i) => ({
        natural: `${i.naturalWidth}x${i.naturalHeight}`,
        shown: `${i.width}x${i.height}`,
        src: i.currentSrc,
      })),
    );
    const naturals = {};
    for (const i of imgs) naturals[i.natural] = (naturals[i.natural] ?? 0) + 1;
    const shown = {};
    for (const i of imgs) shown[i.shown] = (shown[i.shown] ?? 0) + 1;
    const inStore = await page.evaluate(() => document.querySelectorAll('.nl-images__more').length);
    return {
      heapBeforeMB: before.heap / MB,
      heapAfterMB: after.heap / MB,
      growthMB: (after.heap - before.heap) / MB,
      domBefore: before.domNodes,
      domAfter: after.domNodes,
      imgCount: imgs.length,
      uniqueSrc: new Set(imgs.map((i) => i.src)).size,
      naturals,
      shown,
      moreBadges: inStore,
      loadMs,
      rendererBeforeMB: procBefore.renderer,
      rendererAfterMB: procAfter.renderer,
      gpuBeforeMB: procBefore.gpu,
      gpuAfterMB: procAfter.gpu,
      problems: errors.filter((e) => !/favicon|404/.test(e)),
    };
  } finally {
    await context.close();
  }
}

export async function runMemory({ browser, pid, base, runs, images = 200, models = 50, log }) {
  const raw = [];
  for (let r = 0; r < runs; r++) {
    const res = await memoryRun({ browser, pid, base, images, models });
    raw.push(res);
    log(
      `memory run ${r + 1}: heap ${res.heapBeforeMB.toFixed(1)} -> ${res.heapAfterMB.toFixed(1)} MB, ` +
        `${res.imgCount} <img> ${JSON.stringify(res.naturals)}, renderer PSS ${res.rendererBeforeMB.toFixed(0)} -> ${res.rendererAfterMB.toFixed(0)} MB, ${res.loadMs} ms`,
    );
  }
  const m = (k, d = 1) => Number(median(raw.map((x) => x[k])).toFixed(d));
  const growth = m('growthMB');
  const last = raw[raw.length - 1];
  const rows = [
    {
      scenario: `${images} outputs of ${IMAGE.width}x${IMAGE.height} on ${models} model nodes (whole graph at zoom >= 0.5 in a 3840x2160 window)`,
      'heap before MB': m('heapBeforeMB'),
      'heap after MB': m('heapAfterMB'),
      'heap growth MB': growth,
      '<img> in DOM': last.imgCount,
      'natural size loaded': Object.entries(last.naturals)
        .map(([k, v]) => `${v}x ${k}`)
        .join(', '),
      'displayed at': Object.entries(last.shown)
        .map(([k, v]) => `${v}x ${k}`)
        .join(', '),
      'renderer PSS before MB': m('rendererBeforeMB', 0),
      'renderer PSS after MB': m('rendererAfterMB', 0),
      'GPU process PSS before/after MB': `${m('gpuBeforeMB', 0)} / ${m('gpuAfterMB', 0)}`,
      'load ms': m('loadMs', 0),
      runs: raw.length,
    },
  ];
  const full = Object.keys(last.naturals).filter((k) => {
    const [w, h] = k.split('x').map(Number);
    return w >= IMAGE.width && h >= IMAGE.height;
  });
  const fullCount = full.reduce((a, k) => a + last.naturals[k], 0);
  const findings = [];
  if (fullCount > 0)
    findings.push(
      `The canvas thumbnails load the FULL ${IMAGE.width}x${IMAGE.height} images: ${fullCount} of ${last.imgCount} <img> elements have that natural size while being displayed at 64x64 ` +
        `(something shows host.imageUrl(hash), the full-size blob, where host.thumbUrl(hash, size) belongs). Each decoded 4K image is ~${((IMAGE.width * IMAGE.height * 4) / MB).toFixed(0)} MB of bitmap outside the JS heap.`,
    );
  const targets = [
    {
      target: 'renderer JS heap growth with 200 4K outputs < 100 MB',
      value: growth,
      result: growth < 100 ? 'PASS' : 'MISS',
    },
  ];
  return { rows, targets, findings, raw, problems: raw.flatMap((x) => x.problems) };
}
