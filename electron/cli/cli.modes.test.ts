import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NodeMode } from '../../shared/graph/document';
import { MUTED_REASON } from '../../shared/plan/nodeModes';
import { parseWorkflow } from '../../shared/workflow/format';
import type { DryRunReport } from './dryRun';
import {
  T2I_EDIT,
  cliTestBed,
  copyExample,
  jsonLines,
  listFiles,
  statesByNode,
  writeGraph,
} from './testKit';

const bed = cliTestBed();

/** The example (prompt -> studio -> rainy-evening -> preview) with one node in a mode. */
async function exampleWithMode(nodeId: string, mode: NodeMode): Promise<string> {
  const file = await copyExample(T2I_EDIT, bed.dir);
  const parsed = parseWorkflow(await readFile(file, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const graph = parsed.value.graph;
  const nodes = graph.nodes.map((n) => (n.id === nodeId ? { ...n, mode } : n));
  await writeGraph(bed.dir, 'moded.nodeloom', { ...graph, nodes });
  return 'moded.nodeloom';
}

describe('nodeloom run honours node modes', () => {
  it('with the edit bypassed, sends one job and saves the text-to-image image from the preview', async () => {
    const file = await exampleWithMode('rainy-evening', 'bypass');
    const r = await bed.run(['run', file, '--json', '--out', 'out']);
    expect(r.code).toBe(0);
    expect(bed.emu.stats().total.submissionsByModel).toEqual({
      'runcomfy/google/nano-banana/pro/text-to-image': 1,
    });
    const { events } = jsonLines(r.stdout);
    const states = statesByNode(events);
    expect(states['rainy-evening']).toBeUndefined();
    expect(states['preview']!.at(-1)).toBe('done');
    const done = (id: string) =>
      events.find((e) => e.type === 'node' && e.nodeId === id && e.state === 'done');
    const studioImages = (done('studio') as { images: Array<{ hash: string }> }).images;
    const previewImages = (done('preview') as { images: Array<{ hash: string }> }).images;
    expect(previewImages.map((i) => i.hash)).toEqual(studioImages.map((i) => i.hash));
    expect(await listFiles(path.join(bed.dir, 'out'))).toHaveLength(1);
  });

  it('with the text-to-image muted, sends nothing and names why each node did not run (exit 0)', async () => {
    const file = await exampleWithMode('studio', 'mute');
    const r = await bed.run(['run', file]);
    expect(r.code).toBe(0);
    expect(bed.emu.stats().total.submissions).toBe(0);
    expect(r.stdout).toContain(`"studio": skipped (${MUTED_REASON})`);
    expect(r.stdout).toMatch(
      /"rainy-evening": skipped \(skipped: it needs "[^"]+", which is muted\)/,
    );
  });

  it('--dry-run lists the muted nodes under "Not run" and plans no request for them', async () => {
    const file = await exampleWithMode('studio', 'mute');
    const r = await bed.run(['run', file, '--dry-run', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as DryRunReport;
    expect(report.requests).toEqual([]);
    expect(report.skipped.map((s) => s.nodeId)).toEqual(['studio', 'rainy-evening', 'preview']);
  });
});
