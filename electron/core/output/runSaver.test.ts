import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { nodeId } from '../../../shared/graph/ids';
import { createNodeRegistry } from '../../../shared/nodes/registry';
import { testGraph } from '../../../shared/testing/testGraph';
import { loadCatalog } from '../catalog/loadCatalog';
import { BlobStore } from '../storage/blobStore';
import { createRunSaver, outputFolder } from './runSaver';

describe('outputFolder', () => {
  const workflowFolder = path.resolve('/art/harbour');
  const home = path.resolve('/home/mika');

  it('is nodeloom-output beside the workflow unless a folder is set', () => {
    expect(outputFolder(null, workflowFolder, home)).toBe(
      path.join(workflowFolder, 'nodeloom-output'),
    );
  });

  it('takes an absolute folder as it is, a relative one from the workflow, ~ as home', () => {
    const abs = path.resolve('/renders');
    expect(outputFolder(abs, workflowFolder, home)).toBe(abs);
    expect(outputFolder('out/final', workflowFolder, home)).toBe(
      path.join(workflowFolder, 'out', 'final'),
    );
    expect(outputFolder('~/Pictures/renders', workflowFolder, home)).toBe(
      path.join(home, 'Pictures', 'renders'),
    );
    expect(outputFolder('~', workflowFolder, home)).toBe(home);
    // Only a leading "~/" means home: "~draft" is a folder's name.
    expect(outputFolder('~draft', workflowFolder, home)).toBe(path.join(workflowFolder, '~draft'));
  });
});

describe('createRunSaver in a run with variants and combinations', () => {
  it('saves each instance of a Preview as <prefix>_cNN_vNN_NNNNN, from the run-started labels', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-saver-'));
    try {
      const blobs = new BlobStore(path.join(dir, 'blobs'));
      const png = await sharp({
        create: { width: 4, height: 4, channels: 3, background: '#c33' },
      })
        .png()
        .toBuffer();
      const stored = await blobs.put(new Uint8Array(png));
      const image = {
        hash: stored.hash,
        mimeType: 'image/png',
        width: 4,
        height: 4,
        bytes: png.length,
      };
      const g = testGraph();
      const out = g.preview({ filename_prefix: 'fox' }, { id: 'out' });
      const registry = createNodeRegistry((await loadCatalog()).models);
      const saved: string[] = [];
      const saver = createRunSaver({
        blobs,
        registry,
        graph: g.doc(),
        dir: path.join(dir, 'out'),
        onSaved: (e) => saved.push(...e.files.map((f) => path.basename(f.path))),
        warn: (m) => {
          throw new Error(m);
        },
      });
      const label = (combination: number, variant: number) => ({
        nodeId: out,
        combination,
        variant,
        alternatives: [],
        sweeps: [],
      });
      saver.listener({
        type: 'run-started',
        runId: 'r1',
        at: 0,
        nodeIds: [nodeId('out~c2v1'), nodeId('out~c1v2')],
        estimate: { knownUsd: 0, unknownNodes: [], perNode: {} },
        labels: { 'out~c2v1': label(2, 1), 'out~c1v2': label(1, 2) },
      });
      for (const id of ['out~c2v1', 'out~c1v2'])
        saver.listener({
          type: 'node',
          runId: 'r1',
          nodeId: nodeId(id),
          state: 'done',
          at: 1,
          images: [image],
        });
      await saver.idle();
      expect(saved).toEqual(['fox_c02_v01_00001.png', 'fox_c01_v02_00001.png']);
      expect((await readdir(path.join(dir, 'out'))).sort()).toEqual([
        'fox_c01_v02_00001.png',
        'fox_c02_v01_00001.png',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
