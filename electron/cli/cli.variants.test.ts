import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import type { DryRunReport } from './dryRun';
import { cliTestBed, listFiles, writeGraph } from './testKit';

const bed = cliTestBed();
const { submissions } = bed;

/** prompt {a|b} {c|d} -> text-to-image -> Preview "fox". */
function combinations() {
  const g = testGraph();
  const p = g.prompt('{red|blue} fox in {snow|rain}', { id: 'p' });
  const t2i = g.model(MODELS.proTextToImage, { aspect_ratio: '1:1' }, { id: 't2i' });
  const out = g.preview({ filename_prefix: 'fox' }, { id: 'out' });
  g.connect(p, 'text', t2i, 'prompt');
  g.connect(t2i, 'images', out, 'images');
  return g.doc();
}

describe('nodeloom run with variants and combinations', () => {
  it('--dry-run prints the expansion (combinations, variants, jobs, estimate) and each request with what differs', async () => {
    await writeGraph(bed.dir, 'fox.nodeloom', combinations());
    const r = await bed.run(['run', 'fox.nodeloom', '--dry-run', '--variants', '2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Expansion: 4 combinations × 2 variants → 8 jobs to send, estimated /,
    );
    expect(r.stdout).toContain('"t2i~c2.1v2" [blue · snow · v2] → RunComfy');
    expect(r.stdout).toContain('"prompt": "blue fox in snow"');
    const json = await bed.run(['run', 'fox.nodeloom', '--dry-run', '--json', '--combine', 'zip']);
    const report = JSON.parse(json.stdout) as DryRunReport;
    expect(report.expansion).toEqual({ combinations: 2, variants: 1, jobs: 2 });
    expect(report.requests.map((q) => q.label)).toEqual(['red · snow', 'blue · rain']);
    expect(submissions()).toBe(0);
  });

  it('refuses a run over the cap before sending anything, naming the count', async () => {
    const g = testGraph();
    const many = Array.from({ length: 100 }, (_, i) => `w${i}`).join('|');
    g.connect(g.prompt(`{${many}} {${many}}`), 'text', g.model(MODELS.proTextToImage), 'prompt');
    await writeGraph(bed.dir, 'huge.nodeloom', g.doc());
    const r = await bed.run(['run', 'huge.nodeloom']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/10,000 jobs, over the limit of 256; nothing was sent/);
    expect(submissions()).toBe(0);
  });

  it('saves one file per combination and variant, named <prefix>_cNN_vNN_NNNNN so they sort by combination', async () => {
    await writeGraph(bed.dir, 'fox.nodeloom', combinations());
    const r = await bed.run(['run', 'fox.nodeloom', '--out', 'out', '--variants', '2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(submissions()).toBe(8);
    const files = await listFiles(path.join(bed.dir, 'out'));
    expect(files).toEqual([
      'fox_c01_v01_00001.png',
      'fox_c01_v02_00001.png',
      'fox_c02_v01_00001.png',
      'fox_c02_v02_00001.png',
      'fox_c03_v01_00001.png',
      'fox_c03_v02_00001.png',
      'fox_c04_v01_00001.png',
      'fox_c04_v02_00001.png',
    ]);
    // The same run again is all cached: nothing more is sent.
    const again = await bed.run(['run', 'fox.nodeloom', '--out', 'out', '--variants', '2']);
    expect(again.code).toBe(0);
    expect(submissions()).toBe(8);
  });

  it('refuses --variants outside 1-64 and --combine other than product or zip', async () => {
    for (const [flag, value, message] of [
      ['--variants', '0', /--variants must be a whole number from 1 to 64/],
      ['--combine', 'cross', /--combine must be product or zip/],
    ] as const) {
      const r = await bed.run(['run', 'x.nodeloom', flag, value]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
