import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pinnedFedByEmptyPrompt } from '../../shared/testing/preflightCases';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import { JOB_ID_PLACEHOLDER } from './dryRun';
import type { DryRunReport } from './dryRun';
import {
  EDIT_CHAIN,
  EXAMPLES_DIR,
  cli,
  cliTestBed,
  copyExample,
  editWithoutImage,
  expectNoKeys,
  writeGraph,
} from './testKit';

const bed = cliTestBed();
const { run, submissions } = bed;

describe('nodeloom run --dry-run', () => {
  it('prints the plan, the request bodies and the estimate, sends nothing and shows no key', async () => {
    const r = await cli(['run', `examples/${EDIT_CHAIN}`, '--dry-run'], {
      env: bed.env,
      dataDir: path.join(bed.dir, 'data'),
    });
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

describe('nodeloom run --dry-run prints what the run sends', () => {
  /** A Prompt into a RunComfy text-to-image and, with an https image, into a Runflow edit. */
  function twoProviders() {
    const g = testGraph();
    const p = g.prompt('a red kite over the dunes', { id: 'prompt' });
    const t2i = g.model(MODELS.proTextToImage, { aspect_ratio: '1:1' }, { id: 't2i' });
    const img = g.loadImage('https://example.com/kite.png', { id: 'web' });
    const edit = g.model(MODELS.runflowProEdit, { seed: 7 }, { id: 'edit' });
    g.connect(p, 'text', t2i, 'prompt');
    g.connect(p, 'text', edit, 'prompt');
    g.connect(img, 'image', edit, 'image_urls');
    return g.doc();
  }

  it('prints exactly the bodies the run then sends, the Runflow envelope included', async () => {
    await writeGraph(bed.dir, 'two.nodeloom', twoProviders());
    const dry = await run(['run', 'two.nodeloom', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.stdout) as DryRunReport;
    expect(submissions()).toBe(0);

    const real = await run(['run', 'two.nodeloom', '--out', 'out']);
    expect(real.code).toBe(0);
    const sent = bed.emu.requests().filter((r) => r.route === 'submit');
    expect(sent).toHaveLength(2);
    const sentBy = (provider: string) => sent.find((r) => r.provider === provider)!.body;
    const planned = (id: string) => report.requests.find((r) => r.nodeId === id)!.body;
    expect(sentBy('runcomfy')).toEqual(planned('t2i'));
    // Only the job id is made when the job is sent.
    const runflowBody = sentBy('runflow') as { metadata: { client_ref: string } };
    expect(planned('edit')).toEqual({
      ...runflowBody,
      metadata: { client_ref: JOB_ID_PLACEHOLDER },
    });
    expect(planned('edit')).toMatchObject({
      input: {
        prompt: 'a red kite over the dunes',
        seed: 7,
        image_urls: ['https://example.com/kite.png'],
      },
    });
  });

  it('lists what the result cache answers as reused, not as a request, and the run agrees', async () => {
    await writeGraph(bed.dir, 'two.nodeloom', twoProviders());
    expect((await run(['run', 'two.nodeloom', '--out', 'out'])).code).toBe(0);
    const changed = twoProviders();
    changed.nodes.find((n) => n.id === 'edit')!.params['seed'] = 8;
    await writeGraph(bed.dir, 'two.nodeloom', changed);

    const dry = await run(['run', 'two.nodeloom', '--dry-run', '--json']);
    const report = JSON.parse(dry.stdout) as DryRunReport;
    expect(report.reused).toEqual([{ nodeId: 't2i', reason: 'cached' }]);
    expect(report.requests.map((r) => r.nodeId)).toEqual(['edit']);
    expect(report.estimate).toMatchObject({
      knownUsd: 0.15,
      unknownNodes: [],
      perNode: { edit: 0.15 },
    });

    const before = submissions();
    expect((await run(['run', 'two.nodeloom', '--out', 'out'])).code).toBe(0);
    expect(submissions() - before).toBe(1);
  });

  it('after a run, sends nothing again: every model of a chain with a local image is reused', async () => {
    await copyExample(EDIT_CHAIN, bed.dir);
    expect((await run(['run', EDIT_CHAIN, '--out', 'out'])).code).toBe(0);
    const dry = await run(['run', EDIT_CHAIN, '--dry-run', '--json']);
    const report = JSON.parse(dry.stdout) as DryRunReport;
    expect(report.requests).toEqual([]);
    expect(report.reused.length).toBeGreaterThanOrEqual(2);
    expect(report.reused.every((r) => r.reason === 'cached')).toBe(true);
  });

  it('accepts a pinned node fed by an empty prompt, as the app does, and lists the pin as reused', async () => {
    const { doc, t2i, edit } = pinnedFedByEmptyPrompt();
    await writeGraph(bed.dir, 'pinned.nodeloom', doc);
    const r = await run(['run', 'pinned.nodeloom', '--dry-run']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Reused (nothing is sent for these):\n  "${t2i}": pinned output`);
    expect(r.stdout).not.toContain(`"${t2i}" → `);
    expect(r.stdout).toContain(`"${edit}" → Runflow google/nano-banana-pro/edit (estimate $0.15)`);
    expect(r.stdout).toContain(`"<image 1 of Nano Banana Pro (RunComfy) \\"${t2i}\\">"`);
    expect(r.stdout).toContain('Estimated cost: $0.15');
    expect(submissions()).toBe(0);
  });

  it('needs a key only for the providers it sends to: a pinned RunComfy node needs none', async () => {
    const { doc } = pinnedFedByEmptyPrompt();
    await writeGraph(bed.dir, 'pinned.nodeloom', doc);
    const env = { ...bed.env, RUNCOMFY_API_KEY: '', RUNFLOW_API_KEY: '' };
    const keyless = await cli(['run', 'pinned.nodeloom'], { cwd: bed.dir, env });
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toBe('Runflow has no API key: set RUNFLOW_API_KEY.\n');
    expect(submissions()).toBe(0);
  });
});
