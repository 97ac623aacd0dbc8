import { expect, test } from './fixtures';
import { guideShot } from './guideShots';
import { Studio } from './studio';

test('make a component from two nodes, open it, edit inside, come back by the breadcrumb, run it, export it and add it to a new workflow', async ({
  app,
}) => {
  const studio = new Studio(app);
  await studio.open('text-to-image-then-edit.nodeloom');
  await studio.fitView();
  await expect(studio.nodes()).toHaveCount(4);

  // Select the two models (the second with Shift) and make them one component.
  await studio.node('studio').click({ position: { x: 40, y: 10 } });
  await studio.node('rainy-evening').click({ position: { x: 40, y: 10 }, modifiers: ['Shift'] });
  await expect(app.locator('.react-flow__node.selected')).toHaveCount(2);
  await app.keyboard.press('Control+Shift+E');
  await expect(studio.nodes()).toHaveCount(3);
  const [component] = (await studio.nodeIds()).filter((id) => !['prompt', 'preview'].includes(id));
  const node = studio.node(component!);
  await expect(node).toContainText('Component 1');
  await expect(node).toContainText('2 nodes inside');
  // Its ports are the wires that crossed the border: the prompt in, the edit's images out.
  await expect(studio.handle(component!, 'in1')).toBeVisible();
  await expect(studio.handle(component!, 'out1')).toBeVisible();
  await expect(studio.edges()).toHaveCount(2);
  await studio.fitView();
  await app.screenshot({ path: test.info().outputPath('made.png') });

  // Open it with a double-click: the inside, with its boundary, and a breadcrumb.
  await node.dblclick({ position: { x: 60, y: 60 } });
  const crumb = app.getByTestId('component-breadcrumb');
  await expect(crumb).toContainText('Workflow');
  await expect(crumb).toContainText('Component 1');
  await expect(studio.nodes()).toHaveCount(4); // inputs, two models, outputs
  await expect(studio.edges()).toHaveCount(3);
  await studio.widget('rainy-evening', 'prompt').fill('Make it rain harder');
  await studio.fitView();
  await app.screenshot({ path: test.info().outputPath('inside.png') });

  // Back out by the breadcrumb: the component is selected, the edit kept inside.
  await app.getByTestId('breadcrumb-workflow').click();
  await expect(crumb).toBeHidden();
  await expect(studio.nodes()).toHaveCount(3);
  await expect(app.locator('.react-flow__node.selected')).toHaveAttribute('data-id', component!);

  // Run: the jobs inside run and the preview gets the edit's image.
  await app.getByTestId('btn-run').click();
  await expect(studio.status('preview')).toContainText('Done', { timeout: 30_000 });
  await expect(app.getByTestId('thumb-preview-0')).toBeVisible();
  // The component shows how the nodes inside it ran.
  await expect(studio.status(component!)).toContainText('Done');
  await guideShot(app, 'component-after-run', test.info().outputDir);
  await node.dblclick({ position: { x: 60, y: 60 } });
  for (const id of ['studio', 'rainy-evening']) {
    await expect(studio.status(id)).toContainText('Done');
    await expect(studio.widget('rainy-evening', 'prompt')).toHaveValue('Make it rain harder');
  }
  await studio.fitView();
  await guideShot(app, 'component-inside', test.info().outputDir);
  await app.getByTestId('breadcrumb-workflow').click();

  // Named, exported to the library, then added to a new workflow from the node library.
  await app.getByTestId(`title-${component!}`).dblclick();
  await app.getByTestId(`title-input-${component!}`).fill('Rainy studio');
  await app.keyboard.press('Enter');
  await expect(app.getByTestId(`title-${component!}`)).toHaveText('Rainy studio');
  await node.click({ position: { x: 40, y: 10 } });
  await app.getByTestId('btn-export-component').click();
  await expect(app.getByText('is in the components library')).toBeVisible();
  await app.keyboard.press('Control+n');
  const item = app.locator('[data-testid^="library-component-"]');
  await expect(item).toHaveCount(1);
  const before = await studio.nodeIds();
  await item.click();
  await expect.poll(async () => (await studio.nodeIds()).length).toBe(before.length + 1);
  await expect(item).toContainText('Rainy studio');
  await expect(studio.nodes().last()).toContainText('Rainy studio');
  await studio.fitView();
  await app.screenshot({ path: test.info().outputPath('library.png') });

  // Unpack: the two models come back in its place, wired as inside.
  const [inserted] = (await studio.nodeIds()).filter((id) => !before.includes(id));
  await app.getByTestId(`unpack-component-${inserted!}`).click();
  await expect(app.getByTestId(`unpack-component-${inserted!}`)).toHaveCount(0);
  await studio.fitView(); // only what is in view is drawn
  await expect(studio.nodes()).toHaveCount(before.length + 2);
  await expect(studio.edges()).toHaveCount(1);
});
