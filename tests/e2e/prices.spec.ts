import { expect, test } from './fixtures';
import { Studio } from './studio';

test("a new model node's prompt is empty with the provider's sample as placeholder; your own price in Settings shows on its badge as yours", async ({
  app,
}) => {
  const studio = new Studio(app);
  const t2i = await studio.addNode('pro text-to-image runcomfy', { x: 420, y: 180 });
  const prompt = studio.widget(t2i, 'prompt');
  // The sample is a placeholder: nothing is typed, so nothing would be sent.
  await expect(prompt).toHaveValue('');
  await expect(prompt).toHaveAttribute('placeholder', /mannequin legs/);
  await expect(studio.node(t2i).getByTestId('cost')).toHaveText('price unknown');

  await app.getByTestId('btn-settings').click();
  const dialog = app.getByTestId('settings-dialog');
  const field = dialog.getByTestId('price-model:runcomfy/google/nano-banana/pro/text-to-image');
  await expect(field.locator('xpath=ancestor::label')).toContainText('no published price');
  await field.fill('0.12');
  await dialog.getByTestId('settings-save').click();
  await expect(dialog).toBeHidden();

  await expect(studio.node(t2i).getByTestId('cost')).toHaveText('$0.12 (your price)');
  await expect(app.getByTestId('btn-run')).toHaveText('Run · $0.12 (incl. your prices)');
});
