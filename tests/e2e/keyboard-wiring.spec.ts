import { expect, test } from './fixtures';
import { Studio } from './studio';

test('a wire made with the keyboard alone: Enter on a port, arrow keys to a compatible input, Enter connects; Escape cancels', async ({
  app,
}) => {
  const studio = new Studio(app);
  const prompt = await studio.addNode('Prompt', { x: 420, y: 260 });
  const model = await studio.addNode('Nano Banana Pro (RunComfy)', { x: 820, y: 220 });
  await expect(studio.edges()).toHaveCount(0);

  // Nodes are announced by their names, handles by node and port.
  await expect(app.getByRole('group', { name: 'Prompt' })).toBeVisible();
  const output = app.getByRole('button', { name: 'Prompt, output Text' });
  await expect(output).toBeVisible();
  const announcer = app.getByTestId('wire-announcer');

  // Escape cancels: no wire, focus back on the port it started from.
  await output.focus();
  await app.keyboard.press('Enter');
  await expect(announcer).toContainText('Connecting from Prompt, output Text');
  await app.keyboard.press('Escape');
  await expect(announcer).toHaveText('Connection cancelled.');
  await expect(output).toBeFocused();
  await expect(studio.edges()).toHaveCount(0);

  // Enter starts, the arrows walk the ports that take text (focus follows), Enter connects.
  await app.keyboard.press('Enter');
  const target = app.getByRole('button', { name: 'Nano Banana Pro (RunComfy), input Prompt' });
  for (let i = 0; i < 6 && !(await target.evaluate((e) => e === document.activeElement)); i++)
    await app.keyboard.press('ArrowDown');
  await expect(target).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(announcer).toHaveText(
    'Connected Prompt, output Text to Nano Banana Pro (RunComfy), input Prompt.',
  );
  await expect(studio.edges()).toHaveCount(1);
  // The model's prompt now comes from the Prompt node.
  await expect(studio.node(model).locator('.nl-widget__linked')).toContainText('Prompt');
  await expect(studio.node(prompt)).toBeVisible();
});
