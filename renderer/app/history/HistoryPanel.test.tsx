import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../../shared/contract/hostApi';
import { MODELS, modelType, testGraph } from '../../../shared/testing/testGraph';
import { Dialogs } from '../Dialogs';
import { Notices } from '../Notices';
import { Toolbar } from '../Toolbar';
import { fakeHost, renderStudio } from '../appTestKit';
import { deleteRuns } from './historyActions';
import { HistoryPanel } from './HistoryPanel';

afterEach(cleanup);

type RunRecord = CallOutput<'history.get'>;

const img = (c: string) => ({
  hash: c.repeat(64),
  mimeType: 'image/png',
  width: 8,
  height: 8,
  bytes: 100,
});

function runGraph() {
  const g = testGraph();
  const p = g.prompt('a teapot', { id: 'p' });
  const t2i = g.model(MODELS.proTextToImage, {}, { id: 't2i' });
  g.connect(p, 'text', t2i, 'prompt');
  return g.doc();
}

function record(runId: string, startedAt: number, image: ReturnType<typeof img>): RunRecord {
  return {
    runId,
    startedAt,
    finishedAt: startedAt + 5000,
    status: 'succeeded',
    workflowName: `wf-${runId}`,
    workflowPath: null,
    nodeCount: 2,
    images: [image],
    actualUsd: 0.15,
    graph: runGraph(),
    nodes: [
      { nodeId: 'p', type: 'prompt', state: 'done', images: [] },
      {
        nodeId: 't2i',
        type: modelType(MODELS.proTextToImage),
        state: 'done',
        provider: 'runcomfy',
        endpoint: 'google/nano-banana/pro/text-to-image',
        params: { prompt: 'a teapot', aspect_ratio: '1:1' },
        requestId: `req-${runId}`,
        images: [image],
        costUsd: 0.15,
        durationMs: 4200,
      },
    ],
  };
}

const RUNS = [record('old', 1_000_000, img('a')), record('new', 2_000_000, img('b'))];
const listItem = ({ graph: _g, nodes: _n, ...item }: RunRecord) => item;

function setup(doc = runGraph(), runs: RunRecord[] = [...RUNS]) {
  const favourites = new Set<string>();
  const host = fakeHost({
    // As the host: the query's words are looked for (here only in the workflow's name).
    'history.list': ({ limit, text }) => {
      const matching = [...runs]
        .filter((r) => !text || (r.workflowName ?? '').includes(text))
        .sort((x, y) => y.startedAt - x.startedAt);
      return {
        runs: matching.slice(0, limit).map(listItem),
        total: matching.length,
        capped: false,
      };
    },
    'history.gallery': ({ favourite }) => {
      const images = [...runs]
        .sort((x, y) => y.startedAt - x.startedAt)
        .flatMap((r) =>
          r.images.map((image, position) => ({
            ...image,
            runId: r.runId,
            nodeId: 't2i',
            position,
            startedAt: r.startedAt,
            favourite: favourites.has(image.hash),
          })),
        )
        .filter((i) => !favourite || i.favourite);
      return { images, total: images.length, capped: false };
    },
    'history.favourite': ({ hash, favourite }) => {
      if (favourite) favourites.add(hash);
      else favourites.delete(hash);
      return { ok: true };
    },
    'history.collect': ({ dryRun }) => ({
      dryRun,
      images: 3,
      bytes: 4_500_000,
      cachedResults: 1,
      kept: 7,
    }),
    'history.get': ({ runId }) => {
      const r = runs.find((x) => x.runId === runId);
      if (!r) throw new Error('no such run');
      return r;
    },
    'history.export': ({ runId }) => ({ files: [`/work/outputs/${runId}_t2i_01.png`] }),
    // As the host: a run in progress is not deleted.
    'history.delete': ({ runIds }) => {
      const deleted = runIds.filter((id) =>
        runs.some((r) => r.runId === id && r.status !== 'running'),
      );
      runs.splice(0, runs.length, ...runs.filter((r) => !deleted.includes(r.runId)));
      return { deleted };
    },
  });
  const harness = renderStudio(
    <>
      <Toolbar />
      <Notices />
      <HistoryPanel />
      <Dialogs />
    </>,
    { host, doc },
  );
  return harness;
}

async function openRun(runId: string) {
  if (!screen.queryByTestId('history-panel')) fireEvent.click(screen.getByTestId('btn-history'));
  await screen.findByTestId('history-panel');
  const card = await waitFor(() => {
    const el = document.querySelector(`[data-testid=history-run][data-run-id="${runId}"]`);
    if (!el) throw new Error('not listed yet');
    return el as HTMLElement;
  });
  fireEvent.click(card);
  return screen.findByTestId('history-details');
}

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

describe('HistoryPanel: deleting a run', () => {
  const listed = () =>
    screen.getAllByTestId('history-run').map((c) => c.getAttribute('data-run-id'));

  it('asks first, saying the images stay in the result cache; then the run leaves the gallery', async () => {
    const { host } = setup();
    const details = await openRun('old');
    fireEvent.click(within(details).getByTestId('history-delete'));
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('Delete this run?');
    expect(dialog.textContent).toContain('wf-old');
    expect(dialog.textContent).toMatch(/image stays in the result cache/);
    expect(host.callsOf('history.delete')).toEqual([]);

    fireEvent.click(within(dialog).getByTestId('confirm-dialog-confirm'));
    await waitFor(() => expect(host.callsOf('history.delete')).toEqual([{ runIds: ['old'] }]));
    // Back to the gallery, without the deleted run.
    await waitFor(() => expect(screen.queryByTestId('history-details')).toBeNull());
    await waitFor(() => expect(listed()).toEqual(['new']));
    expect(screen.getByTestId('notice-info').textContent).toMatch(
      /Deleted the run; its images stay in the result cache/,
    );
    // The list was read again from the host, which no longer has it.
    const lists = host.callsOf('history.list').length;
    fireEvent.click(screen.getByText('Refresh'));
    await waitFor(() => expect(host.callsOf('history.list').length).toBe(lists + 1));
    expect(listed()).toEqual(['new']);
  });

  it('deletes nothing when the user cancels', async () => {
    const { host } = setup();
    const details = await openRun('new');
    fireEvent.click(within(details).getByTestId('history-delete'));
    fireEvent.click(await screen.findByTestId('confirm-dialog-cancel'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(host.callsOf('history.delete')).toEqual([]);
    expect(screen.getByTestId('history-details').getAttribute('data-run-id')).toBe('new');
  });

  it('cannot delete a run in progress: the button is off, and a refusal is said', async () => {
    const running: RunRecord = { ...record('live', 3_000_000, img('c')), status: 'running' };
    const { host, studio } = setup(runGraph(), [...RUNS, running]);
    const details = await openRun('live');
    const button = within(details).getByTestId('history-delete') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.title).toMatch(/in progress cannot be deleted/);

    // Should the run start again between the look and the click, the host says no.
    const deps = { host, ui: studio.ui };
    const result = deleteRuns(deps, [running]);
    fireEvent.click(await screen.findByTestId('confirm-dialog-confirm'));
    expect(await result).toEqual([]);
    expect(screen.getByTestId('notice-warning').textContent).toMatch(
      /not deleted: a run still in progress cannot be deleted/,
    );
  });

  it('says so when the host cannot delete', async () => {
    const { host, studio } = setup();
    const failing = {
      ...host,
      call: (() => Promise.reject(new Error('disk is read-only'))) as typeof host.call,
    };
    const result = deleteRuns({ host: failing, ui: studio.ui }, [listItem(RUNS[0]!)]);
    fireEvent.click(await screen.findByTestId('confirm-dialog-confirm'));
    expect(await result).toEqual([]);
    expect(screen.getByTestId('notice-error').textContent).toMatch(
      /Could not delete: disk is read-only/,
    );
  });
});
