import { afterEach, describe, expect, it } from 'vitest';
import { testGraph } from '../../../shared/testing/testGraph';
import { startHarness } from '../testing/emulatorHarness';
import type { Harness } from '../testing/emulatorHarness';

const T2I = 'runcomfy/google/nano-banana/pro/text-to-image';
const EDIT = 'runcomfy/google/nano-banana/pro/edit';
const NB2_EDIT = 'runcomfy/google/nano-banana-2/edit';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function chain(promptText = 'a lighthouse at dusk', editModel = EDIT) {
  const g = testGraph();
  const p = g.prompt(promptText);
  const t2i = g.model(T2I, { aspect_ratio: '16:9' });
  const edit = g.model(editModel, { prompt: 'make it snow', aspect_ratio: '3:4' });
  const out = g.preview();
  g.connect(p, 'text', t2i, 'prompt');
  g.connect(t2i, 'image', edit, 'image_urls');
  g.connect(edit, 'images', out, 'images');
  return { doc: g.doc(), t2i, edit };
}

const submits = (harness: Harness) => harness.emu.requests().filter((r) => r.route === 'submit');

describe('variants and combinations against the provider emulator', () => {
  it('--variants 3 on a t2i -> edit chain sends 6 jobs, the same run again sends 0, --variants 4 then sends 2 more', async () => {
    h = await startHarness();
    const { doc, edit } = chain();
    const first = await h.run(doc, { expansion: { variants: 3 } });
    expect(first.summary.status).toBe('succeeded');
    expect(submits(h)).toHaveLength(6);
    // Each edit variant is fed by the text-to-image variant of the same index.
    const editIds = [...first.summary.images.keys()].filter((id) => id.startsWith(`${edit}~`));
    expect(editIds.sort()).toEqual([`${edit}~v1`, `${edit}~v2`, `${edit}~v3`]);
    const fedBy = submits(h)
      .map((r) => r.body as { prompt: string; image_urls?: string[] })
      .filter((b) => b.prompt === 'make it snow')
      .map((b) => b.image_urls![0]);
    expect(new Set(fedBy).size).toBe(3);

    const again = await h.run(doc, { expansion: { variants: 3 } });
    expect(again.summary.status).toBe('succeeded');
    expect(submits(h)).toHaveLength(6);

    const four = await h.run(doc, { expansion: { variants: 4 } });
    expect(four.summary.status).toBe('succeeded');
    expect(submits(h)).toHaveLength(8);
  });

  it('variant 1 keeps the cache key of a run without variants: an earlier plain run is reused', async () => {
    h = await startHarness();
    const { doc } = chain('a plain run first');
    await h.run(doc);
    expect(submits(h)).toHaveLength(2);
    const { events } = await h.run(doc, { expansion: { variants: 2 } });
    // Only variant 2 of each model is new.
    expect(submits(h)).toHaveLength(4);
    const cached = events.flatMap((e) =>
      e.type === 'node' && e.state === 'cached' ? [e.nodeId] : [],
    );
    expect(cached.every((id) => id.endsWith('~v1'))).toBe(true);
    expect(cached).toHaveLength(2);
  });

  it('gives variants of a model with a seed distinct seeds and records them in the run-started labels', async () => {
    h = await startHarness();
    const { doc, edit } = chain('seeded', NB2_EDIT);
    const { events } = await h.run(doc, { expansion: { variants: 3 } });
    const bodies = submits(h).map((r) => r.body as { seed?: number; prompt: string });
    const seeds = bodies.filter((b) => b.prompt === 'make it snow').map((b) => b.seed ?? 0);
    expect(seeds.sort()).toEqual([0, 1, 2]);
    const started = events.find((e) => e.type === 'run-started');
    expect(started?.type === 'run-started' && started.labels?.[`${edit}~v3`]).toMatchObject({
      nodeId: edit,
      variant: 3,
      seed: 2,
    });
  });

  it('expands {a|b} {c|d} into 4 prompts, each reaching its own job', async () => {
    h = await startHarness();
    const g = testGraph();
    const p = g.prompt('{a|b} {c|d}');
    const t2i = g.model(T2I, { aspect_ratio: '1:1' });
    g.connect(p, 'text', t2i, 'prompt');
    const { summary, events } = await h.run(g.doc());
    expect(summary.status).toBe('succeeded');
    const prompts = submits(h).map((r) => (r.body as { prompt: string }).prompt);
    expect(prompts.sort()).toEqual(['a c', 'a d', 'b c', 'b d']);
    const started = events.find((e) => e.type === 'run-started');
    expect(started?.type === 'run-started' && started.labels?.[`${t2i}~c2.1`]).toMatchObject({
      combination: 3,
      alternatives: [
        { nodeId: p, group: 1, choice: 'b' },
        { nodeId: p, group: 2, choice: 'c' },
      ],
    });
  });

  it('refuses 10,000 combinations before anything is sent, naming the count and the nodes', async () => {
    h = await startHarness();
    const g = testGraph();
    const many = Array.from({ length: 100 }, (_, i) => `w${i}`).join('|');
    const p = g.prompt(`{${many}} and {${many}}`);
    const t2i = g.model(T2I, { aspect_ratio: '1:1' });
    g.connect(p, 'text', t2i, 'prompt');
    expect(() => h!.engine.run(g.doc())).toThrow(/10,000 jobs, over the limit of 256.*Prompt/);
    expect(h.emu.requests()).toHaveLength(0);
  });

  it('a new take re-runs just the node and what depends on it, as the next variant', async () => {
    h = await startHarness();
    const { doc, t2i, edit } = chain('take me');
    await h.run(doc);
    expect(submits(h)).toHaveLength(2);
    const { summary } = await h.run(doc, { expansion: { take: { nodeId: edit, variant: 2 } } });
    expect(summary.status).toBe('succeeded');
    // The text-to-image is reused (cached); only the edit is sent again, as variant 2.
    expect(submits(h)).toHaveLength(3);
    expect(summary.states.get(t2i)).toBe('cached');
    expect(summary.states.get(`${edit}~v2` as typeof edit)).toBe('done');
  });
});
