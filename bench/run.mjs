#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { runCanvas } from './canvas.mjs';
import { launch, serve } from './lib/browser.mjs';
import { makeImage, runMemory } from './memory.mjs';

/**
 * `npm run bench`: every part of the benchmark, one markdown table per part, and
 * bench/results.json with one key per part ("engine", "canvas", "memory", "history").
 *
 *   node bench/run.mjs [--parts engine,canvas,memory,history] [--sizes 100,500,1000,2000]
 *                      [--runs 3] [--pan-ms 3000] [--memory-runs 1] [--quick] [--print]
 */
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const outDir = join(root, 'out/bench');
const image = join(root, 'out/bench-data/4k.png');
const resultsFile = join(here, 'results.json');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const quick = args.includes('--quick');
// --print: only print the tables of bench/results.json (no measuring).
const printOnly = args.includes('--print');
const parts = opt('parts', 'engine,canvas,memory,history').split(',');
const sizes = opt('sizes', quick ? '1000' : '1000,2000,5000')
  .split(',')
  .map(Number);
const runs = Number(opt('runs', quick ? 1 : 3));
const panMs = Number(opt('pan-ms', quick ? 1500 : 3000));
const memoryRuns = Number(opt('memory-runs', quick ? 1 : 3));
const log = (s) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

/** A markdown table of flat rows (the keys of the first row are the columns). */
export function markdown(rows) {
  if (!rows?.length) return '(no rows)';
  const cols = Object.keys(rows[0]);
  const cell = (v) =>
    v === null || v === undefined
      ? ''
      : typeof v === 'number' && !Number.isInteger(v)
        ? String(Number(v.toPrecision(4)))
        : String(v).replace(/\|/g, '\\|');
  const num = cols.map((c) => rows.every((r) => typeof r[c] === 'number' || r[c] == null));
  return [
    `| ${cols.join(' | ')} |`,
    `|${num.map((n) => (n ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${cols.map((c) => cell(r[c])).join(' | ')} |`),
  ].join('\n');
}

const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
const started = Date.now();

function save() {
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
}

/**
 * Runs one Node part (`npx tsx bench/<name>.ts --json`, which prints `{ <name>: rows }`
 * as its last line) and stores what `shape` makes of the rows, or the error.
 */
function runNodePart(name, note, shape) {
  log(`${name}: npx tsx bench/${name}.ts --json${note}`);
  const res = spawnSync('npx', ['tsx', `bench/${name}.ts`, '--json'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  try {
    if (res.status !== 0) throw new Error(`exited with ${res.status}`);
    const parsed = JSON.parse(res.stdout.trim().split('\n').at(-1));
    results[name] = shape(parsed[name] ?? parsed);
  } catch (e) {
    log(`${name} part failed: ${e.message}`);
    results[name] = { error: String(e.message), stdout: res.stdout?.slice(0, 2000) };
  }
  save();
}

if (parts.includes('engine') && !printOnly) runNodePart('engine', '', (rows) => rows);
if (parts.includes('history') && !printOnly)
  runNodePart('history', ' (seeds 10,000 runs, then cold host processes)', (rows) => ({
    title: 'Run history (SQLite): 10,000 runs, cold host process, medians of 3',
    rows,
  }));

const browserParts = parts.filter((p) => p === 'canvas' || p === 'memory');
if (browserParts.length > 0 && !printOnly) {
  log('building the bench pages (vite, bench/vite.config.ts -> out/bench)');
  await build({ configFile: join(here, 'vite.config.ts'), logLevel: 'error' });
  await makeImage(image);
  const server = await serve(outDir, image);
  const chrome = await launch();
  try {
    if (parts.includes('canvas')) {
      log(`canvas: sizes ${sizes.join(', ')}, ${runs} runs each, pans of ${panMs} ms`);
      const t = Date.now();
      const canvas = await runCanvas({
        browser: chrome.browser,
        base: server.url,
        sizes,
        runs,
        panMs,
        log,
      });
      results.canvas = {
        title: 'Canvas: Nodeloom (real renderer/canvas) vs litegraph 0.17.2, medians',
        settings: {
          sizes,
          runs,
          panMs,
          viewport: '1280x800',
          chromium: await chrome.browser.version(),
        },
        seconds: Math.round((Date.now() - t) / 1000),
        ...canvas,
      };
      save();
    }
    if (parts.includes('memory')) {
      log(`memory: 200 outputs of 4096x2304, ${memoryRuns} run(s)`);
      const memory = await runMemory({
        browser: chrome.browser,
        pid: chrome.pid,
        base: server.url,
        runs: memoryRuns,
        log,
      });
      results.memory = {
        title: 'Memory: renderer JS heap with 200 4K outputs on the canvas',
        ...memory,
        blobRequests: server.blobRequests(),
        thumbRequests: server.thumbRequests(),
      };
      save();
    }
  } finally {
    await chrome.close();
    await server.close();
  }
}

// One markdown table per part (and its targets).
const out = [];
for (const [key, part] of Object.entries(results)) {
  if (!parts.includes(key)) continue;
  out.push(`## ${part.title ?? key}`);
  if (part.error) out.push(`ERROR: ${part.error}`);
  const rows = Array.isArray(part) ? part : (part.rows ?? part.engine);
  if (rows) out.push(markdown(rows));
  else if (!part.error) out.push(markdown([part]));
  if (part.ratios) out.push('', 'Ratios Nodeloom / litegraph (medians)', '', markdown(part.ratios));
  if (part.targets) out.push('', 'Targets', '', markdown(part.targets));
  for (const f of part.findings ?? []) out.push('', `FINDING: ${f}`);
  for (const p of part.problems ?? []) out.push(`problem: ${p}`);
  out.push('');
}
console.log(out.join('\n'));
log(`done in ${Math.round((Date.now() - started) / 1000)} s; results in bench/results.json`);
