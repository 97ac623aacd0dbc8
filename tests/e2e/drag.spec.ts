import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { Studio } from './studio';

/** The example: prompt -> studio (text-to-image) -> rainy-evening (edit) -> preview. */
const EXAMPLE = 'text-to-image-then-edit.nodeloom';

async function topLeft(locator: Locator): Promise<{ x: number; y: number }> {
  const b = await locator.boundingBox();
  if (!b) throw new Error('element not on screen');
  return { x: Math.round(b.x), y: Math.round(b.y) };
}

/** The drawn path of the wires into and out of a node (React Flow's edge ids name both ends). */
const wirePaths = (studio: Studio) =>
  studio
    .edges()
    .evaluateAll((edges) =>
      edges.map((e) => e.querySelector('.react-flow__edge-path')?.getAttribute('d') ?? ''),
    );

test('a node dragged at full detail carries its wires while the mouse is down, lands where dropped, and one Ctrl+Z puts it back', async ({
  app,
}) => {
  const studio = new Studio(app);
  await studio.open(EXAMPLE);
  await studio.fitView();
  // Without the MiniMap the frames are drawn straight into the DOM (liveDrag.ts).
  await app.getByRole('button', { name: 'Hide the minimap' }).click();
  await expect(app.locator('.react-flow__minimap')).toHaveCount(0);
  const node = studio.node('studio');
  const before = await topLeft(node);
  const wiresBefore = await wirePaths(studio);
  const title = await node.locator('.nl-node__title').boundingBox();
  const from = { x: title!.x + 8, y: title!.y + title!.height / 2 };
  await app.mouse.move(from.x, from.y);
  await app.mouse.down();
  await app.mouse.move(from.x + 30, from.y + 40, { steps: 6 });
  await app.mouse.move(from.x + 60, from.y + 80, { steps: 6 });
  // Mid-drag: the node and both of its wires have moved, the other wire has not.
  await expect.poll(async () => (await topLeft(node)).y - before.y).toBeGreaterThan(60);
  const wiresMid = await wirePaths(studio);
  expect(wiresMid.filter((d, i) => d !== wiresBefore[i])).toHaveLength(2);
  await app.mouse.up();

  const after = await topLeft(node);
  expect(after.x - before.x).toBeGreaterThan(40);
  await expect(app.locator('.react-flow__node.dragging')).toHaveCount(0);
  await app.keyboard.press('Control+z');
  await expect.poll(() => topLeft(node)).toEqual(before);
  await expect.poll(() => wirePaths(studio)).toEqual(wiresBefore);
});

test('with the MiniMap shown, a multi-selection dragged by one of its nodes moves together, its minimap boxes follow, and it undoes as one step', async ({
  app,
}) => {
  const studio = new Studio(app);
  await studio.open(EXAMPLE);
  await studio.fitView();
  const a = studio.node('prompt');
  const b = studio.node('preview');
  await a.locator('.nl-node__title').click({ position: { x: 8, y: 8 } });
  await b.locator('.nl-node__title').click({ position: { x: 8, y: 8 }, modifiers: ['Control'] });
  await expect(app.locator('.react-flow__node.selected')).toHaveCount(2);
  const before = { a: await topLeft(a), b: await topLeft(b) };
  const boxes = () =>
    app
      .locator('.react-flow__minimap-node')
      .evaluateAll((rects) => rects.map((r) => `${r.getAttribute('x')},${r.getAttribute('y')}`));
  const boxesBefore = await boxes();
  const title = await a.locator('.nl-node__title').boundingBox();
  const from = { x: title!.x + 8, y: title!.y + title!.height / 2 };
  await app.mouse.move(from.x, from.y);
  await app.mouse.down();
  await app.mouse.move(from.x + 50, from.y + 70, { steps: 10 });
  // Mid-drag the MiniMap draws the two moved nodes where they are.
  expect((await boxes()).filter((xy, i) => xy !== boxesBefore[i])).toHaveLength(2);
  await app.mouse.up();
  const after = { a: await topLeft(a), b: await topLeft(b) };
  const shift = { x: after.a.x - before.a.x, y: after.a.y - before.a.y };
  expect(shift.y).toBeGreaterThan(40);
  expect({ x: after.b.x - before.b.x, y: after.b.y - before.b.y }).toEqual(shift);
  await app.keyboard.press('Control+z');
  await expect.poll(async () => [await topLeft(a), await topLeft(b)]).toEqual([before.a, before.b]);
});
