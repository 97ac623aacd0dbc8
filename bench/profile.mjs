/* global window */
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { dragNode, dragPan } from './canvas.mjs';
import { launch, serve } from './lib/browser.mjs';

/**
 * Where the time goes in one case: a CPU profile (JS self time by function) and a
 * Chromium trace (main-thread time by event: style, layout, paint, GC ...) of one phase
 * of one page, built unminified (BENCH_PROFILE=1 -> out/bench-profile).
 *
 *   node bench/profile.mjs --kind nodeloom --n 2000 --phase fit|zoom1|drag|load|fitdraw [--ms 3000]
 */
const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const kind = opt('kind', 'nodeloom');
const n = Number(opt('n', 2000));
const phase = opt('phase', 'fit');
const ms = Number(opt('ms', 3000));
const top = Number(opt('top', 25));

process.env.BENCH_PROFILE = '1';
await build({ configFile: join(here, 'vite.config.ts'), logLevel: 'error' });
const server = await serve(join(here, '../out/bench-profile'));
const chrome = await launch();

function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const f = node.callFrame;
    const file = f.url.split('/').pop() || '';
    const key = `${f.functionName || '(anonymous)'} ${file}${file ? `:${f.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self].sort((a, b) => b[1] - a[1]);
}

/** Main-thread totals by trace event name (complete events, self time not separated). */
function traceTotals(events) {
  // The busiest renderer main thread is the page's.
  const mains = events
    .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}/${e.tid}`);
  const byThread = new Map();
  for (const e of events) {
    const key = `${e.pid}/${e.tid}`;
    if ((mains.length && !mains.includes(key)) || e.ph !== 'X' || !e.dur) continue;
    if (!byThread.has(key)) byThread.set(key, new Map());
    const totals = byThread.get(key);
    totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur / 1000);
  }
  const busiest = [...byThread.values()].sort(
    (a, b) => (b.get('RunTask') ?? 0) - (a.get('RunTask') ?? 0),
  )[0];
  return [...(busiest ?? new Map())].sort((a, b) => b[1] - a[1]);
}

try {
  const url = `${server.url}/${kind}.html?n=${n}`;
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const categories =
    'devtools.timeline,disabled-by-default-devtools.timeline,blink,v8,toplevel,blink.user_timing';
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const startRecording = async () => {
    await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
    await cdp.send('Profiler.start');
  };
  const stopRecording = async () => {
    const { profile } = await cdp.send('Profiler.stop');
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    return profile;
  };
  let profile;
  let info = {};
  if (phase === 'load') {
    await startRecording();
    await page.goto(url);
    await page.waitForFunction(() => window.__bench?.readyMs != null, null, { timeout: 120_000 });
    profile = await stopRecording();
    info = { readyMs: await page.evaluate(() => window.__bench.readyMs) };
  } else if (phase === 'fitdraw') {
    // The zoom from 1 to fit and back: the two transitions, not a pan.
    await page.goto(url);
    await page.waitForFunction(() => window.__bench?.readyMs != null, null, { timeout: 120_000 });
    await page.waitForTimeout(300);
    await startRecording();
    info = await page.evaluate(async () => {
      const b = window.__bench;
      const t0 = performance.now();
      const t1 = await b.setViewport(b.fitViewport);
      const t2 = await b.setViewport({ x: 0, y: 0, zoom: 1 });
      return { fitDrawMs: t1 - t0, backMs: t2 - t1 };
    });
    profile = await stopRecording();
  } else {
    await page.goto(url);
    await page.waitForFunction(() => window.__bench?.readyMs != null, null, { timeout: 120_000 });
    if (phase === 'fit')
      info.fitDrawMs = await page.evaluate(async () => {
        const t0 = performance.now();
        return (await window.__bench.setViewport(window.__bench.fitViewport)) - t0;
      });
    await page.waitForTimeout(300);
    await startRecording();
    info.pan = await (phase === 'drag' ? dragNode : dragPan)(page, cdp, ms);
    profile = await stopRecording();
  }
  console.log(`# ${kind} n=${n} phase=${phase}`, JSON.stringify(info));
  const total = selfTimes(profile).reduce((a, [, v]) => a + v, 0);
  console.log(`\nJS CPU profile, self time (total sampled ${total.toFixed(0)} ms):`);
  for (const [k, v] of selfTimes(profile).slice(0, top))
    console.log(`${v.toFixed(0).padStart(7)} ms  ${k}`);
  console.log('\nMain thread, trace event totals (nested events overlap):');
  for (const [k, v] of traceTotals(events).slice(0, top))
    console.log(`${v.toFixed(0).padStart(7)} ms  ${k}`);
  await context.close();
} finally {
  await chrome.close();
  await server.close();
}
