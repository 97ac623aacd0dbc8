import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { nodeId } from '../../shared/graph/ids';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import { StudioIssues as Issues } from './IssuesPanel';
import { Toolbar } from './Toolbar';
import { fakeHost, renderStudio } from './appTestKit';

afterEach(cleanup);

function invalidGraph() {
  const g = testGraph();
  g.model(MODELS.runflowProEdit); // n1: no prompt, no images
  g.prompt(''); // n2: empty prompt
  return g.doc();
}

describe('Run refuses an invalid graph', () => {
  it('lists the problems, sends nothing, and an entry shows its node', async () => {
    const host = fakeHost();
    const { studio } = renderStudio(
      <>
        <Toolbar />
        <Issues />
      </>,
      { host, doc: invalidGraph() },
    );
    const focusNode = vi.fn();
    studio.canvas.current = {
      fitView: vi.fn(),
      focusNode,
      screenToFlow: (p) => p,
      pointer: () => null,
      openPalette: vi.fn(),
    };

    fireEvent.click(screen.getByTestId('btn-run'));
    const panel = await screen.findByTestId('issues-panel');
    expect(panel.textContent).toMatch(/Cannot run/);
    const entries = within(panel).getAllByTestId('issue-entry');
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries.map((e) => e.getAttribute('data-node-id'))).toEqual(
      expect.arrayContaining(['n1', 'n2']),
    );
    expect(host.callsOf('run.start')).toHaveLength(0);

    expect(entries[0]!.textContent).toContain('Nano Banana Pro Edit (Runflow) ·');
    expect(entries[0]!.textContent).not.toContain('n1');
    fireEvent.click(entries.find((e) => e.getAttribute('data-node-id') === 'n2')!);
    expect(focusNode).toHaveBeenCalledWith('n2');
    expect(studio.graph.getState().selectedNodeIds).toEqual(['n2']);
  });

  it('re-checks as the graph is edited', async () => {
    const { studio } = renderStudio(
      <>
        <Toolbar />
        <Issues />
      </>,
      { doc: invalidGraph() },
    );
    fireEvent.click(screen.getByTestId('btn-run'));
    await screen.findByTestId('issues-panel');
    const before = screen.getAllByTestId('issue-entry').length;
    act(() =>
      studio.graph.getState().dispatch({
        type: 'setParam',
        nodeId: nodeId('n2'),
        key: 'text',
        value: 'a cat',
      }),
    );
    expect(screen.getAllByTestId('issue-entry')).toHaveLength(before - 1);
    act(() =>
      studio.graph
        .getState()
        .dispatch({ type: 'removeElements', nodeIds: [nodeId('n1')], edgeIds: [] }),
    );
    expect(screen.queryAllByTestId('issue-entry')).toHaveLength(0);
    expect(screen.getByTestId('issues-panel').textContent).toMatch(/No problems left/);
    // Good news is not drawn as an error.
    expect(screen.getByText(/No problems left/).className).toBe('is-clear');
  });

  it('shows the host refusing a run the same way', async () => {
    const g = testGraph();
    g.prompt('a cat');
    const host = fakeHost({
      'run.start': () => ({
        ok: false,
        message: 'no API key for Runflow',
        issues: [{ nodeId: 'n1', code: 'auth', severity: 'error', message: 'set the key' }],
      }),
    });
    const { studio } = renderStudio(
      <>
        <Toolbar />
        <Issues />
      </>,
      { host, doc: g.doc() },
    );
    fireEvent.click(screen.getByTestId('btn-run'));
    const panel = await screen.findByTestId('issues-panel');
    expect(panel.textContent).toContain('no API key for Runflow');
    expect(panel.textContent).toContain('set the key');
    await waitFor(() => expect(host.callsOf('run.start')).toHaveLength(1));
    expect(studio.run.getState().activeRunId).toBeNull();
  });

  it('checks only what a run to the selected node needs', async () => {
    const g = testGraph();
    const p = g.prompt('a cat');
    const t2i = g.model(MODELS.proTextToImage);
    g.connect(p, 'text', t2i, 'prompt');
    g.model(MODELS.runflowProEdit); // n3: broken, but not upstream of n2
    const host = fakeHost();
    const { studio } = renderStudio(<Toolbar />, { host, doc: g.doc() });
    studio.graph.getState().setSelection([t2i], []);
    await studio.controller.runs.runSelected();
    expect(host.callsOf('run.start')).toEqual([expect.objectContaining({ targets: [t2i] })]);
  });
});
