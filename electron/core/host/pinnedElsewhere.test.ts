import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODELS, testGraph } from '../../../shared/testing/testGraph';
import { createWorkflow, serializeWorkflow } from '../../../shared/workflow/format';
import { pinnedElsewhere } from './pinnedElsewhere';
import { recoveryHandlers } from './recovery';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-pins-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const image = (c: string) => ({
  hash: c.repeat(64),
  mimeType: 'image/png',
  width: 4,
  height: 4,
  bytes: 1,
});
function pinnedGraph(c: string) {
  const g = testGraph();
  const m = g.model(MODELS.proTextToImage);
  const doc = g.doc();
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (n.id === m ? { ...n, pinned: { images: [image(c)] } } : n)),
  };
}

describe('images pinned outside the run history', () => {
  it('are the pins of autosaves, recent workflows and workspace workflows; unreadable files pin nothing', async () => {
    const data = path.join(dir, 'data');
    const workspace = path.join(dir, 'workspace');
    await mkdir(path.join(workspace, 'shots'), { recursive: true });
    await recoveryHandlers(data, () => undefined)['recovery.save']({
      key: 'tab-1',
      name: 'Untitled',
      filePath: null,
      savedAt: 1,
      graph: pinnedGraph('a'),
    });
    const recent = path.join(dir, 'elsewhere.nodeloom');
    await writeFile(recent, serializeWorkflow(createWorkflow(pinnedGraph('b'))));
    await writeFile(
      path.join(workspace, 'shots', 'c.nodeloom'),
      serializeWorkflow(createWorkflow(pinnedGraph('c'))),
    );
    await writeFile(path.join(workspace, 'broken.nodeloom'), '{');
    const hashes = await pinnedElsewhere(data, workspace, () => [
      recent,
      path.join(dir, 'gone.nodeloom'),
    ]);
    expect([...hashes].sort()).toEqual(['a', 'b', 'c'].map((c) => c.repeat(64)));
  });
});
