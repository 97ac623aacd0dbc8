import { expect, test } from './fixtures';
import { Studio } from './studio';

test('a new user builds text-to-image → edit → preview with mouse and keyboard, runs it, saves, reloads and reopens the same graph', async ({
  app,
  host,
}) => {
  const studio = new Studio(app);
  await expect(app.getByTestId('emulated-banner')).toBeVisible();
  await expect(studio.nodes()).toHaveCount(0);

  // Nodes from the palette (double-click on empty canvas) and from a dropped wire.
  const prompt = await studio.addNode('prompt', { x: 260, y: 140 });
  await studio.widget(prompt, 'text').fill('A lighthouse on a cliff at dusk, oil painting');
  const t2i = await studio.addNode('nano banana pro runcomfy', { x: 560, y: 120 });
  await studio.connect(studio.handle(prompt, 'text'), studio.handle(t2i, 'prompt'));
  await expect(studio.edges()).toHaveCount(1);
  await studio.widget(t2i, 'aspect_ratio').selectOption('1:1');

  const edit = await studio.wireToNewNode(
    studio.handle(t2i, 'image'),
    { x: 870, y: 120 },
    'pro edit runcomfy',
  );
  await expect(studio.edges()).toHaveCount(2);
  await studio.widget(edit, 'prompt').fill('Make it snow');
  await studio.widget(edit, 'output_format').selectOption('jpeg');
  const preview = await studio.wireToNewNode(
    studio.handle(edit, 'images'),
    { x: 1180, y: 560 },
    'preview',
  );
  await expect(studio.edges()).toHaveCount(3);

  // Run with the keyboard and watch both images arrive.
  await app.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
  await app.keyboard.press('Control+Enter');
  for (const id of [t2i, edit]) {
    await expect(studio.status(id)).toContainText('Done', { timeout: 30_000 });
    await expect(app.getByTestId(`thumb-${id}-0`)).toBeVisible();
  }
  await expect(app.getByTestId(`thumb-${preview}-0`)).toBeVisible();

  // Save As through the app's file dialog; the unsaved marker goes away.
  await studio.saveAs('lighthouse');
  await expect(app).toHaveTitle(/^lighthouse\.nodeloom — Nodeloom$/);

  // Reload the page, open the file, find the same graph.
  await app.reload();
  await expect(app.locator('.react-flow')).toBeVisible();
  await studio.open('lighthouse.nodeloom');
  await studio.fitView();
  await expect(studio.nodes()).toHaveCount(4);
  await expect(studio.edges()).toHaveCount(3);
  expect((await studio.nodeIds()).sort()).toEqual([prompt, t2i, edit, preview].sort());
  await expect(studio.widget(prompt, 'text')).toHaveValue(
    'A lighthouse on a cliff at dusk, oil painting',
  );
  await expect(studio.widget(t2i, 'aspect_ratio').locator('option:checked')).toHaveText('1:1');
  await expect(studio.widget(edit, 'output_format').locator('option:checked')).toHaveText('jpeg');
  void host;
});
