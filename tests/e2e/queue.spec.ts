import { expect, test } from './fixtures';
import { guideShot } from './guideShots';
import { Studio } from './studio';

// Jobs slow enough that two more runs can be queued while the first is still going.
test.use({ emulatorLatencyMs: 3000 });

test('Run during a run queues the graph as it is; a cancelled item never runs; the last one runs after the first', async ({
  app,
}, testInfo) => {
  const studio = new Studio(app);
  await studio.open('text-to-image-then-edit.nodeloom');
  const prompt = studio.widget('prompt', 'text');
  const run = app.getByTestId('btn-run');

  await prompt.fill('A quiet ceramics studio, first take marmalade');
  await run.click();
  await expect(app.getByTestId('btn-cancel')).toBeVisible();

  // While it runs the button queues, and the queue keeps each graph as it was then.
  await expect(run).toHaveText(/^Queue · /);
  await prompt.fill('A quiet ceramics studio, second take tangerine');
  await run.click();
  const panel = app.getByTestId('queue-panel');
  const items = panel.getByTestId('queue-item');
  await expect(items).toHaveCount(1);
  await prompt.fill('A quiet ceramics studio, third take vermilion');
  await run.click();
  await expect(items).toHaveCount(2);
  await expect(app.getByTestId('run-status-queued')).toHaveText('2 queued');
  await expect(items.nth(0)).toHaveAttribute('data-state', 'waiting');
  await expect(items.nth(0).getByTestId('queue-item-facts')).toHaveText(/^4 nodes · 2 jobs/);
  await expect(items.nth(0)).toContainText('text-to-image-then-edit');
  await expect(items.getByTestId('queue-item-prompt')).toHaveText([
    'A quiet ceramics studio, second take tangerine',
    'A quiet ceramics studio, third take vermilion',
  ]);
  await guideShot(app, 'queue', testInfo.outputDir);

  // Cancel the middle run (the first of the two waiting).
  const middle = await items.nth(0).getAttribute('data-item-id');
  await items.nth(0).getByTestId('queue-cancel').click();
  await expect(items).toHaveCount(1);
  await expect(panel.locator(`[data-item-id="${middle}"]`)).toHaveCount(0);
  await expect(app.getByTestId('run-status-queued')).toHaveText('1 queued');

  // The first run ends; the last one starts by itself, in this tab, and ends too.
  const last = items.nth(0);
  await expect(last).toHaveAttribute('data-state', 'running', { timeout: 60_000 });
  await expect(app.getByTestId('btn-cancel')).toBeVisible();
  await expect(items).toHaveCount(0, { timeout: 60_000 });
  for (const id of ['studio', 'rainy-evening'])
    await expect(studio.status(id)).toContainText('Done', { timeout: 30_000 });

  // Two runs in the history, in order: the cancelled one was never sent.
  await app.getByTestId('btn-history').click();
  const history = app.getByTestId('history-panel');
  const runs = history.getByTestId('history-run');
  await expect(runs).toHaveCount(2);
  await expect(history.locator('[data-status=succeeded]')).toHaveCount(2);
  const search = history.getByTestId('history-search');
  for (const [word, count] of [
    ['tangerine', 0],
    ['vermilion', 1],
    ['marmalade', 1],
  ] as const) {
    await search.fill(word);
    await expect(runs).toHaveCount(count);
  }
  await search.fill('');
  // Newest first: the last queued run ran after the first.
  await expect(runs).toHaveCount(2);
  await runs.nth(0).click();
  await expect(history.getByTestId('history-details')).toContainText('vermilion');
});
