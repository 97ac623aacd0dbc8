import { expect, test } from './fixtures';
import { Studio } from './studio';

test('a run is kept in the history across a host restart: its images, and its graph reopens', async ({
  app,
  host,
}) => {
  const studio = new Studio(app);
  await studio.open('text-to-image-then-edit.nodeloom');
  await app.getByTestId('btn-run').click();
  for (const id of ['studio', 'rainy-evening']) {
    await expect(studio.status(id)).toContainText('Done', { timeout: 30_000 });
  }

  // The finished run is in the history before the host goes away.
  await app.getByTestId('btn-history').click();
  const panel = app.getByTestId('history-panel');
  await expect(panel.locator('[data-testid=history-run][data-status=succeeded]')).toHaveCount(1);
  const runId = await panel.getByTestId('history-run').first().getAttribute('data-run-id');
  expect(runId).toBeTruthy();

  // Restart the host on the same data folder and load the page again.
  const next = await host.restart();
  await app.goto(next.url);
  await expect(app.locator('.react-flow')).toBeVisible();
  await expect(studio.nodes()).toHaveCount(0);

  await app.getByTestId('btn-history').click();
  const run = app.locator(`[data-testid=history-run][data-run-id="${runId}"]`);
  await expect(run).toBeVisible();
  await expect(run).toHaveAttribute('data-status', 'succeeded');
  await expect(run).toContainText('text-to-image-then-edit');
  // Both models' images, served from the content-addressed store by the new host.
  const thumbs = run.locator('img');
  await expect(thumbs).toHaveCount(2);
  await expect
    .poll(() =>
      thumbs.evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0)),
    )
    .toBe(true);
  // The gallery shows the host's small thumbnails, never the full images.
  const loaded = await thumbs.evaluateAll((imgs) =>
    imgs.map((i) => {
      const img = i as HTMLImageElement;
      return { src: img.src, side: Math.max(img.naturalWidth, img.naturalHeight) };
    }),
  );
  for (const t of loaded) {
    expect(t.src).toMatch(/\/api\/thumb\/[a-f0-9]{64}\?size=128$/);
    expect(t.side).toBeLessThanOrEqual(128);
  }

  await run.click();
  const details = app.getByTestId('history-details');
  for (const id of ['studio', 'rainy-evening']) {
    const node = details.locator(`[data-testid=history-node][data-node-id="${id}"]`);
    await expect(node.getByTestId('history-image')).toHaveCount(1);
    await expect(node).toContainText('request');
  }

  await details.getByTestId('history-open-graph').click();
  await studio.fitView();
  await expect(studio.nodes()).toHaveCount(4);
  await expect(studio.edges()).toHaveCount(3);
  expect((await studio.nodeIds()).sort()).toEqual(
    ['preview', 'prompt', 'rainy-evening', 'studio'].sort(),
  );
  await expect(app.getByTestId('notice-info').first()).toContainText('as a new workflow');
});

test('a deleted run is gone after a host restart; its images stay for the runs that share them', async ({
  app,
  host,
}) => {
  const studio = new Studio(app);
  await studio.open('text-to-image-then-edit.nodeloom');
  // Two runs: the first pays for the images, the second reuses them from the cache.
  await app.getByTestId('btn-run').click();
  for (const id of ['studio', 'rainy-evening'])
    await expect(studio.status(id)).toContainText('Done', { timeout: 30_000 });
  await app.getByTestId('btn-run').click();
  for (const id of ['studio', 'rainy-evening'])
    await expect(studio.status(id)).toContainText('Cached', { timeout: 30_000 });

  await app.getByTestId('btn-history').click();
  const panel = app.getByTestId('history-panel');
  const cards = panel.locator('[data-testid=history-run][data-status=succeeded]');
  await expect(cards).toHaveCount(2);
  const [kept, paid] = await cards.evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-run-id')!),
  );

  // Delete the older run: asked first, told the images stay.
  await panel.locator(`[data-testid=history-run][data-run-id="${paid}"]`).click();
  await panel.getByTestId('history-delete').click();
  const question = app.getByTestId('confirm-dialog');
  await expect(question).toContainText('Delete this run?');
  await expect(question).toContainText('stay in the result cache');
  await app.getByTestId('confirm-dialog-confirm').click();
  await expect(panel.getByTestId('history-details')).toHaveCount(0);
  await expect(panel.getByTestId('history-run')).toHaveCount(1);
  await expect(panel.getByTestId('history-run')).toHaveAttribute('data-run-id', kept!);

  const next = await host.restart();
  await app.goto(next.url);
  await expect(app.locator('.react-flow')).toBeVisible();
  await app.getByTestId('btn-history').click();
  const runs = app.getByTestId('history-run');
  await expect(runs).toHaveCount(1);
  await expect(runs).toHaveAttribute('data-run-id', kept!);
  await expect(app.locator(`[data-testid=history-run][data-run-id="${paid}"]`)).toHaveCount(0);
  // The images the deleted run paid for are still there: the other run shows them.
  const thumbs = runs.locator('img');
  await expect(thumbs).toHaveCount(2);
  await expect
    .poll(() =>
      thumbs.evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0)),
    )
    .toBe(true);
});
