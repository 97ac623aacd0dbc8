import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutputSaved } from '../../../shared/contract/hostApi';
import { makeComponent } from '../../../shared/graph/componentEdit';
import { nodeId } from '../../../shared/graph/ids';
import { registryFor } from '../../../shared/nodes/componentSpecs';
import { PNG_PROVENANCE_KEY, PNG_WORKFLOW_KEY, readPngText } from '../../../shared/png/pngText';
import type { RunEvent } from '../../../shared/run/events';
import { MODELS, testGraph } from '../../../shared/testing/testGraph';
import { parseWorkflow } from '../../../shared/workflow/format';
import { testRegistry } from '../testing/emulatorHarness';
import { startHostKit } from './testKit';
import type { HostKit } from './testKit';

let kit: HostKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

describe('components in the host', () => {
  it('runs a component workflow; the saved PNG carries the workflow with its component', async () => {
    kit = await startHostKit({ emulator: true });
    const g = testGraph();
    const p = g.prompt('a lighthouse at dusk');
    const t2i = g.model(MODELS.proTextToImage, { output_format: 'png' }, { id: 'studio' });
    const out = g.preview({ filename_prefix: 'lit' }, { id: 'keeper' });
    g.connect(p, 'text', t2i, 'prompt');
    g.connect(t2i, 'images', out, 'images');
    const flat = g.doc();
    const graph = makeComponent(flat, [t2i], {
      componentId: 'lamp',
      instanceId: nodeId('c1'),
      name: 'Lamp',
      registry: registryFor(await testRegistry(), flat),
    })!.doc;

    const saved: OutputSaved[] = [];
    const finished: RunEvent[] = [];
    kit.host.subscribe((name, payload) => {
      if (name === 'output.saved') saved.push(payload as OutputSaved);
      const e = payload as RunEvent;
      if (name === 'run.event' && e.type === 'run-finished') finished.push(e);
    });
    const workflowPath = path.join(kit.workspaceDir, 'lamp.nodeloom');
    const started = await kit.call('run.start', { graph, workflowPath });
    expect(started).toMatchObject({ ok: true });
    await expect.poll(() => saved.length, { timeout: 10_000 }).toBe(1);
    expect(finished[0]).toMatchObject({ status: 'succeeded' });

    const outDir = path.join(kit.workspaceDir, 'nodeloom-output');
    expect(await readdir(outDir)).toEqual(['lit_00001.png']);
    const text = readPngText(await readFile(path.join(outDir, 'lit_00001.png')));
    const workflow = parseWorkflow(text[PNG_WORKFLOW_KEY]!);
    expect(workflow.ok && workflow.value.graph).toEqual(graph);
    expect(JSON.parse(text[PNG_PROVENANCE_KEY]!)).toMatchObject({ nodeId: 'keeper' });
  });
});
