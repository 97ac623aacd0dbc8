import { afterEach, describe, expect, it } from 'vitest';
import { MODELS, testGraph } from '../../../shared/testing/testGraph';
import { startHarness } from '../testing/emulatorHarness';
import type { Harness } from '../testing/emulatorHarness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('engine: critical path first', () => {
  it('starts a chain listed last before the single jobs listed first, one slot at a time', async () => {
    h = await startHarness({}, { concurrency: { global: 1 } });
    const g = testGraph();
    const prompts = new Map<string, string>();
    const model = (type: string, id: string, params: Record<string, string> = {}) => {
      const prompt = `job ${id}`;
      prompts.set(prompt, id);
      return g.model(type, { ...params, prompt }, { id });
    };
    for (const id of ['single1', 'single2', 'single3']) model(MODELS.proTextToImage, id);
    let prev = model(MODELS.proTextToImage, 'chain1');
    for (const id of ['chain2', 'chain3']) {
      const edit = model(MODELS.proEdit, id);
      g.connect(prev, 'image', edit, 'image_urls');
      prev = edit;
    }
    const { summary } = await h.run(g.doc());
    expect(summary.status).toBe('succeeded');
    const order = h.emu
      .requests()
      .filter((r) => r.route === 'submit')
      .map((r) => prompts.get((r.body as { prompt: string }).prompt));
    // The chain's head has 3 jobs ahead, its first edit 2; its last edit has 1, like
    // each single, which asked first.
    expect(order).toEqual(['chain1', 'chain2', 'single1', 'single2', 'single3', 'chain3']);
  });
});
