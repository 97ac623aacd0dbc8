import { expect, test } from './fixtures';
import { Studio } from './studio';

test('a 2 × 2 combination run is priced before it runs and lands on the variant board with its labels', async ({
  app,
}) => {
  const studio = new Studio(app);
  await studio.open('text-to-image-then-edit.nodeloom');

  // Two alternatives in the prompt, two aspect ratios swept on the text-to-image.
  await studio
    .widget('prompt', 'text')
    .fill('A ceramic fox on a potter’s wheel, {red|blue} glaze, soft window light');
  await app.getByTestId('sweep-toggle-studio').check();
  await app.getByTestId('sweep-param-studio').selectOption('aspect_ratio');
  await app.getByTestId('sweep-values-studio').fill('1:1, 16:9');
  await app.getByTestId('sweep-values-studio').press('Enter');

  // Priced before it runs: 4 combinations × 2 models, then × 2 variants.
  const run = app.getByTestId('btn-run');
  await expect(run).toContainText('8 jobs');
  await app.getByTestId('run-variants').fill('2');
  await expect(run).toContainText('Run ×2 · 16 jobs');
  await app.getByTestId('run-variants').fill('1');
  await expect(run).toContainText('Run · 8 jobs');

  await run.click();
  const board = app.getByTestId('variant-board');
  await expect(board).toBeVisible({ timeout: 30_000 });
  // The edit (the end of the chain) first: rows by glaze, columns by aspect ratio.
  await expect(board.getByTestId('board-cell')).toHaveCount(4, { timeout: 30_000 });
  await expect(board.getByTestId('board-row-title')).toHaveText(['red', 'blue']);
  await expect(board.getByTestId('board-column-title')).toHaveText([
    'aspect_ratio 1:1',
    'aspect_ratio 16:9',
  ]);
  await expect(board.getByTestId('board-label')).toContainText([
    'red · aspect_ratio 1:1',
    'red · aspect_ratio 16:9',
    'blue · aspect_ratio 1:1',
    'blue · aspect_ratio 16:9',
  ]);
  await expect
    .poll(() =>
      board
        .locator('img')
        .evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0)),
    )
    .toBe(true);
  await board.screenshot({ path: test.info().outputPath('variant-board.png') });

  // Pick two and compare them with the history's compare view.
  const cells = board.getByTestId('board-cell');
  await cells.nth(0).getByRole('button', { name: /^Pick/ }).click();
  await cells.nth(3).getByRole('button', { name: /^Pick/ }).click();
  await expect(board.getByTestId('board-status')).toHaveText('2 picked');
  await board.getByTestId('board-compare').click();
  await expect(app.getByTestId('compare-view')).toContainText('red · aspect_ratio 1:1');
  await expect(app.getByTestId('compare-view')).toContainText('blue · aspect_ratio 16:9');
  await app.getByTestId('compare-close').click();

  // Export the picks: two PNGs through the history's export.
  await board.getByTestId('board-export').click();
  await expect(board.getByTestId('board-status')).toContainText('Exported 2 images');

  // Favourite one, then send one to a new Load Image node.
  await cells
    .nth(0)
    .getByRole('button', { name: /^Favourite/ })
    .click();
  await expect(cells.nth(0).getByRole('button', { name: /^Favourite/ })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  // The star is the history's favourite: closed and opened again, the board still shows it.
  await board.getByRole('button', { name: 'Close', exact: true }).first().click();
  await expect(board).toBeHidden();
  await app.getByTestId('btn-board').click();
  await expect(cells.nth(0).getByRole('button', { name: /^Favourite/ })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(cells.nth(1).getByRole('button', { name: /^Favourite/ })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await cells.nth(3).getByRole('button', { name: /^Pick/ }).click();
  await board.getByTestId('board-load-image').click();
  await expect(board.getByTestId('board-status')).toContainText('Added a Load Image');
});
