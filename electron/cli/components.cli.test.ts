import { describe, expect, it } from 'vitest';
import { makeComponent } from '../../shared/graph/componentEdit';
import { nodeId } from '../../shared/graph/ids';
import { registryFor } from '../../shared/nodes/componentSpecs';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import { testRegistry } from '../core/testing/emulatorHarness';
import type { DryRunReport } from './dryRun';
import { cliTestBed, listFiles, writeGraph } from './testKit';

const bed = cliTestBed();

/** prompt -> [component "Kite": text-to-image -> edit] -> preview. */
async function kiteComponent() {
  const g = testGraph();
  const p = g.prompt('a red kite over the dunes', { id: 'prompt' });
  const t2i = g.model(MODELS.proTextToImage, { aspect_ratio: '1:1' }, { id: 't2i' });
  const edit = g.model(MODELS.proEdit, { prompt: 'at dusk' }, { id: 'edit' });
  const out = g.preview({}, { id: 'out' });
  g.connect(p, 'text', t2i, 'prompt');
  g.connect(t2i, 'image', edit, 'image_urls');
  g.connect(edit, 'images', out, 'images');
  const doc = g.doc();
  const registry = registryFor(await testRegistry(), doc);
  return makeComponent(doc, [t2i, edit], {
    componentId: 'kite',
    instanceId: nodeId('c1'),
    name: 'Kite',
    registry,
  })!.doc;
}

describe('nodeloom run with components', () => {
  it('dry-runs, runs and saves a component workflow as its nodes; a second run sends nothing', async () => {
    await writeGraph(bed.dir, 'kite.nodeloom', await kiteComponent());
    const dry = await bed.run(['run', 'kite.nodeloom', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.stdout) as DryRunReport;
    expect(report.requests.map((r) => r.nodeId)).toEqual(['c1/t2i', 'c1/edit']);

    const first = await bed.run(['run', 'kite.nodeloom', '--out', 'out']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(bed.emu.stats().total.submissions).toBe(2);
    expect(await listFiles(`${bed.dir}/out`)).toHaveLength(1);
    // The progress names the nodes inside by the component's name.
    expect(first.stdout).toContain('Kite › Nano Banana Pro (RunComfy)');

    const again = await bed.run(['run', 'kite.nodeloom', '--out', 'out']);
    expect(again.code).toBe(0);
    expect(bed.emu.stats().total.submissions).toBe(2);
  });

  it('runs only the component with --only, naming its instance', async () => {
    await writeGraph(bed.dir, 'kite.nodeloom', await kiteComponent());
    const dry = await bed.run(['run', 'kite.nodeloom', '--dry-run', '--json', '--only', 'c1']);
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.stdout) as DryRunReport;
    expect(report.requests.map((r) => r.nodeId)).toEqual(['c1/t2i', 'c1/edit']);
  });

  it('validate reports a problem inside a component naming the component and the inner node', async () => {
    const doc = await kiteComponent();
    doc.components!['kite']!.nodes.find((n) => n.id === 'edit')!.params['prompt'] = '';
    await writeGraph(bed.dir, 'kite.nodeloom', doc);
    const r = await bed.run(['validate', 'kite.nodeloom']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/node "c1": error: Kite › Nano Banana Pro Edit \(RunComfy\): /);
  });
});
