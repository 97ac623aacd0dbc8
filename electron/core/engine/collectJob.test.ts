import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testGraph } from '../../../shared/testing/testGraph';
import { CachedResultSchema } from '../storage/resultCache';
import { startHarness } from '../testing/emulatorHarness';
import type { Harness } from '../testing/emulatorHarness';
import { finalEvent } from '../testing/runEvents';

const RF_EDIT = 'runflow/google/nano-banana-pro/edit';

let h: Harness | undefined;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-collect-'));
  const png = await sharp({
    create: { width: 16, height: 16, channels: 3, background: { r: 20, g: 120, b: 200 } },
  })
    .png()
    .toBuffer();
  await writeFile(path.join(dir, 'in.png'), png);
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('collectJob', () => {
  it("keeps Runflow's seed when the outputs come with the status answer (no result call)", async () => {
    h = await startHarness();
    const g = testGraph();
    const img = g.loadImage('in.png');
    const m = g.model(RF_EDIT, { prompt: 'paint it in gouache', seed: 424242 });
    g.connect(img, 'image', m, 'image_urls');

    const { summary, events } = await h.run(g.doc(), { baseDir: dir });
    expect(summary.states.get(m)).toBe('done');
    const done = finalEvent(events, m);
    expect(done).toMatchObject({ state: 'done' });

    // Where the seed is kept: the stored result (reused by later runs) and the
    // provenance of each image the run produced.
    const resultsDir = path.join(h.dataDir, 'results');
    const files = (await readdir(resultsDir)).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(1);
    const stored = CachedResultSchema.parse(
      JSON.parse(await readFile(path.join(resultsDir, files[0]!), 'utf8')),
    );
    expect(stored.seed).toBe(424242);
    expect(stored.provider).toBe('runflow');
    const images = summary.images.get(m) ?? [];
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(summary.provenance.get(image.hash)?.seed).toBe(424242);
  });
});
