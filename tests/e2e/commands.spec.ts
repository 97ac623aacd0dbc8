import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { guideShot } from './guideShots';
import { Studio } from './studio';

/** A point on empty canvas, clear of the welcome panel in the middle. */
const EMPTY = { x: 420, y: 720 };

async function boxOf(page: Page, testId: string) {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} is not on screen`);
  return box;
}

test('the Keyboard Shortcuts panel opens with "?" and finds a command by name or key', async ({
  app,
}, testInfo) => {
  await app.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
  await app.keyboard.press('Shift+?');
  const panel = app.getByTestId('shortcuts-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('region', { name: 'Edit' })).toContainText('Undo');
  await guideShot(app, 'shortcuts-panel', testInfo.outputPath(), panel);
  await app.getByTestId('shortcuts-search').fill('fit');
  await expect(app.getByTestId('shortcut-view.fit')).toContainText('Fit Graph');
  await expect(app.getByTestId('shortcut-view.fit')).toContainText('.');
  await expect(app.getByTestId('shortcut-file.save')).toBeHidden();
  await app.getByTestId('shortcuts-search').fill('ctrl+k');
  await expect(app.getByTestId('shortcut-canvas.addNode')).toContainText('Add Node');
  await app.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  // Ctrl+/ opens it too.
  await app.keyboard.press('Control+/');
  await expect(panel).toBeVisible();
});

test('right-click on the canvas adds a node where the menu opened; a node menu colours it', async ({
  app,
}) => {
  const studio = new Studio(app);
  await app.mouse.click(EMPTY.x, EMPTY.y, { button: 'right' });
  const menu = app.getByRole('menu', { name: 'Canvas' });
  await expect(menu).toBeVisible();
  // Keyboard: the first item has focus; Enter chooses it.
  await expect(app.getByTestId('menu-canvas.addNode')).toBeFocused();
  await app.keyboard.press('Enter');
  await studio.pickFromPalette('prompt');
  await expect(studio.nodes()).toHaveCount(1);
  const [id] = await studio.nodeIds();
  const box = await boxOf(app, `node-${id}`);
  // The palette places the node centred on the point (zoom 1).
  expect(Math.abs(box.x + box.width / 2 - EMPTY.x)).toBeLessThan(box.width / 2);
  expect(Math.abs(box.y - EMPTY.y)).toBeLessThan(40);
  // The welcome panel has gone: the graph has a node.
  await expect(app.getByTestId('welcome')).toBeHidden();

  // A node's menu: Colour > Teal tints its header; Escape closes a menu.
  await app.getByTestId(`title-${id}`).click({ button: 'right' });
  const nodeMenu = app.getByRole('menu', { name: 'Node' });
  await expect(nodeMenu).toBeVisible();
  await expect(app.getByTestId('menu-edit.duplicate')).toContainText('Ctrl+D');
  await app.getByTestId('menu-node.color').click();
  await app.getByTestId('menu-node.color:teal').click();
  await expect(nodeMenu).toBeHidden();
  const wrapper = app.locator(`.react-flow__node[data-id="${id}"]`);
  await expect(wrapper).toHaveAttribute('style', /--nl-node-color: var\(--nl-color-teal\)/);
  // Drawn: the header is tinted (not the plain header colour any more).
  await expect(app.getByTestId(`title-${id}`).locator('xpath=ancestor::header')).toHaveCSS(
    'background-image',
    /gradient/,
  );
  await app.getByTestId(`title-${id}`).click({ button: 'right' });
  await expect(nodeMenu).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(nodeMenu).toBeHidden();
});

test('paste lands at the cursor, keeping the copied layout', async ({ app }) => {
  const studio = new Studio(app);
  const a = await studio.addNode('prompt', { x: 420, y: 720 });
  await studio.pane.click({ position: { x: 30, y: 30 } });
  await studio.node(a).click({ position: { x: 30, y: 10 } });
  await app.keyboard.press('Control+c');
  const target = { x: 900, y: 260 };
  await app.mouse.move(target.x, target.y);
  await app.keyboard.press('Control+v');
  await expect(studio.nodes()).toHaveCount(2);
  const b = (await studio.nodeIds()).find((id) => id !== a)!;
  const box = await boxOf(app, `node-${b}`);
  // The copy's top-left corner is at the pointer (zoom 1).
  expect(Math.abs(box.x - target.x)).toBeLessThan(4);
  expect(Math.abs(box.y - target.y)).toBeLessThan(4);
});

test('a new user starts from a template on the welcome screen and runs it with the emulator', async ({
  app,
}, testInfo) => {
  const studio = new Studio(app);
  const welcome = app.getByTestId('welcome');
  await expect(welcome).toBeVisible();
  await expect(welcome).toContainText('Providers are emulated');
  await expect(welcome).toContainText('Ctrl+K');
  await guideShot(app, 'welcome', testInfo.outputPath());
  await app.getByTestId('template-text-to-image-then-edit').click();
  await expect(welcome).toBeHidden();
  await expect(studio.nodes()).toHaveCount(4);
  // An untitled copy: the template itself is never the file being edited.
  await expect(app).toHaveTitle(/^Untitled/);
  await studio.pane.click({ position: { x: 30, y: 30 } });
  await app.keyboard.press('Control+Enter');
  for (const id of ['studio', 'rainy-evening']) {
    await expect(studio.status(id)).toContainText('Done', { timeout: 30_000 });
    await expect(app.getByTestId(`thumb-${id}-0`)).toBeVisible();
  }
  // The pipeline's own menus, for the guide: a node's colours.
  await studio.pane.click({ position: { x: 30, y: 30 } });
  await app.getByTestId('title-rainy-evening').click({ button: 'right' });
  await app.getByTestId('menu-node.color').hover();
  await expect(app.getByRole('menu', { name: 'Colour' })).toBeVisible();
  await guideShot(app, 'node-context-menu', testInfo.outputPath());
  await app.getByTestId('menu-node.color:purple').click();

  // File > Templates (the same gallery) is one command away.
  await app.keyboard.press('Control+/');
  await app.getByTestId('shortcuts-search').fill('templates');
  await app.getByTestId('shortcut-file.templates').getByRole('button').click();
  const templates = app.getByTestId('templates-dialog');
  await expect(templates).toBeVisible();
  await expect(templates.getByRole('button', { name: /One prompt, three models/ })).toBeVisible();
  await guideShot(app, 'templates', testInfo.outputPath(), templates);
  await app.keyboard.press('Escape');
  await expect(templates).toBeHidden();
});

test('Space+drag pans the canvas, over a node too, without moving the node', async ({ app }) => {
  const studio = new Studio(app);
  const id = await studio.addNode('prompt', { x: 420, y: 720 });
  const viewport = app.locator('.react-flow__viewport');
  const before = await viewport.getAttribute('style');
  const title = await boxOf(app, `title-${id}`);
  const from = { x: title.x + 20, y: title.y + title.height / 2 };
  await studio.pane.click({ position: { x: 30, y: 30 } });
  await app.keyboard.down('Space');
  await app.mouse.move(from.x, from.y);
  await app.mouse.down();
  await app.mouse.move(from.x + 150, from.y - 300, { steps: 10 });
  await app.mouse.up();
  await app.keyboard.up('Space');
  await expect(viewport).not.toHaveAttribute('style', before!);
  // The node moved on screen with the view, not in the graph: the same offset as the pan.
  const after = await boxOf(app, `title-${id}`);
  expect(Math.abs(after.x - title.x - 150)).toBeLessThan(3);
  expect(Math.abs(after.y - title.y + 300)).toBeLessThan(3);
  // "." fits the graph again: the view moves from where the pan left it. (The press on
  // the title may have focused it, where "." is typing: the pane takes the keys first.)
  const panned = await viewport.getAttribute('style');
  await studio.pane.click({ position: { x: 30, y: 30 } });
  await expect(viewport).toHaveAttribute('style', panned!);
  await app.keyboard.press('.');
  await expect(viewport).not.toHaveAttribute('style', panned!);
});

test('a selection saved as a snippet is listed in the node library and inserted at the cursor', async ({
  app,
}) => {
  const studio = new Studio(app);
  const prompt = await studio.addNode('prompt', { x: 420, y: 720 });
  await studio.widget(prompt, 'text').fill('A lighthouse at dusk');
  await studio.pane.click({ position: { x: 30, y: 30 } });
  await studio.node(prompt).click({ position: { x: 30, y: 10 } });
  await app.mouse.click(900, 200, { button: 'right' });
  await app.getByTestId('menu-snippet.save').click();
  const library = app.getByTestId('library-snippets');
  await expect(library.getByRole('button', { name: /^Prompt/ })).toBeVisible();
  // Where the pointer was last over the canvas is where it goes.
  await app.mouse.move(1000, 300);
  await library.getByRole('button', { name: /^Prompt/ }).click();
  await expect(studio.nodes()).toHaveCount(2);
  const copy = (await studio.nodeIds()).find((id) => id !== prompt)!;
  await expect(studio.widget(copy, 'text')).toHaveValue('A lighthouse at dusk');
  const box = await boxOf(app, `node-${copy}`);
  expect(Math.abs(box.x - 1000)).toBeLessThan(4);
  expect(Math.abs(box.y - 300)).toBeLessThan(4);
});
