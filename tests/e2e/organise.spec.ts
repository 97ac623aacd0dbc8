import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { guideShot } from './guideShots';
import { Studio } from './studio';

/** The example: prompt -> studio (text-to-image) -> rainy-evening (edit) -> preview. */
const EXAMPLE = 'text-to-image-then-edit.nodeloom';

async function box(locator: Locator): Promise<{ x: number; y: number }> {
  const b = await locator.boundingBox();
  if (!b) throw new Error('element not on screen');
  return { x: b.x, y: b.y };
}

/** Clicks a node's title bar (selects it; with Control, adds it to the selection). */
async function clickTitle(page: Page, studio: Studio, id: string, add = false): Promise<void> {
  await studio
    .node(id)
    .locator('.nl-node__title')
    .click({ position: { x: 8, y: 8 }, ...(add ? { modifiers: ['Control'] } : {}) });
}

test('group three nodes with Ctrl+G, drag the group by its title: the three nodes move with it, the fourth stays; run the group', async ({
  app,
}, testInfo) => {
  const studio = new Studio(app);
  await studio.open(EXAMPLE);
  await studio.fitView();
  await clickTitle(app, studio, 'prompt');
  await clickTitle(app, studio, 'studio', true);
  await clickTitle(app, studio, 'rainy-evening', true);
  await expect(app.locator('.react-flow__node.selected')).toHaveCount(3);
  await app.keyboard.press('Control+g');
  const group = app.locator('.nl-group');
  await expect(group).toHaveCount(1);
  await expect(group.locator('.nl-group__title')).toHaveText('Group');

  const before = {
    prompt: await box(studio.node('prompt')),
    studio: await box(studio.node('studio')),
    edit: await box(studio.node('rainy-evening')),
    preview: await box(studio.node('preview')),
  };
  const bar = group.locator('.nl-group__drag');
  const start = await bar.boundingBox();
  const from = { x: start!.x + 30, y: start!.y + start!.height / 2 };
  await app.mouse.move(from.x, from.y);
  await app.mouse.down();
  await app.mouse.move(from.x + 40, from.y + 60, { steps: 6 });
  await app.mouse.move(from.x + 80, from.y + 120, { steps: 6 });
  await app.mouse.up();

  const moved = (a: { x: number; y: number }, b: { x: number; y: number }) => ({
    dx: Math.round(b.x - a.x),
    dy: Math.round(b.y - a.y),
  });
  const shift = moved(before.prompt, await box(studio.node('prompt')));
  expect(shift.dx).toBeGreaterThan(30);
  expect(shift.dy).toBeGreaterThan(50);
  expect(moved(before.studio, await box(studio.node('studio')))).toEqual(shift);
  expect(moved(before.edit, await box(studio.node('rainy-evening')))).toEqual(shift);
  expect(moved(before.preview, await box(studio.node('preview')))).toEqual({ dx: 0, dy: 0 });

  // Rename with a double-click on the title.
  await group.locator('.nl-group__title').dblclick();
  await app.getByLabel('Group name').fill('Sketch and edit');
  await app.keyboard.press('Enter');
  await expect(group.locator('.nl-group__title')).toHaveText('Sketch and edit');
  await guideShot(app, 'organise-group', testInfo.outputDir, app.getByTestId('canvas'));

  // Collapse: the three nodes hide behind the bar, the wire to the preview stays.
  await group.getByRole('button', { name: 'Collapse group' }).click();
  await expect(studio.node('studio')).toBeHidden();
  await expect(studio.node('preview')).toBeVisible();
  await expect(studio.edges()).toHaveCount(1);
  await app.screenshot({ path: testInfo.outputPath('group-collapsed.png') });
  await group.getByRole('button', { name: 'Expand group' }).click();
  await expect(studio.node('studio')).toBeVisible();
  await expect(studio.edges()).toHaveCount(3);

  // Run group: its three nodes run, the preview outside it does not.
  await group.getByRole('button', { name: /Run/ }).click();
  await expect(app.getByTestId('run-status')).toContainText('Run succeeded', { timeout: 30_000 });
  await expect(studio.status('rainy-evening')).toContainText('Done');
  await expect(studio.status('preview')).toHaveCount(0);

  // One undo step per edit: expand, collapse, rename, move, group.
  for (let i = 0; i < 4; i++) await app.keyboard.press('Control+z');
  await expect(await box(studio.node('prompt'))).toEqual(before.prompt);
  await app.keyboard.press('Control+z');
  await expect(group).toHaveCount(0);
});

test('Ctrl+B bypasses the edit: the node reads as bypassed, and a run sends one job and previews the text-to-image image', async ({
  app,
}, testInfo) => {
  const studio = new Studio(app);
  await studio.open(EXAMPLE);
  await studio.fitView();
  await clickTitle(app, studio, 'rainy-evening');
  await app.keyboard.press('Control+b');
  const edit = studio.node('rainy-evening');
  await expect(edit).toHaveClass(/nl-node--mode-bypass/);
  await expect(edit.getByTestId('mode-badge')).toHaveText('Bypassed');
  await app.screenshot({ path: testInfo.outputPath('bypassed.png') });

  await studio.pane.click({ position: { x: 30, y: 30 } });
  await app.keyboard.press('Control+Enter');
  await expect(app.getByTestId('run-status')).toContainText('Run succeeded', { timeout: 30_000 });
  await expect(studio.status('studio')).toContainText('Done');
  // The bypassed node ran nothing: no job, no state.
  await expect(studio.status('rainy-evening')).toHaveCount(0);
  await expect(app.getByTestId('thumb-preview-0')).toBeVisible();
  const studioImage = await app.getByTestId('thumb-studio-0').locator('img').getAttribute('src');
  const previewImage = await app.getByTestId('thumb-preview-0').locator('img').getAttribute('src');
  expect(previewImage).toBe(studioImage);
  await guideShot(app, 'organise-bypass', testInfo.outputDir, app.getByTestId('canvas'));

  // Ctrl+B again: active again; Ctrl+M mutes it and shows so.
  await clickTitle(app, studio, 'rainy-evening');
  await app.keyboard.press('Control+b');
  await expect(edit).not.toHaveClass(/nl-node--mode-bypass/);
  await app.keyboard.press('Control+m');
  await expect(edit.getByTestId('mode-badge')).toHaveText('Muted');
  await app.screenshot({ path: testInfo.outputPath('muted.png') });
});

test('Alt+click on a wire inserts a reroute dot in it; the run goes through the dot', async ({
  app,
}) => {
  const studio = new Studio(app);
  await studio.open(EXAMPLE);
  await studio.fitView();
  await expect(studio.edges()).toHaveCount(3);
  const wire = app.getByTestId('rf__edge-studio.image->rainy-evening.image_urls');
  await wire.click({ modifiers: ['Alt'] });
  await expect(studio.edges()).toHaveCount(4);
  const reroute = app.locator('.nl-reroute');
  await expect(reroute).toHaveCount(1);
  // It carries what feeds it: an image.
  await expect(reroute).toHaveClass(/nl-port--image/);

  await studio.pane.click({ position: { x: 30, y: 30 } });
  await app.keyboard.press('Control+Enter');
  await expect(app.getByTestId('run-status')).toContainText('Run succeeded', { timeout: 30_000 });
  await expect(studio.status('rainy-evening')).toContainText('Done');
  await expect(app.getByTestId('thumb-preview-0')).toBeVisible();
});
