import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures';
import { Studio } from './studio';

/** An input schema as a provider's API page shows it (RunComfy style). */
const SCHEMA = JSON.stringify(
  {
    type: 'object',
    title: 'Input',
    required: ['prompt'],
    properties: {
      prompt: { title: 'Prompt', type: 'string', description: 'What to draw.' },
      aspect_ratio: {
        title: 'Aspect Ratio',
        type: 'string',
        enum: ['1:1', '16:9', '9:16'],
        default: '1:1',
      },
      seed: { title: 'Seed', type: 'integer', minimum: 0, default: 0 },
    },
  },
  null,
  2,
);

test('an artist adds a model from its API page through the dialog and runs it against the emulator', async ({
  app,
  host,
}) => {
  const studio = new Studio(app);
  await app.getByTestId('library-add-model').click();
  const dialog = app.getByTestId('add-model-dialog');
  await expect(dialog).toBeVisible();
  await app.getByTestId('add-model-provider').selectOption('runcomfy');
  await app.getByTestId('add-model-endpoint').fill('acme/sketch-xl/text-to-image');
  await app.getByTestId('add-model-name').fill('Sketch XL');

  // A schema with a mistake names the JSON path and cannot be added.
  await app
    .getByTestId('add-model-schema')
    .fill('{"type": "object", "properties": {"seed": {"type": "integer", "minimum": "0"}}}');
  await expect(app.getByTestId('add-model-problems')).toContainText(
    'schema.properties.seed.minimum',
  );
  await expect(app.getByTestId('add-model-submit')).toBeDisabled();

  // The real schema previews the node it will make.
  await app.getByTestId('add-model-schema').fill(SCHEMA);
  await expect(app.getByTestId('preview-inputs')).toHaveText('Prompt (text)');
  await expect(app.getByTestId('preview-widgets')).toHaveText(
    'Prompt (text), Aspect Ratio (select), Seed (number)',
  );
  await expect(app.getByTestId('preview-outputs')).toHaveText('Images (image[]), Image (image)');
  await app.getByTestId('add-model-submit').click();
  await expect(dialog).toBeHidden();

  // The file is in the models folder, in the catalog's format.
  const file = path.join(
    host.dataDir,
    'models',
    'runcomfy',
    'acme',
    'sketch-xl',
    'text-to-image.json',
  );
  const written = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  expect(written).toMatchObject({
    provider: 'runcomfy',
    endpoint: 'acme/sketch-xl/text-to-image',
    displayName: 'Sketch XL',
    task: 'text-to-image',
  });

  // It is in the node library, marked as the user's; clicking adds it.
  const type = 'model:runcomfy/acme/sketch-xl/text-to-image';
  await expect(app.getByTestId(`library-mine-${type}`)).toHaveText('yours');
  await app.getByTestId(`library-item-${type}`).click();
  await expect(studio.nodes()).toHaveCount(1);
  const [id] = await studio.nodeIds();
  await studio.widget(id!, 'prompt').fill('A pencil sketch of a heron');
  await studio.widget(id!, 'aspect_ratio').selectOption('16:9');

  await app.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
  await app.keyboard.press('Control+Enter');
  await expect(studio.status(id!)).toContainText('Done', { timeout: 30_000 });
  await expect(app.getByTestId(`thumb-${id!}-0`)).toBeVisible();

  // After a reload the model is still there: it is loaded from the folder.
  await app.reload();
  await expect(app.getByTestId(`library-mine-${type}`)).toBeVisible();
});

test('a bundled Google Gemini node runs through the Gemini API emulator', async ({ app }) => {
  const studio = new Studio(app);
  await app.getByTestId('library-item-model:google/gemini-3.1-flash-image-preview').click();
  await expect(studio.nodes()).toHaveCount(1);
  const [id] = await studio.nodeIds();
  await studio.widget(id!, 'prompt').fill('An origami fox, studio light');
  await studio.widget(id!, 'resolution').selectOption('2K');
  await app.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
  await app.keyboard.press('Control+Enter');
  await expect(studio.status(id!)).toContainText('Done', { timeout: 30_000 });
  await expect(app.getByTestId(`thumb-${id!}-0`)).toBeVisible();
});
