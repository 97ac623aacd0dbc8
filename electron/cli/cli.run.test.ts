import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PNG_PROVENANCE_KEY, PNG_WORKFLOW_KEY, readPngText } from '../../shared/png/pngText';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import { parseWorkflow } from '../../shared/workflow/format';
import {
  EDIT_CHAIN,
  T2I_EDIT,
  cliTestBed,
  copyExample,
  expectNoKeys,
  jsonLines,
  listFiles,
  pngChunkTypes,
  statesByNode,
  writeGraph,
} from './testKit';

const bed = cliTestBed();
const { run, submissions } = bed;

describe('nodeloom run against the emulator', () => {
  it('saves valid PNGs in --out that carry the workflow and their provenance', async () => {
    const file = await copyExample(T2I_EDIT, bed.dir);
    const r = await run(['run', T2I_EDIT, '--out', 'out']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectNoKeys(r);

    const files = await listFiles(path.join(bed.dir, 'out'));
    expect(files).toEqual([expect.stringMatching(/^studio-rainy-evening_00001\.png$/)]);
    const saved = path.join(bed.dir, 'out', files[0]!);
    expect(r.lines).toContain(`saved ${saved}`);
    expect(await pngChunkTypes(saved)).toEqual(
      expect.arrayContaining(['IHDR', 'IDAT', 'iTXt', 'IEND']),
    );
    expect((await sharp(saved).metadata()).format).toBe('png');

    const text = readPngText(await readFile(saved));
    const original = parseWorkflow(await readFile(file, 'utf8'));
    const embedded = parseWorkflow(text[PNG_WORKFLOW_KEY]!);
    expect(embedded.ok && original.ok && embedded.value.graph).toEqual(
      original.ok && original.value.graph,
    );

    const provenance = JSON.parse(text[PNG_PROVENANCE_KEY]!);
    const editSubmit = bed.emu
      .requests()
      .find((q) => q.route === 'submit' && q.path.includes('/edit'));
    expect(provenance).toMatchObject({
      nodeId: 'preview',
      provider: 'runcomfy',
      endpoint: 'google/nano-banana/pro/edit',
      requestId: editSubmit?.jobId,
    });
    expect(provenance.requestId).toEqual(expect.any(String));
  });

  it('--json prints one valid JSON event per line, from run-started to run-finished', async () => {
    await copyExample(T2I_EDIT, bed.dir);
    const r = await run(['run', T2I_EDIT, '--json', '--out', 'out']);
    expect(r.code).toBe(0);
    const { events, saved } = jsonLines(r.stdout);
    expect(events[0]).toMatchObject({
      type: 'run-started',
      nodeIds: ['prompt', 'studio', 'rainy-evening', 'preview'],
    });
    expect(events.at(-1)).toMatchObject({
      type: 'run-finished',
      status: 'succeeded',
      counts: { done: 4 },
    });
    const states = statesByNode(events);
    for (const id of ['studio', 'rainy-evening']) {
      expect(states[id]![0]).toBe('queued');
      expect(states[id]).toContain('submitting');
      expect(states[id]!.at(-1)).toBe('done');
    }
    expect(states['prompt']).toEqual(['queued', 'done']);
    expect(saved).toHaveLength(1);
  });

  it('line mode prints one line per state change, however often a job is polled', async () => {
    bed.emu.configure({ latency: { queueMs: 5, runMs: 120 } });
    await copyExample(T2I_EDIT, bed.dir);
    const r = await run(['run', T2I_EDIT, '--out', 'out']);
    expect(r.code).toBe(0);
    expect(Math.max(...Object.values(bed.emu.stats().total.pollsByJob))).toBeGreaterThan(4);

    expect(r.lines[0]).toMatch(
      /^\d\d:\d\d:\d\d run [0-9a-f]{8}: 4 nodes, estimate price unknown \(2 nodes\)$/,
    );
    const byNode: Record<string, string[]> = {};
    for (const line of r.lines.slice(1, -2)) {
      const m = /^\d\d:\d\d:\d\d .+ "([^"]+)": ([a-zA-Z ]+?)(?: \(.*\))?$/.exec(line);
      expect(m, line).not.toBeNull();
      (byNode[m![1]!] ??= []).push(m![2]!);
    }
    for (const [id, states] of Object.entries(byNode)) {
      expect(
        states.filter((s, i) => s === states[i - 1]),
        id,
      ).toEqual([]);
      expect(states.at(-1), id).toBe('done');
    }
    expect(byNode['studio']).toEqual(
      expect.arrayContaining(['queued', 'submitting', 'running', 'downloading', 'done']),
    );
    expect(r.lines.at(-2)).toMatch(/run succeeded in [\d.]+s: 4 done; provider-reported cost \$/);
    expect(r.lines.at(-1)).toMatch(/^saved .*\.png$/);
  });

  it('a second identical run takes every model node from the cache and submits nothing', async () => {
    await copyExample(T2I_EDIT, bed.dir);
    expect((await run(['run', T2I_EDIT, '--json'])).code).toBe(0);
    expect(submissions()).toBe(2);
    const again = await run(['run', T2I_EDIT, '--json']);
    expect(again.code).toBe(0);
    const states = statesByNode(jsonLines(again.stdout).events);
    expect(states['studio']!.at(-1)).toBe('cached');
    expect(states['rainy-evening']!.at(-1)).toBe('cached');
    expect(submissions()).toBe(2);
  });

  it('--only <node> runs only that node and its ancestors, and saves its images', async () => {
    await copyExample(T2I_EDIT, bed.dir);
    const r = await run(['run', T2I_EDIT, '--only', 'studio', '--json', '--out', 'out']);
    expect(r.code).toBe(0);
    const { events } = jsonLines(r.stdout);
    expect(events[0]).toMatchObject({ type: 'run-started', nodeIds: ['prompt', 'studio'] });
    expect(Object.keys(statesByNode(events)).sort()).toEqual(['prompt', 'studio']);
    expect(bed.emu.stats().total.submissionsByModel).toEqual({
      'runcomfy/google/nano-banana/pro/text-to-image': 1,
    });
    expect(await listFiles(path.join(bed.dir, 'out'))).toEqual([
      expect.stringMatching(/^text-to-image-then-edit_00001\.png$/),
    ]);
  });

  it('refuses a Runflow graph when RUNFLOW_API_KEY is not set (exit 2, nothing sent)', async () => {
    await copyExample(EDIT_CHAIN, bed.dir);
    const r = await run(['run', EDIT_CHAIN], { env: { ...bed.env, RUNFLOW_API_KEY: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('set RUNFLOW_API_KEY');
    expect(r.stderr).not.toContain('RUNCOMFY_API_KEY');
    expect(bed.emu.requests()).toEqual([]);
    expectNoKeys(r);
  });

  it('exits 1 when the provider fails a job, and skips what depends on it', async () => {
    bed.emu.configure({
      faults: [
        {
          route: 'submit',
          model: 'google/nano-banana/pro/text-to-image',
          fault: { kind: 'job-fails', message: 'blocked by the safety filter' },
        },
      ],
    });
    await copyExample(T2I_EDIT, bed.dir);
    const r = await run(['run', T2I_EDIT, '--out', 'out']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/"studio": FAILED \(.*blocked by the safety filter\)/);
    expect(r.stdout).toMatch(/"rainy-evening": skipped/);
    expect(r.stdout).toMatch(/run failed in/);
    expect(submissions()).toBe(1);
    expect(await listFiles(path.join(bed.dir, 'out'))).toEqual([]);
  });

  it('--concurrency 2 keeps at most two jobs in flight', async () => {
    bed.emu.configure({ latency: { queueMs: 5, runMs: 150 } });
    const g = testGraph();
    // Five different prompts: identical jobs would be shared, not sent five times.
    for (let i = 1; i <= 5; i++) {
      const prompt = g.prompt(`lighthouse, take ${i}`);
      g.connect(prompt, 'text', g.model(MODELS.proTextToImage), 'prompt');
    }
    await writeGraph(bed.dir, 'five.nodeloom', g.doc());

    const limited = await run(['run', 'five.nodeloom', '--concurrency', '2', '--out', 'out']);
    expect(limited.code).toBe(0);
    expect(bed.emu.stats().total).toMatchObject({ submissions: 5, maxActiveJobs: 2 });
    expect(await listFiles(path.join(bed.dir, 'out'))).toHaveLength(5);

    // Control: without the flag the same graph has more in flight (default 4 per provider).
    bed.emu.reset();
    const free = await run(['run', 'five.nodeloom'], { dataDir: path.join(bed.dir, 'data-2') });
    expect(free.code).toBe(0);
    expect(bed.emu.stats().total).toMatchObject({ submissions: 5, maxActiveJobs: 4 });
  });

  it('Ctrl+C cancels the run and exits 130, leaving a second Ctrl+C to end the process', async () => {
    bed.emu.configure({ latency: { queueMs: 5, runMs: 30_000 } });
    await copyExample(T2I_EDIT, bed.dir);
    const started = Date.now();
    const r = await run(['run', T2I_EDIT], {
      onStdout: (text, interrupt) => {
        if (/"studio": running/.test(text)) interrupt();
      },
    });
    expect(r.code).toBe(130);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.stderr).toContain('cancelling');
    expect(r.stdout).toMatch(/"studio": cancelled/);
    expect(r.stdout).toMatch(/run cancelled in/);
    expect(r.listeningAfterInterrupt).toBe(false);
    expect(submissions()).toBe(1);
  });

  it('on a terminal draws a live table cut to its width that ends with every final state', async () => {
    await copyExample(T2I_EDIT, bed.dir);
    const r = await run(['run', T2I_EDIT, '--out', 'out'], { isTTY: true, columns: 60 });
    expect(r.code).toBe(0);
    const frames = r.stdout.split('\x1b[0J');
    const last = frames.at(-1)!.split('\n');
    expect(last[0]).toMatch(/^run succeeded in [\d.]+s: 4 done/);
    const rows = last.slice(1, 5);
    expect(rows.every((row) => /^ {2}done {8}\S/.test(row))).toBe(true);
    expect(rows[0]).toBe('  done        Prompt "prompt"');
    expect(rows[2]).toMatch(/^ {2}done {8}Nano Banana Pro Edit \(RunComfy\) "rainy-ev.*…$/);
    // eslint-disable-next-line no-control-regex -- terminal escape sequences
    const visible = r.stdout.replace(/\x1b\[\d*[A-Za-z]/g, '').split('\n');
    expect(visible.filter((l) => !l.startsWith('saved ')).every((l) => l.length <= 59)).toBe(true);
  });
});
