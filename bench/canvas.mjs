/* global window, requestAnimationFrame */
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
  return dragFrom(page, cdp, start, ms, { x: 250, y: 80 });
}

/** Drags a node by its title bar the same way (closed loop, ±150 px across, ±60 px down). */
export async function dragNode(page, cdp, ms) {
  const start = await page.evaluate(() => window.__bench.nodePoint());
  if (!start) throw new Error('no node on screen to drag');
  return dragFrom(page, cdp, start, ms, { x: 150, y: 60 });
}

async function dragFrom(page, cdp, start, ms, reach) {
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
    x = Math.round(start.x + reach.x * tri);
    y = Math.round(start.y + reach.y * Math.sin((t * 2 * Math.PI) / 3));
    await mouse('mouseMoved', x, y, { buttons: 1 });
    sent++;
  }
  const { frames, handled } = await page.evaluate(() => ({
    frames: window.__bench.stopFrames(),
    handled: window.__bench.pointerMoves,
  }));
  await mouse('mouseReleased', x, y, { buttons: 0, clickCount: 1 });
  return { ...frameStats(frames), frames: frames.length, sent, handled };
}

/**
 * Runs `fn` under a Chromium trace and returns its result with the page's main-thread
 * busy time: the union of its top-level tasks on the busiest renderer main
 * thread, in ms.
 */
export async function traced(cdp, fn) {
  const events = [];
  const onData = (d) => events.push(...d.value);
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', {
    categories: 'toplevel,devtools.timeline,v8',
    transferMode: 'ReportEvents',
  });
  const result = await fn();
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await done;
  cdp.off('Tracing.dataCollected', onData);
  return {
    result,
    busyMs: mainThreadBusyMs(events, TASK_EVENTS),
    scriptMs: mainThreadBusyMs(events, SCRIPT_EVENTS),
  };
}

/** Top-level task events ('RunTask' with devtools.timeline, the scheduler's under 'toplevel'). */
const TASK_EVENTS = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);
/** JavaScript (calls into V8 and their garbage collection): the page's own scripting time. */
const SCRIPT_EVENTS = new Set([
  'FunctionCall',
  'v8.callFunction',
  'EvaluateScript',
  'MinorGC',
  'MajorGC',
]);

/** The union of the `names` events' spans on the busiest renderer main thread (ms). */
export function mainThreadBusyMs(events, names) {
  const mains = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}/${e.tid}`),
  );
  const byThread = new Map();
  for (const e of events) {
    const key = `${e.pid}/${e.tid}`;
    if (!names.has(e.name) || e.ph !== 'X' || !mains.has(key)) continue;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push([e.ts, e.ts + (e.dur ?? 0)]);
  }
  let best = 0;
  for (const spans of byThread.values()) {
    spans.sort((a, b) => a[0] - b[0]);
    let total = 0;
    let end = -Infinity;
    for (const [a, b] of spans) {
      if (b <= end) continue;
      total += b - Math.max(a, end);
      end = b;
    }
    best = Math.max(best, total / 1000);
  }
  return best;
}

/** The longest frame (ms) of a zoom from 1 to fit and back, from rAF timestamps. */
async function zoomTransition(page) {
  return page.evaluate(async () => {
    const b = window.__bench;
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    await b.setViewport(b.zoom1Viewport);
    b.startFrames();
    await frame();
    await frame();
    await b.setViewport(b.fitViewport);
    await b.setViewport(b.zoom1Viewport);
    await frame();
    await frame();
    const ts = b.stopFrames();
    let longest = 0;
    for (let i = 1; i < ts.length; i++) longest = Math.max(longest, ts[i] - ts[i - 1]);
    return longest;
  });
}

/**
 * One run of one page: ready, heap, zoom-1 pan (traced), a node drag at zoom 1
 * (traced), fit, fit pan, and the zoom from 1 to fit and back.
 */
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
    const zoom1Traced = await traced(cdp, () => dragPan(page, cdp, panMs));
    const zoom1 = zoom1Traced.result;
    const drag = await traced(cdp, () => dragNode(page, cdp, panMs));
    const fit = await page.evaluate(async () => {
      const t0 = performance.now();
      const v = window.__bench.fitViewport;
      const t = await window.__bench.setViewport(v);
      return { ms: t - t0, zoom: v.zoom };
    });
    await page.waitForTimeout(200);
    const fitPan = await dragPan(page, cdp, panMs);
    const transitionMs = await zoomTransition(page);
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
      zoom1CpuMs: zoom1Traced.busyMs / Math.max(1, zoom1.frames),
      dragFps: drag.result.fps,
      dragCpuMs: drag.busyMs / Math.max(1, drag.result.frames),
      dragJsMs: drag.scriptMs / Math.max(1, drag.result.frames),
      zoom1JsMs: zoom1Traced.scriptMs / Math.max(1, zoom1.frames),
      transitionMs,
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

/** [key, column, decimals]; the first RATIO_COLUMNS also get a Nodeloom / litegraph ratio. */
export const METRICS = [
  ['readyMs', 'ready ms', 0],
  ['heapMB', 'heap MB (after GC)', 1],
  ['domNodes', 'DOM nodes', 0],
  ['zoom1Fps', 'zoom1 pan fps', 1],
  ['zoom1CpuMs', 'zoom1 pan CPU ms/frame', 2],
  ['fitDrawMs', 'fit draw ms', 0],
  ['fitFps', 'fit pan fps', 1],
  ['fitP95', 'fit p95 ms', 1],
  ['dragCpuMs', 'node drag CPU ms/frame', 2],
  ['dragJsMs', 'node drag JS ms/frame', 2],
  ['transitionMs', 'zoom 1>fit>1 longest frame ms', 0],
  ['zoom1JsMs', 'zoom1 pan JS ms/frame', 2],
  ['zoom1P95', 'zoom1 p95 ms', 1],
  ['dragFps', 'node drag fps', 1],
  ['zoom1Moves', 'zoom1 moves handled', 0],
  ['fitMoves', 'fit moves handled', 0],
  ['fitZoom', 'fit zoom', 3],
];
const RATIO_COLUMNS = 11;

/**
 * Targets (issue 16), at every size of 1,000 nodes and more unless `n` says which:
 * [metric, label, limit, higherIsBetter, 'ratio' (Nodeloom / litegraph) | 'abs' (Nodeloom), n?].
 */
export const TARGETS = [
  ['fitDrawMs', 'fit draw <= 1.5x litegraph', 1.5, false, 'ratio'],
  ['fitFps', 'fit pan fps >= 2x litegraph', 2, true, 'ratio'],
  ['fitFps', 'fit pan fps >= 30', 30, true, 'abs', 2000],
  ['zoom1CpuMs', 'zoom1 pan CPU ms/frame <= litegraph', 1, false, 'ratio'],
  ['dragCpuMs', 'node drag CPU ms/frame <= 4', 4, false, 'abs', 2000],
  ['transitionMs', 'zoom 1>fit>1 longest frame <= 100 ms', 100, false, 'abs', 2000],
  ['heapMB', 'heap <= 2x litegraph', 2, false, 'ratio'],
  ['readyMs', 'ready <= 1.5x litegraph', 1.5, false, 'ratio'],
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
            `zoom1 ${res.zoom1Fps.toFixed(1)} fps ${res.zoom1CpuMs.toFixed(2)} ms/frame, ` +
            `drag ${res.dragCpuMs.toFixed(2)} ms/frame (JS ${res.dragJsMs.toFixed(2)}), fit draw ${res.fitDrawMs.toFixed(0)} ms, ` +
            `fit ${res.fitFps.toFixed(1)} fps, transition ${res.transitionMs.toFixed(0)} ms (${((Date.now() - t) / 1000).toFixed(1)} s)`,
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
    for (const [key, label] of METRICS.slice(0, RATIO_COLUMNS))
      ratio[label] = round(med.nodeloom[key] / med.litegraph[key], 2);
    ratios.push(ratio);
    for (const [key, label, limit, higher, kind, onlyN] of TARGETS) {
      if (n < 1000 || (onlyN !== undefined && n !== onlyN)) continue;
      const value = kind === 'abs' ? med.nodeloom[key] : med.nodeloom[key] / med.litegraph[key];
      const pass = higher ? value >= limit : value <= limit;
      targets.push({
        N: n,
        target: label,
        Nodeloom: round(med.nodeloom[key], 1),
        litegraph: round(med.litegraph[key], 1),
        ratio: round(med.nodeloom[key] / med.litegraph[key], 2),
        result: pass ? 'PASS' : 'MISS',
      });
    }
  }
  const problems = raw.flatMap((x) =>
    x.problems.map((p) => `${x.kind} n=${x.n} run ${x.run}: ${p}`),
  );
  return { rows, ratios, targets, raw, problems };
}
