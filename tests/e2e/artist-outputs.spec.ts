import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { PNG_PROVENANCE_KEY, PNG_WORKFLOW_KEY, readPngText } from '../../shared/png/pngText';
import { parseWorkflow } from '../../shared/workflow/format';
import { isRecoveryEntryFile } from '../../electron/core/host/recovery';
import { expect, test } from './fixtures';
import type { WebHost } from './fixtures';
import { Studio } from './studio';

const EXAMPLE = 'text-to-image-then-edit.nodeloom';
const MODELS = ['studio', 'rainy-evening'];

/** The example, opened, with the text-to-image output also wired into Preview / Save. */
async function openExampleSavingBoth(studio: Studio): Promise<void> {
  await studio.open(EXAMPLE);
  await studio.fitView();
  await studio.connect(studio.handle('studio', 'images'), studio.handle('preview', 'images'));
  await expect(studio.edges()).toHaveCount(4);
}

async function runToEnd(studio: Studio): Promise<void> {
  await studio.page.getByTestId('btn-run').click();
  for (const id of [...MODELS, 'preview']) {
    await expect(studio.status(id)).toContainText(/Done|Cached/, { timeout: 30_000 });
  }
}

const outputDir = (host: WebHost): string => path.join(host.workspace, 'nodeloom-output');
const pngsIn = async (dir: string): Promise<string[]> =>
  (await readdir(dir).catch(() => [])).filter((n) => n.endsWith('.png')).sort();

test('Preview / Save writes each image of t2i → edit as <prefix>_00001.png beside the workflow, with the workflow inside', async ({
  app,
  host,
}) => {
  const studio = new Studio(app);
  await openExampleSavingBoth(studio);
  await runToEnd(studio);

  // Both images, as soon as they arrived, under the node's prefix and a counter.
  const saved = app.getByTestId('saved-preview');
  await expect(saved.getByTestId('saved-file')).toHaveCount(2);
  await expect(saved).toContainText('Saved to nodeloom-output/');
  await expect
    .poll(() => pngsIn(outputDir(host)))
    .toEqual(['studio-rainy-evening_00001.png', 'studio-rainy-evening_00002.png']);
  await expect(saved.getByTestId('saved-file')).toHaveText([
    'studio-rainy-evening_00001.png',
    'studio-rainy-evening_00002.png',
  ]);
  const endpoints = new Set<string>();
  for (const name of await pngsIn(outputDir(host))) {
    const text = readPngText(await readFile(path.join(outputDir(host), name)));
    const workflow = parseWorkflow(text[PNG_WORKFLOW_KEY]!);
    expect(workflow.ok, name).toBe(true);
    if (!workflow.ok) continue;
    expect(workflow.value.graph.nodes.map((n) => n.id).sort()).toEqual(
      ['preview', 'prompt', 'rainy-evening', 'studio'].sort(),
    );
    expect(workflow.value.graph.edges).toHaveLength(4);
    const provenance = JSON.parse(text[PNG_PROVENANCE_KEY]!) as { endpoint: string };
    endpoints.add(provenance.endpoint);
  }
  // One image from each model: the text-to-image and the edit.
  expect([...endpoints].sort()).toEqual([
    'google/nano-banana/pro/edit',
    'google/nano-banana/pro/text-to-image',
  ]);
  await studio.node('preview').screenshot({ path: test.info().outputPath('saved-to.png') });

  // In a browser the file name opens the image (there is no file manager to show).
  const popup = app.waitForEvent('popup');
  await saved.getByTestId('saved-file').first().click();
  expect((await popup).url()).toMatch(/\/api\/blob\/[a-f0-9]{64}$/);

  // Another run counts on from the highest number: nothing is overwritten.
  await runToEnd(studio);
  await expect(saved.getByTestId('saved-file')).toHaveCount(2);
  await expect
    .poll(() => pngsIn(outputDir(host)))
    .toEqual([1, 2, 3, 4].map((i) => `studio-rainy-evening_0000${i}.png`));
});

test('reopening a workflow shows the outputs of its last run, marked with the run’s time', async ({
  app,
}) => {
  const studio = new Studio(app);
  await studio.open(EXAMPLE);
  await studio.fitView();
  await runToEnd(studio);
  const hashes = await app.getByTestId('thumb-rainy-evening-0').locator('img').getAttribute('src');

  // A new page (a reload, or the tab closed and opened again), then the file.
  await app.reload();
  await expect(app.locator('.react-flow')).toBeVisible();
  await studio.open(EXAMPLE);
  await studio.fitView();
  for (const id of MODELS) {
    await expect(app.getByTestId(`thumb-${id}-0`)).toBeVisible();
    await expect(app.getByTestId(`past-${id}`)).toContainText(/From the run of \d{4}-\d\d-\d\d/);
  }
  await expect(app.getByTestId('thumb-rainy-evening-0').locator('img')).toHaveAttribute(
    'src',
    hashes!,
  );
  // Where Preview / Save put them, from the same run.
  await expect(app.getByTestId('saved-preview')).toContainText('studio-rainy-evening_00001.png');
  await app.screenshot({ path: test.info().outputPath('reopened.png') });

  // The next run replaces them: the past-run marks go.
  await runToEnd(studio);
  await expect(app.getByTestId('past-studio')).toHaveCount(0);
});

test('a run left running by a reload comes back to its workflow when it is opened again', async ({
  app,
}) => {
  const studio = new Studio(app);
  await studio.open(EXAMPLE);
  await studio.fitView();
  await app.getByTestId('btn-run').click();
  await expect(studio.status('studio')).toBeVisible();
  // Gone mid-run (each emulated job takes over half a second).
  await expect(studio.status('rainy-evening')).not.toContainText('Done');
  await app.reload();
  await expect(app.locator('.react-flow')).toBeVisible();
  await studio.open(EXAMPLE);
  await studio.fitView();
  // Followed on if still running, or shown from the history once finished: either
  // way the workflow ends with that run's outputs on its nodes.
  for (const id of [...MODELS, 'preview']) {
    await expect(studio.status(id)).toContainText('Done', { timeout: 30_000 });
  }
  await expect(app.getByTestId('thumb-rainy-evening-0')).toBeVisible();
  await expect(app.getByTestId('thumb-preview-0')).toBeVisible();
});

test('a renamed node is called by its name in the history and the viewer, never by its id', async ({
  app,
}) => {
  const studio = new Studio(app);
  await studio.open(EXAMPLE);
  await studio.fitView();
  await app.getByTestId('title-studio').dblclick();
  const input = app.getByTestId('title-input-studio');
  await input.fill('Ceramics studio, golden hour');
  await input.press('Enter');
  await expect(app.getByTestId('title-studio')).toHaveText('Ceramics studio, golden hour');
  await studio.node('studio').screenshot({ path: test.info().outputPath('renamed.png') });
  await runToEnd(studio);

  // The viewer says where the image came from by name.
  await app.getByTestId('thumb-studio-0').click();
  const viewer = app.getByTestId('image-viewer');
  await expect(viewer).toContainText('Ceramics studio, golden hour');
  await expect(viewer).not.toContainText('node studio');
  await app.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  // The history names it too (the graph as it was run).
  await app.getByTestId('btn-history').click();
  await app.getByTestId('history-run').first().click();
  const details = app.getByTestId('history-details');
  const node = details.locator('[data-testid=history-node][data-node-id="studio"]');
  await expect(node.locator('h4')).toHaveText('Ceramics studio, golden hour');
  await details.screenshot({ path: test.info().outputPath('history-named.png') });
});

test('an edit typed just before the tab closes is kept for recovery', async ({ host, context }) => {
  // A tab of its own, closed during the test.
  const tab = await context.newPage();
  await tab.goto(host.url);
  const studio = new Studio(tab);
  await studio.open(EXAMPLE);
  await studio.fitView();
  await studio
    .widget('prompt', 'text')
    .fill('A ceramics studio in the rain, typed at the last moment');
  // Well within the 2 s autosave delay: only the page-hide flush can keep it.
  await tab.close({ runBeforeUnload: false });

  const recoveryDir = path.join(host.dataDir, 'emulated', 'recovery');
  const copies = async (): Promise<string> => {
    const names = (await readdir(recoveryDir).catch(() => [])).filter(isRecoveryEntryFile);
    return (
      await Promise.all(names.map((n) => readFile(path.join(recoveryDir, n), 'utf8')))
    ).join();
  };
  await expect.poll(copies).toContain('typed at the last moment');

  const page = await context.newPage();
  await page.goto(host.url);
  await expect(page.getByTestId('recovery-dialog')).toBeVisible();
  await page.getByTestId('recovery-restore').click();
  await expect(page.getByTestId('widget-prompt-text')).toHaveValue(
    'A ceramics studio in the rain, typed at the last moment',
  );
});
