import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { Studio } from './studio';

/**
 * Cross-feature flows an artist goes through after the merges: templates with takes
 * and the queue, alternatives with a sweep, components with modes and groups, and
 * the wire menu. Each test proves features working together, not one alone.
 */

const EXAMPLE = 'text-to-image-then-edit.nodeloom';

/** Clicks a node's title bar; with `add`, adds it to the selection. */
async function clickTitle(page: Page, studio: Studio, id: string, add = false): Promise<void> {
  await studio
    .node(id)
    .locator('.nl-node__title')
    .click({ position: { x: 8, y: 8 }, ...(add ? { modifiers: ['Shift' as const] } : {}) });
}

test.describe('with slow jobs', () => {
  test.use({ emulatorLatencyMs: 3000 });

  test('a template run ×2: Run during it queues the same graph, which is served from the cache; the board opens when the runs end, as v1 and v2', async ({
    app,
  }) => {
    const studio = new Studio(app);
    await app.getByTestId('template-text-to-image-then-edit').click();
    await expect(studio.nodes()).toHaveCount(4);
    const run = app.getByTestId('btn-run');
    await app.getByTestId('run-variants').fill('2');
    await expect(run).toHaveText(/^Run ×2 · 4 jobs/);
    await run.click();
    await expect(run).toHaveText(/^Queue ×2 · 4 jobs/);
    // Nothing covers Run while the run goes: pressing it again queues the graph as it is.
    await run.click();
    const board = app.getByTestId('variant-board');
    const items = app.getByTestId('queue-panel').getByTestId('queue-item');
    await expect(items).toHaveCount(1);
    await expect(items.first().getByTestId('queue-item-facts')).toHaveText(/^4 nodes · 4 jobs/);

    await expect(items).toHaveCount(0, { timeout: 60_000 });
    // The queued graph was the same: its takes come from the cache, not sent again.
    await expect(studio.status('rainy-evening')).toContainText('Cached', { timeout: 30_000 });
    await expect(board.getByTestId('board-cell')).toHaveCount(2);
    await expect(board.getByTestId('board-label')).toContainText(['v1', 'v2']);
  });
});

test('{red|blue} fox with the model swept over three aspect ratios: the Run button counts 12 jobs (24 at ×2) and the board has a row per colour and a column per ratio', async ({
  app,
}) => {
  const studio = new Studio(app);
  await studio.open(EXAMPLE);
  await studio.widget('prompt', 'text').fill('{red|blue} fox');
  const run = app.getByTestId('btn-run');
  await expect(run).toHaveText(/^Run · 4 jobs/);
  await app.getByTestId('sweep-toggle-studio').check();
  await app.getByTestId('sweep-param-studio').selectOption('aspect_ratio');
  await app.getByTestId('sweep-values-studio').fill('1:1, 16:9, 9:16');
  await app.getByTestId('sweep-values-studio').press('Enter');
  await expect(run).toHaveText(/^Run · 12 jobs/);
  await app.getByTestId('run-variants').fill('2');
  await expect(run).toHaveText(/^Run ×2 · 24 jobs/);
  await app.getByTestId('run-variants').fill('1');
  await expect(run).toHaveText(/^Run · 12 jobs/);

  await run.click();
  const board = app.getByTestId('variant-board');
  await expect(board.getByTestId('board-cell')).toHaveCount(6, { timeout: 60_000 });
  await expect(board.getByTestId('board-row-title')).toHaveText(['red', 'blue']);
  await expect(board.getByTestId('board-column-title')).toHaveText([
    'aspect_ratio 1:1',
    'aspect_ratio 16:9',
    'aspect_ratio 9:16',
  ]);
  await expect(board.getByTestId('board-label').first()).toContainText('red · aspect_ratio 1:1');
  await expect(board.getByTestId('board-label').last()).toContainText('blue · aspect_ratio 9:16');
  await app.keyboard.press('Escape');
  await expect(board).toBeHidden();
  await studio.fitView();
  await expect(studio.node('preview')).toContainText('6 images');
});

test('a component made of the two models: muted it skips the preview naming the node inside; unmuted, run from inside, it is Done outside; grouped and collapsed, the group runs', async ({
  app,
}) => {
  const studio = new Studio(app);
  await studio.open(EXAMPLE);
  await studio.fitView();
  await clickTitle(app, studio, 'studio');
  await clickTitle(app, studio, 'rainy-evening', true);
  await app.keyboard.press('Control+Shift+E');
  await expect(studio.nodes()).toHaveCount(3);
  const [component] = (await studio.nodeIds()).filter((id) => !['prompt', 'preview'].includes(id));
  await studio.fitView();

  await clickTitle(app, studio, component!);
  await app.keyboard.press('Control+m');
  await app.getByTestId('btn-run').click();
  await expect(studio.status('preview')).toContainText(
    'Component 1 › Nano Banana Pro Edit (RunComfy)',
  );
  await expect(studio.status(component!)).toContainText('muted');

  await clickTitle(app, studio, component!);
  await app.keyboard.press('Control+m');
  await app.getByTestId(`open-component-${component!}`).click();
  await expect(app.getByTestId('component-breadcrumb')).toBeVisible();
  await app.getByTestId('btn-run').click();
  await expect(studio.status('rainy-evening')).toContainText('Done', { timeout: 30_000 });
  await app.getByTestId('breadcrumb-workflow').click();
  await expect(studio.status(component!)).toContainText('Done');
  await expect(studio.node('preview')).toContainText('Saved to nodeloom-output/');

  await studio.fitView();
  await clickTitle(app, studio, 'prompt');
  await clickTitle(app, studio, component!, true);
  await app.keyboard.press('Control+g');
  const group = app.locator('.nl-group');
  await expect(group).toHaveCount(1);
  await app.getByRole('button', { name: 'Collapse group' }).click();
  // Collapsed: the wire to the preview ends at the group's bar.
  await expect(studio.edges()).toHaveCount(1);
  await group.getByRole('button', { name: /Run/ }).click();
  await expect(app.getByTestId('run-status')).toContainText('Run succeeded');
});

test('Insert Reroute from a wire menu puts a reroute in the wire; the run still reaches the preview through it', async ({
  app,
}) => {
  const studio = new Studio(app);
  await studio.open(EXAMPLE);
  await studio.fitView();
  const wire = app
    .getByTestId('rf__edge-studio.image->rainy-evening.image_urls')
    .locator('path')
    .first();
  const box = (await wire.boundingBox())!;
  await app.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
  await expect(app.getByRole('menu')).toContainText('Insert Reroute');
  await app.getByTestId('menu-wire.insertReroute').click();
  await expect(studio.nodes()).toHaveCount(5);
  await expect(studio.edges()).toHaveCount(4);
  await app.getByTestId('btn-run').click();
  await expect(studio.status('preview')).toContainText('Done', { timeout: 30_000 });
});
