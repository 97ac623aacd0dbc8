import { execFileSync } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PNG_PROVENANCE_KEY, PNG_WORKFLOW_KEY, readPngText } from '../../shared/png/pngText';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import { WORKFLOW_EXTENSION, parseWorkflow } from '../../shared/workflow/format';
import { USAGE } from './args';
import type { CliResult } from './testKit';
import {
  EXAMPLES_DIR,
  TEST_KEYS,
  cli,
  cliTestBed,
  copyExample,
  jsonLines,
  listFiles,
  pngChunkTypes,
  statesByNode,
  writeGraph,
} from './testKit';

const T2I_EDIT = 'text-to-image-then-edit.nodeloom';
const EDIT_CHAIN = 'edit-chain-with-reference.nodeloom';
const EXAMPLES = (await readdir(EXAMPLES_DIR)).filter((n) => n.endsWith(WORKFLOW_EXTENSION));
const bed = cliTestBed();
const run = bed.run;

const submissions = (): number => bed.emu.stats().total.submissions;

function expectNoKeys(r: CliResult): void {
  for (const key of Object.values(TEST_KEYS)) {
    expect(r.stdout).not.toContain(key);
    expect(r.stderr).not.toContain(key);
  }
}

/** prompt -> Nano Banana Pro Edit with no image: a graph that cannot run. */
function editWithoutImage() {
  const g = testGraph();
  g.connect(
    g.prompt('make it snow', { id: 'prompt' }),
    'text',
    g.model(MODELS.proEdit, {}, { id: 'edit' }),
    'prompt',
  );
  return g.doc();
}

describe('nodeloom validate', () => {
  it.each(EXAMPLES)('accepts the example %s with exit 0', async (name) => {
    const r = await cli(['validate', `examples/${name}`]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`examples/${name}: valid \\(\\d+ nodes\\)`));
    expect(r.code).toBe(0);
  });

  it('rejects an unreadable workflow with exit 2, naming the JSON path of the problem', async () => {
    const file = JSON.parse(await readFile(path.join(EXAMPLES_DIR, T2I_EDIT), 'utf8'));
    file.graph.nodes[1].position.x = 'left';
    await writeFile(path.join(bed.dir, 'broken.nodeloom'), JSON.stringify(file));
    const r = await cli(['validate', 'broken.nodeloom'], { cwd: bed.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('broken.nodeloom: graph.nodes[1].position.x:');
    expect(r.stdout).toBe('');
  });

  it('reports a missing file with exit 2', async () => {
    const r = await cli(['validate', 'nowhere.nodeloom'], { cwd: bed.dir });
    expect([r.code, r.stderr]).toEqual([2, 'nowhere.nodeloom: no such file\n']);
  });

  it('rejects an edit node without an image with exit 2, naming the node and the problem', async () => {
    await writeGraph(bed.dir, 'no-image.nodeloom', editWithoutImage());
    const r = await cli(['validate', 'no-image.nodeloom'], { cwd: bed.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/node "edit" image_urls: error: .*needs at least one image/);
    expect(r.stdout).toContain('no-image.nodeloom: 1 error');
  });

  it('prints node ids and types from a crafted file with their control characters escaped', async () => {
    const forged = '\x1b[2K\rx.nodeloom: valid (1 nodes)\nx';
    const g = testGraph();
    g.prompt('hi', { id: forged });
    const doc = g.doc();
    doc.nodes.push({
      ...doc.nodes[0]!,
      id: 'b\x9b31m' as never,
      type: 'model:\x1b]0;pwned\x07' as never,
    });
    await writeGraph(bed.dir, 'crafted.nodeloom', doc);
    for (const argv of [
      ['validate', 'crafted.nodeloom'],
      ['run', 'crafted.nodeloom', '--dry-run'],
    ]) {
      const r = await cli(argv, { cwd: bed.dir });
      const out = r.stdout + r.stderr;
      // eslint-disable-next-line no-control-regex
      expect(out).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
      expect(out.split('\n')).not.toContain('x.nodeloom: valid (1 nodes)');
      expect(out).toContain('\\u001b]0;pwned\\u0007');
      expect(r.code).toBe(2);
    }
  });

  it('accepts a workflow saved with a UTF-8 byte order mark', async () => {
    const text = await readFile(path.join(EXAMPLES_DIR, T2I_EDIT));
    await writeFile(
      path.join(bed.dir, 'bom.nodeloom'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]),
    );
    const r = await cli(['validate', 'bom.nodeloom'], { cwd: bed.dir });
    expect([r.code, r.stderr]).toEqual([0, '']);
  });

  it('names a UTF-16 workflow plainly, with no NUL in the message', async () => {
    const text = await readFile(path.join(EXAMPLES_DIR, T2I_EDIT), 'utf8');
    await writeFile(path.join(bed.dir, 'wide.nodeloom'), Buffer.from(`\ufeff${text}`, 'utf16le'));
    const r = await cli(['validate', 'wide.nodeloom'], { cwd: bed.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'wide.nodeloom: (root): the file is UTF-16 (or another encoding that is not UTF-8); save it as UTF-8\n',
    );
  });

  it.skipIf(process.platform === 'win32')(
    'refuses a named pipe as the workflow at once',
    async () => {
      execFileSync('mkfifo', [path.join(bed.dir, 'pipe.nodeloom')]);
      const r = await cli(['validate', 'pipe.nodeloom'], { cwd: bed.dir });
      expect([r.code, r.stderr]).toEqual([
        2,
        `${path.join(bed.dir, 'pipe.nodeloom')} is a named pipe, not a regular file\n`,
      ]);
    },
  );

  it('--json prints the verdict and the issues as one JSON object', async () => {
    await writeGraph(bed.dir, 'no-image.nodeloom', editWithoutImage());
    const r = await cli(['validate', 'no-image.nodeloom', '--json'], { cwd: bed.dir });
    const report = JSON.parse(r.stdout);
    expect(report.valid).toBe(false);
    expect(report.issues).toContainEqual(
      expect.objectContaining({ nodeId: 'edit', field: 'image_urls', severity: 'error' }),
    );
    expect(r.code).toBe(2);
  });
});

describe('nodeloom run --dry-run', () => {
  it('prints the plan, the request bodies and the estimate, sends nothing and shows no key', async () => {
    const r = await cli(['run', `examples/${EDIT_CHAIN}`, '--dry-run'], { env: bed.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Plan (each step runs in parallel):');
    expect(r.stdout).toContain('  2. Nano Banana Pro (RunComfy) "keeper"');
    expect(r.stdout).toContain('"gouache" → Runflow google/nano-banana-pro/edit (estimate $0.15)');
    expect(r.stdout).toContain('"aspect_ratio": "4:5"');
    expect(r.stdout).toContain('"seed": 271828');
    expect(r.stdout).toContain('<local image images/style-reference.png');
    expect(r.stdout).toContain('Estimated cost: $0.15 + 2 unknown');
    expect(bed.emu.requests()).toEqual([]);
    expect(submissions()).toBe(0);
    expectNoKeys(r);
  });

  it("counts the prices the user entered in the app's Settings, marked as theirs", async () => {
    const dataDir = path.join(bed.dir, 'data');
    await mkdir(dataDir, { recursive: true });
    await writeFile(
      path.join(dataDir, 'settings.json'),
      JSON.stringify({
        modelPrices: {
          'model:runcomfy/google/nano-banana/pro/text-to-image': 0.12,
          'model:runcomfy/google/nano-banana-2/edit': 0.07,
        },
      }),
    );
    const r = await run(['run', path.join(EXAMPLES_DIR, EDIT_CHAIN), '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '"keeper" → RunComfy google/nano-banana/pro/text-to-image (estimate $0.12 (your price))',
    );
    expect(r.stdout).toContain('Estimated cost: $0.34 (incl. your prices)');
    expect(bed.emu.requests()).toEqual([]);
  });

  it('refuses a graph with errors before anything is sent (exit 2)', async () => {
    await writeGraph(bed.dir, 'no-image.nodeloom', editWithoutImage());
    for (const extra of [['--dry-run'], []]) {
      const r = await run(['run', 'no-image.nodeloom', ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/node "edit" image_urls: error[\s\S]*nothing was sent/);
    }
    expect(bed.emu.requests()).toEqual([]);
  });
});

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

describe('nodeloom with bad arguments', () => {
  it.each([
    [['run'], 'run needs a workflow file'],
    [
      ['run', 'x.nodeloom', '--concurrency', '0'],
      '--concurrency must be a whole number from 1 to 256',
    ],
    [['frobnicate', 'x.nodeloom'], 'unknown command "frobnicate"'],
    [['run', 'x.nodeloom', '--colour'], "Unknown option '--colour'"],
  ])('%j exits 2 with the problem and the usage', async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(USAGE);
    expect(r.stdout).toBe('');
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await cli(['--help']);
    expect([r.code, r.stdout]).toEqual([0, `${USAGE}\n`]);
  });
});
