import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { CallOutput } from '../../../shared/contract/hostApi';
import { MODELS, modelType, testGraph } from '../../../shared/testing/testGraph';
import { Dialogs } from '../Dialogs';
import { Notices } from '../Notices';
import { Toolbar } from '../Toolbar';
import { fakeHost, renderStudio } from '../appTestKit';
import { HistoryPanel } from './HistoryPanel';

/**
 * Test kit for the HistoryPanel tests: two finished runs ("old", "new") in a fake
 * host that lists, searches, favourites and deletes them as the real one does.
 */

export type RunRecord = CallOutput<'history.get'>;

export const img = (c: string) => ({
  hash: c.repeat(64),
  mimeType: 'image/png',
  width: 8,
  height: 8,
  bytes: 100,
});

export function runGraph() {
  const g = testGraph();
  const p = g.prompt('a teapot', { id: 'p' });
  const t2i = g.model(MODELS.proTextToImage, {}, { id: 't2i' });
  g.connect(p, 'text', t2i, 'prompt');
  return g.doc();
}

export function record(runId: string, startedAt: number, image: ReturnType<typeof img>): RunRecord {
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

export const RUNS = [record('old', 1_000_000, img('a')), record('new', 2_000_000, img('b'))];
export const listItem = ({ graph: _g, nodes: _n, ...item }: RunRecord) => item;

export function setup(doc = runGraph(), runs: RunRecord[] = [...RUNS]) {
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

export async function openRun(runId: string) {
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
