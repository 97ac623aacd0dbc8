import { cleanup } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeId } from '../../shared/graph/ids';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import { fakeHost, registry, renderStudio } from './appTestKit';
import { forecastLabel, runForecast } from './runEstimate';

afterEach(cleanup);

/** {red|blue} -> Runflow Nano Banana Pro edit ($0.15 an image) from a URL image. */
function pricedCombinations() {
  const g = testGraph();
  const p = g.prompt('a {red|blue} fox', { id: 'p' });
  const img = g.loadImage('https://example.com/fox.png', { id: 'img' });
  const edit = g.model(MODELS.runflowProEdit, {}, { id: 'edit' });
  g.connect(p, 'text', edit, 'prompt');
  g.connect(img, 'image', edit, 'image_urls');
  return g.doc();
}

describe('Run × N and combinations, priced before they run', () => {
  it('labels the Run button with the jobs and the estimate of the whole expansion', () => {
    const doc = pricedCombinations();
    const plain = runForecast(doc, registry);
    expect(forecastLabel('Run', plain)).toBe('Run · 2 jobs · $0.30');
    const three = runForecast(doc, registry, undefined, undefined, { variants: 3 });
    expect(forecastLabel('Run ×3', three)).toBe('Run ×3 · 6 jobs · $0.90');
  });

  it('says a run over the cap cannot run, with the reason for the tooltip', () => {
    const doc = pricedCombinations();
    const many = Array.from({ length: 300 }, (_, i) => `w${i}`).join('|');
    doc.nodes.find((n) => n.id === 'p')!.params['text'] = `{${many}}`;
    const forecast = runForecast(doc, registry);
    expect(forecastLabel('Run', forecast)).toBe('Run · too many jobs');
    expect(forecast.refusal).toMatch(/300 jobs, over the limit of 256/);
  });

  it('asks the budget question over every variant and sends the variants to the host', async () => {
    const doc = pricedCombinations();
    const host = fakeHost();
    const { studio } = renderStudio(null, { host, doc, settings: { budgetUsd: 0.5 } });
    studio.run.getState().setVariants(2);
    const asked = studio.controller.runs.run();
    // $0.60 for 2 prompts × 2 variants is over a $0.50 budget: the run waits for an answer.
    await expect
      .poll(() => studio.ui.getState().dialogs.at(-1))
      .toMatchObject({
        kind: 'confirm',
        title: 'Over budget',
        message: expect.stringContaining('$0.60'),
      });
    studio.ui.getState().closeTop();
    expect(await asked).toBe(false);
    expect(host.callsOf('run.start')).toEqual([]);

    cleanup();
    const budgetless = renderStudio(null, { host, doc });
    budgetless.studio.run.getState().setVariants(2);
    expect(await budgetless.studio.controller.runs.run()).toBe(true);
    expect(host.callsOf('run.start')).toEqual([{ graph: doc, expansion: { variants: 2 } }]);
  });

  it('runs a new take of a model node as its next unused variant, kept on the node', async () => {
    const doc = pricedCombinations();
    const host = fakeHost();
    const { studio } = renderStudio(null, { host, doc });
    expect(await studio.controller.runs.newTake(nodeId('edit'))).toBe(true);
    expect(host.callsOf('run.start').at(-1)).toMatchObject({
      expansion: { take: { nodeId: 'edit', variant: 2 } },
    });
    expect(studio.graph.getState().doc.nodes.find((n) => n.id === 'edit')?.lastTake).toBe(2);
    // The run was accepted but never finishes in this fake host: let the next one start.
    studio.run.getState().clear();
    expect(await studio.controller.runs.newTake(nodeId('edit'))).toBe(true);
    expect(host.callsOf('run.start').at(-1)).toMatchObject({
      expansion: { take: { nodeId: 'edit', variant: 3 } },
    });
    // A Prompt has no takes: the artist is told what to select.
    expect(await studio.controller.runs.newTake(nodeId('p'))).toBe(false);
    expect(studio.ui.getState().notices.at(-1)?.text).toMatch(/model node/);
  });
});
