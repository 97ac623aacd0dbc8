import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { testGraph } from '../../../shared/testing/testGraph';
import { RUNS, img, openRun, record, runGraph, setup } from './historyTestKit';
import type { RunRecord } from './historyTestKit';

afterEach(cleanup);

describe('HistoryPanel', () => {
  it('toggles from the toolbar and lists runs newest first with thumbnails, status, cost, name', async () => {
    setup();
    expect(screen.queryByTestId('history-panel')).toBeNull();
    fireEvent.click(screen.getByTestId('btn-history'));
    const panel = await screen.findByTestId('history-panel');
    await waitFor(() => expect(within(panel).getAllByTestId('history-run')).toHaveLength(2));
    const cards = within(panel).getAllByTestId('history-run');
    expect(cards.map((c) => c.getAttribute('data-run-id'))).toEqual(['new', 'old']);
    expect(cards[0]!.textContent).toContain('wf-new');
    expect(cards[0]!.textContent).toContain('Succeeded');
    expect(cards[0]!.textContent).toContain('$0.15');
    // Gallery thumbnails are the host's small copies (36 px boxes: 128), never full images.
    const thumb = cards[0]!.querySelector('img')!;
    expect(thumb.getAttribute('src')).toBe(
      `http://127.0.0.1:9/api/thumb/${'b'.repeat(64)}?size=128`,
    );
    expect(thumb.getAttribute('loading')).toBe('lazy');
    expect(thumb.getAttribute('decoding')).toBe('async');
    expect(thumb.getAttribute('width')).toBe('36');
    expect(thumb.getAttribute('height')).toBe('36');
    fireEvent.click(screen.getByTestId('btn-history'));
    expect(screen.queryByTestId('history-panel')).toBeNull();
  });

  it('says "cost not reported" for a run and a node whose provider reported no cost, never $0.00', async () => {
    const base = record('nocost', 3_000_000, img('c'));
    const { costUsd: _c, ...t2i } = base.nodes[1]!;
    const unreported: RunRecord = {
      ...base,
      actualUsd: 0,
      jobCount: 1,
      jobsWithoutCost: 1,
      nodes: [base.nodes[0]!, { ...t2i, sentJob: true }],
    };
    setup(runGraph(), [unreported]);
    fireEvent.click(screen.getByTestId('btn-history'));
    const cost = await screen.findByTestId('history-run-cost');
    expect(cost.textContent).toBe('cost not reported');
    const details = await openRun('nocost');
    expect(details.textContent).toContain('cost not reported');
    expect(within(details).getByTestId('history-node').textContent).toContain('cost not reported');
    expect(details.textContent).not.toContain('$0.00');
  });

  it('searches the history as the user types, and says how many runs match', async () => {
    const { host } = setup();
    fireEvent.click(screen.getByTestId('btn-history'));
    await waitFor(() => expect(screen.getAllByTestId('history-run')).toHaveLength(2));
    fireEvent.change(screen.getByTestId('history-search'), { target: { value: 'wf-old' } });
    await waitFor(() => expect(screen.getAllByTestId('history-run')).toHaveLength(1));
    expect(screen.getByTestId('history-run').getAttribute('data-run-id')).toBe('old');
    expect(screen.getByTestId('history-count').textContent).toBe('1 run matches');
    expect(host.callsOf('history.list').at(-1)).toMatchObject({ text: 'wf-old' });
    fireEvent.change(screen.getByTestId('history-filter-status'), {
      target: { value: 'failed' },
    });
    await waitFor(() =>
      expect(host.callsOf('history.list').at(-1)).toMatchObject({
        text: 'wf-old',
        status: 'failed',
      }),
    );
    // Emptied, a field is no filter at all.
    fireEvent.change(screen.getByTestId('history-search'), { target: { value: '' } });
    await waitFor(() => expect(host.callsOf('history.list').at(-1)).not.toHaveProperty('text'));
  });

  it('shows every image across runs; a star makes one a favourite, and the filter finds it', async () => {
    const { host } = setup();
    fireEvent.click(screen.getByTestId('btn-history'));
    fireEvent.click(await screen.findByTestId('history-view-images'));
    await waitFor(() => expect(screen.getAllByTestId('history-gallery-image')).toHaveLength(2));
    const stars = screen.getAllByTestId('history-favourite');
    fireEvent.click(stars[1]!);
    await waitFor(() => expect(stars[1]!.getAttribute('aria-pressed')).toBe('true'));
    expect(host.callsOf('history.favourite')).toEqual([{ hash: 'a'.repeat(64), favourite: true }]);
    fireEvent.click(screen.getByTestId('history-filter-favourite'));
    await waitFor(() => expect(screen.getAllByTestId('history-gallery-image')).toHaveLength(1));
    // An image opens the run it came from.
    fireEvent.click(screen.getByTestId('history-gallery-image'));
    expect(await screen.findByTestId('history-details')).toBeTruthy();
  });

  it('frees disk space only after saying what goes and what it costs, then removes it', async () => {
    const { host } = setup();
    fireEvent.click(screen.getByTestId('btn-history'));
    fireEvent.click(await screen.findByTestId('history-free-space'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toMatch(/3 stored images are no longer named/);
    expect(dialog.textContent).toMatch(/4\.5 MB/);
    expect(dialog.textContent).toMatch(/will send and bill it again/);
    expect(host.callsOf('history.collect')).toEqual([{ dryRun: true, keep: [] }]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove 3 images' }));
    await waitFor(() => expect(host.callsOf('history.collect')).toHaveLength(2));
    expect(host.callsOf('history.collect')[1]).toEqual({ dryRun: false, keep: [] });
    expect(await screen.findByText(/Removed 3 unused images/)).toBeTruthy();
  });

  it('refreshes the list when a run finishes', async () => {
    const { host } = setup();
    fireEvent.click(screen.getByTestId('btn-history'));
    await waitFor(() => expect(screen.getAllByTestId('history-run')).toHaveLength(2));
    const before = host.callsOf('history.list').length;
    act(() =>
      host.emit('run.event', {
        type: 'run-finished',
        runId: 'x',
        at: 1,
        status: 'succeeded',
        counts: {},
        actualUsd: 0,
        jobCount: 0,
        jobsWithoutCost: 0,
        durationMs: 1,
      }),
    );
    await waitFor(() => expect(host.callsOf('history.list').length).toBe(before + 1));
  });

  it('refreshes the list when the host says records changed (a run completed after a restart, a deletion)', async () => {
    const { host } = setup();
    fireEvent.click(screen.getByTestId('btn-history'));
    await waitFor(() => expect(screen.getAllByTestId('history-run')).toHaveLength(2));
    const before = host.callsOf('history.list').length;
    act(() => host.emit('history.changed', { runIds: ['x'] }));
    await waitFor(() => expect(host.callsOf('history.list').length).toBe(before + 1));
  });

  it('shows a run per node: images, params as sent, request id; opens its graph as a new document', async () => {
    const { studio } = setup();
    studio.graph.getState().load(testGraph().doc(), '/work/other.nodeloom');
    const details = await openRun('old');
    const node = within(details).getByTestId('history-node');
    expect(node.getAttribute('data-node-id')).toBe('t2i');
    expect(node.textContent).toContain('req-old');
    expect(node.textContent).toContain('"aspect_ratio": "1:1"');
    const image = within(node).getByTestId('history-image');
    expect(image.getAttribute('data-hash')).toBe('a'.repeat(64));
    // A 160 px box at a pixel ratio of 1: the 256 px thumbnail.
    expect(image.getAttribute('src')).toBe(
      `http://127.0.0.1:9/api/thumb/${'a'.repeat(64)}?size=256`,
    );
    expect(image.getAttribute('loading')).toBe('lazy');
    expect(image.getAttribute('decoding')).toBe('async');
    expect(image.getAttribute('width')).toBe('160');
    fireEvent.click(within(details).getByTestId('history-open-graph'));
    await waitFor(() => expect(studio.graph.getState().doc.nodes).toHaveLength(2));
    expect(studio.graph.getState().filePath).toBeNull();
    expect(studio.graph.getState().doc).toEqual(RUNS[0]!.graph);
  });

  it('pins an output on the node with the same id (undoable), and unpins it', async () => {
    const { studio } = setup();
    const details = await openRun('new');
    fireEvent.click(within(details).getByTestId('history-pin'));
    const pinned = studio.graph.getState().doc.nodes.find((n) => n.id === 't2i')!.pinned;
    expect(pinned).toEqual({ images: [img('b')], runId: 'new', requestId: 'req-new' });
    expect(await screen.findByTestId('history-unpin')).toBeTruthy();
    expect(screen.getByTestId('notice-info').textContent).toMatch(
      /Pinned Nano Banana Pro \(RunComfy\): runs reuse/,
    );
    act(() => studio.graph.getState().undo());
    expect(studio.graph.getState().doc.nodes.find((n) => n.id === 't2i')!.pinned).toBeUndefined();
    act(() => studio.graph.getState().redo());
    fireEvent.click(screen.getByTestId('history-unpin'));
    expect(studio.graph.getState().doc.nodes.find((n) => n.id === 't2i')!.pinned).toBeUndefined();
  });

  it('says why it cannot pin when the open document has no such node', async () => {
    const { studio } = setup(testGraph().doc());
    const details = await openRun('new');
    fireEvent.click(within(details).getByTestId('history-pin'));
    expect(screen.getByTestId('notice-warning').textContent).toMatch(
      /Not pinned: the open workflow no longer has Nano Banana Pro \(RunComfy\)/,
    );
    expect(studio.graph.getState().doc.nodes).toHaveLength(0);
  });

  it('exports PNGs and lists where they went', async () => {
    const { host } = setup();
    const details = await openRun('new');
    fireEvent.click(within(details).getByTestId('history-export'));
    await waitFor(() =>
      expect(screen.getByTestId('notice-info').textContent).toContain('Exported 1 image'),
    );
    expect(screen.getByTestId('notice-info').textContent).toContain('/work/outputs/new_t2i_01.png');
    expect(host.callsOf('history.export')).toEqual([{ runId: 'new' }]);
  });

  it('compares two images from different runs, with a slider and side by side', async () => {
    setup();
    let details = await openRun('new');
    fireEvent.click(within(details).getByTestId('history-compare-pick'));
    fireEvent.click(screen.getByText('← All runs'));
    details = await openRun('old');
    fireEvent.click(within(details).getByTestId('history-compare-pick'));
    // The picks in the compare bar are thumbnails...
    const bar = screen.getByTestId('history-compare-bar');
    const picked = [...bar.querySelectorAll(':scope > img')].map((i) => i.getAttribute('src'));
    expect(picked).toEqual([
      `http://127.0.0.1:9/api/thumb/${'b'.repeat(64)}?size=128`,
      `http://127.0.0.1:9/api/thumb/${'a'.repeat(64)}?size=128`,
    ]);
    fireEvent.click(screen.getByTestId('history-compare-open'));
    const view = screen.getByTestId('compare-view');
    const slider = within(view).getByTestId('compare-slider');
    expect(slider.getAttribute('aria-valuenow')).toBe('50');
    // ...the compare view shows the full images.
    const full = (h: string) => `http://127.0.0.1:9/api/blob/${h.repeat(64)}`;
    const srcs = [...view.querySelectorAll('img')].map((i) => i.getAttribute('src'));
    expect(srcs.sort()).toEqual([full('a'), full('b')]);
    fireEvent.click(within(view).getByTestId('compare-mode-split'));
    const split = within(view).getByTestId('compare-split').querySelectorAll('img');
    expect([...split].map((i) => i.getAttribute('src')).sort()).toEqual([full('a'), full('b')]);
    fireEvent.keyDown(view, { key: 'Escape' });
    expect(screen.queryByTestId('compare-view')).toBeNull();
  });

  it('File > Export Outputs exports the latest run', async () => {
    const { host, studio } = setup();
    act(() => studio.controller.execute('file.exportOutputs'));
    await waitFor(() => expect(host.callsOf('history.export')).toEqual([{ runId: 'new' }]));
    await screen.findByText(/Exported 1 image/);
  });
});
