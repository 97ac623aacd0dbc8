import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeId } from '../../shared/graph/ids';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import { Dialogs } from './Dialogs';
import { estimateRun, runLabel } from './runEstimate';
import { Toolbar } from './Toolbar';
import { fakeHost, pricedGraph, registry, renderStudio } from './appTestKit';

afterEach(cleanup);

const label = (build: (g: ReturnType<typeof testGraph>) => void): string => {
  const g = testGraph();
  build(g);
  return runLabel('Run', estimateRun(g.doc(), registry));
};

describe('run button estimate', () => {
  it('shows the known total', () => {
    expect(label((g) => [g.model(MODELS.runflowProEdit), g.model(MODELS.runflowProEdit)])).toBe(
      'Run · $0.30',
    );
  });

  it('adds the count of nodes whose price is unknown', () => {
    const text = label((g) => {
      g.model(MODELS.runflowProEdit);
      g.model(MODELS.proEdit);
      g.model(MODELS.nb2Edit);
    });
    expect(text).toBe('Run · $0.15 + 2 unknown');
  });

  it('says the price is unknown when no part of it is known', () => {
    expect(label((g) => g.model(MODELS.proTextToImage))).toBe('Run · price unknown');
  });

  it('multiplies by num_images and leaves free nodes out', () => {
    expect(label((g) => [g.prompt(), g.model(MODELS.runflowProEdit, { num_images: 3 })])).toBe(
      'Run · $0.45',
    );
    expect(label((g) => g.prompt())).toBe('Run');
  });

  it('is on the toolbar buttons, for the whole graph and for the selection', () => {
    const doc = pricedGraph();
    const { studio } = renderStudio(<Toolbar />, { doc });
    expect(screen.getByTestId('btn-run').textContent).toBe('Run · $0.30');
    expect(screen.getByTestId('btn-run-selected')).toHaveProperty('disabled', true);
    // The first edit (n3) needs only itself and its inputs: one priced node.
    act(() => studio.graph.getState().setSelection([nodeId('n3')], []));
    expect(screen.getByTestId('btn-run-selected').textContent).toBe('Run to selected · $0.15');
  });
});

describe('budget confirmation', () => {
  const run = async (budgetUsd: number | null) => {
    const host = fakeHost();
    const harness = renderStudio(
      <>
        <Toolbar />
        <Dialogs />
      </>,
      { host, doc: pricedGraph(), settings: { budgetUsd } },
    );
    fireEvent.click(screen.getByTestId('btn-run'));
    return harness;
  };

  it('asks before a run estimated above the budget, and sends nothing when declined', async () => {
    const { host } = await run(0.2);
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('$0.30');
    expect(dialog.textContent).toContain('$0.20');
    fireEvent.click(screen.getByTestId('confirm-dialog-cancel'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(host.callsOf('run.start')).toHaveLength(0);
  });

  it('runs when the user confirms', async () => {
    const { host, studio } = await run(0.2);
    fireEvent.click(await screen.findByTestId('confirm-dialog-confirm'));
    await waitFor(() => expect(host.callsOf('run.start')).toHaveLength(1));
    await waitFor(() => expect(studio.run.getState().activeRunId).toBe('run-1'));
    expect(await screen.findByTestId('btn-cancel')).toBeTruthy();
  });

  it('does not ask at or below the budget, nor without one', async () => {
    for (const budget of [0.3, 5, null]) {
      const { host, unmount } = await run(budget);
      await waitFor(() => expect(host.callsOf('run.start')).toHaveLength(1));
      expect(screen.queryByTestId('confirm-dialog')).toBeNull();
      unmount();
    }
  });

  it('says plainly when part of the estimate is unknown', async () => {
    const g = testGraph();
    const p = g.prompt();
    const img = g.loadImage();
    for (const model of [MODELS.runflowProEdit, MODELS.proEdit]) {
      const m = g.model(model);
      g.connect(p, 'text', m, 'prompt');
      g.connect(img, 'image', m, 'image_urls');
    }
    renderStudio(
      <>
        <Toolbar />
        <Dialogs />
      </>,
      { doc: g.doc(), settings: { budgetUsd: 0.1 } },
    );
    expect(screen.getByTestId('btn-run').textContent).toBe('Run · $0.15 + 1 unknown');
    fireEvent.click(screen.getByTestId('btn-run'));
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog.textContent).toMatch(/1 node has no known price/);
  });
});

describe("the user's own prices", () => {
  const pro = 'model:runcomfy/google/nano-banana/pro/edit';
  /** The priced graph plus one RunComfy edit, which has no published price. */
  const withRunComfy = () => {
    const g = testGraph();
    const p = g.prompt();
    const img = g.loadImage();
    for (const model of [MODELS.runflowProEdit, MODELS.proEdit]) {
      const m = g.model(model);
      g.connect(p, 'text', m, 'prompt');
      g.connect(img, 'image', m, 'image_urls');
    }
    return g.doc();
  };

  it('count in the Run button, which says the total includes them', () => {
    renderStudio(<Toolbar />, { doc: withRunComfy(), settings: { modelPrices: { [pro]: 0.12 } } });
    expect(screen.getByTestId('btn-run').textContent).toBe('Run · $0.27 (incl. your prices)');
  });

  it('count in the budget check: a run over budget at your price asks first', async () => {
    const host = fakeHost();
    renderStudio(
      <>
        <Toolbar />
        <Dialogs />
      </>,
      { host, doc: withRunComfy(), settings: { budgetUsd: 0.2, modelPrices: { [pro]: 0.12 } } },
    );
    fireEvent.click(screen.getByTestId('btn-run'));
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('$0.27');
    fireEvent.click(screen.getByTestId('confirm-dialog-cancel'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(host.callsOf('run.start')).toHaveLength(0);
  });
});
