/* global window */
import { heapAfterGc, median, openPage } from './lib/browser.mjs';

/**
 * Canvas part: the same generated workflows drawn by Nodeloom's real canvas and by
 * litegraph, alternated run by run, each run on a fresh page. See bench/README.md.
 */

const MB = 1024 * 1024;
const round = (x, d = 1) => (Number.isFinite(x) ? Number(x.toFixed(d)) : null);

/** fps and p95 frame time (ms) from requestAnimationFrame timestamps. */
export function frameStats(ts) {
  if (ts.length < 2) return { fps: 0, p95: Number.NaN };
  const deltas = [];
  for (let i = 1; i < ts.length; i++) deltas.push(ts[i] - ts[i - 1]);
  deltas.sort((a, b) => a - b);
  const p95 = deltas[Math.min(deltas.length - 1, Math.ceil(deltas.length * 0.95) - 1)];
  return { fps: ((ts.length - 1) * 1000) / (ts[ts.length - 1] - ts[0]), p95 };
}

/** A client point where a drag pans the canvas (empty background), near the middle. */
async function emptyPoint(page) {
  return page.evaluate(() => {
    const b = window.__bench;
    for (let r = 0; r < 400; r += 8)
      for (let a = 0; a < 32; a++) {
        const x = Math.round(640 + r * Math.cos((a * Math.PI) / 16));
        const y = Math.round(400 + r * 0.6 * Math.sin((a * Math.PI) / 16));
        if (x > 280 && x < 1000 && y > 140 && y < 660 && b.emptyAt(x, y)) return { x, y };
      }
    return null;
  });
}

/**
 * Pans by a closed-loop mouse drag: one CDP mouse move in flight at a time, each to
 * where a time-based path (±250 px across, ±80 px down) says the pointer should be.
 */
export async function dragPan(page, cdp, ms) {
  const start = await emptyPoint(page);
  if (!start) throw new Error('no empty canvas point to start a pan drag');
  const mouse = (type, x, y, extra = {}) =>
    cdp.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', ...extra });
  await mouse('mouseMoved', start.x, start.y, { button: 'none' });
  await mouse('mousePressed', start.x, start.y, { buttons: 1, clickCount: 1 });
  await page.evaluate(() => {
    window.__bench.pointerMoves = 0;
    window.__bench.startFrames();
  });
  const t0 = Date.now();
  let sent = 0;
  let x = start.x;
  let y = start.y;
  while (Date.now() - t0 < ms) {
    const t = (Date.now() - t0) / 1000;
    const phase = (t / 2) % 1; // triangle wave, period 2 s
    const tri = phase < 0.5 ? phase * 4 - 1 : 3 - phase * 4;
    x = Math.round(start.x + 250 * tri);
    y = Math.round(start.y + 80 * Math.sin((t * 2 * Math.PI) / 3));
    await mouse('mouseMoved', x, y, { buttons: 1 });
    sent++;
  }
  const { frames, handled } = await page.evaluate(() => ({
    frames: window.__bench.stopFrames(),
    handled: window.__bench.pointerMoves,
  }));
  await mouse('mouseReleased', x, y, { buttons: 0, clickCount: 1 });
  return { ...frameStats(frames), sent, handled };
}

/** One run of one page: ready, heap, zoom-1 pan, fit, fit pan. */
export async function canvasRun(browser, base, kind, n, panMs, extra = '') {
  const { page, cdp, context, errors } = await openPage(
    browser,
    `${base}/${kind}.html?n=${n}${extra}`,
  );
  try {
    await page.waitForFunction(() => window.__bench?.readyMs != null, null, { timeout: 120_000 });
    const readyMs = await page.evaluate(() => window.__bench.readyMs);
    await page.waitForTimeout(300);
    const { heap, domNodes } = await heapAfterGc(cdp);
    const zoom1 = await dragPan(page, cdp, panMs);
    const fit = await page.evaluate(async () => {
      const t0 = performance.now();
      const v = window.__bench.fitViewport;
      const t = await window.__bench.setViewport(v);
      return { ms: t - t0, zoom: v.zoom };
    });
    await page.waitForTimeout(200);
    const fitPan = await dragPan(page, cdp, panMs);
    const pageErrors = await page.evaluate(() => window.__bench.errors);
    const problems = [...errors, ...pageErrors].filter((e) => !/favicon|404/.test(e));
    return {
      kind,
      n,
      readyMs,
      heapMB: heap / MB,
      domNodes,
      zoom1Fps: zoom1.fps,
      zoom1P95: zoom1.p95,
      zoom1Moves: zoom1.handled,
      fitDrawMs: fit.ms,
      fitFps: fitPan.fps,
      fitP95: fitPan.p95,
      fitMoves: fitPan.handled,
      fitZoom: fit.zoom,
      problems,
    };
  } finally {
    await context.close();
  }
}

export const METRICS = [
  ['readyMs', 'ready ms', 0],
  ['heapMB', 'heap MB (after GC)', 1],
  ['domNodes', 'DOM nodes', 0],
  ['zoom1Fps', 'zoom1 pan fps', 1],
  ['zoom1P95', 'zoom1 p95 ms', 1],
  ['fitDrawMs', 'fit draw ms', 0],
  ['fitFps', 'fit pan fps', 1],
  ['fitP95', 'fit p95 ms', 1],
  ['zoom1Moves', 'zoom1 moves handled', 0],
  ['fitMoves', 'fit moves handled', 0],
  ['fitZoom', 'fit zoom', 3],
];

/** Targets at 1,000 and 2,000 nodes: [metric, label, limit, higherIsBetter]. */
export const TARGETS = [
  ['readyMs', 'ready <= 1.5x litegraph', 1.5, false],
  ['zoom1Fps', 'zoom1 pan fps >= 0.9x litegraph', 0.9, true],
  ['fitFps', 'fit pan fps >= 0.8x litegraph', 0.8, true],
  ['heapMB', 'heap <= 2x litegraph', 2, false],
];

export async function runCanvas({ browser, base, sizes, runs, panMs, log = () => {} }) {
  const raw = [];
  for (const n of sizes)
    for (let r = 0; r < runs; r++) {
      const order = r % 2 === 0 ? ['litegraph', 'nodeloom'] : ['nodeloom', 'litegraph'];
      for (const kind of order) {
        const t = Date.now();
        const res = await canvasRun(browser, base, kind, n, panMs);
        raw.push({ ...res, run: r + 1 });
        log(
          `canvas ${kind} n=${n} run ${r + 1}: ready ${res.readyMs.toFixed(0)} ms, heap ${res.heapMB.toFixed(1)} MB, ` +
            `zoom1 ${res.zoom1Fps.toFixed(1)} fps, fit ${res.fitFps.toFixed(1)} fps (${((Date.now() - t) / 1000).toFixed(1)} s)`,
        );
      }
    }
  const rows = [];
  const ratios = [];
  const targets = [];
  for (const n of sizes) {
    const med = {};
    for (const kind of ['litegraph', 'nodeloom']) {
      const mine = raw.filter((x) => x.n === n && x.kind === kind);
      const row = { config: kind === 'nodeloom' ? 'Nodeloom (React Flow)' : 'litegraph', N: n };
      for (const [key, label, d] of METRICS) row[label] = round(median(mine.map((x) => x[key])), d);
      row.runs = mine.length;
      med[kind] = Object.fromEntries(METRICS.map(([k]) => [k, median(mine.map((x) => x[k]))]));
      rows.push(row);
    }
    const ratio = { N: n };
    for (const [key, label] of METRICS.slice(0, 8))
      ratio[label] = round(med.nodeloom[key] / med.litegraph[key], 2);
    ratios.push(ratio);
    if (n >= 1000)
      for (const [key, label, limit, higher] of TARGETS) {
        const value = med.nodeloom[key] / med.litegraph[key];
        const pass = higher ? value >= limit : value <= limit;
        targets.push({
          N: n,
          target: label,
          Nodeloom: round(med.nodeloom[key], 1),
          litegraph: round(med.litegraph[key], 1),
          ratio: round(value, 2),
          result: pass ? 'PASS' : 'MISS',
        });
      }
  }
  const problems = raw.flatMap((x) =>
    x.problems.map((p) => `${x.kind} n=${x.n} run ${x.run}: ${p}`),
  );
  return { rows, ratios, targets, raw, problems };
}
