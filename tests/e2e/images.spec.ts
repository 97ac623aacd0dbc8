import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { testGraph } from '../../shared/testing/testGraph';
import { createWorkflow, parseWorkflow, serializeWorkflow } from '../../shared/workflow/format';
import { expect, test } from './fixtures';
import { Studio } from './studio';

/** workspace/proj/flow.nodeloom reads ../shared/ref.png: an image outside its own folder. */
async function workflowReadingOutside(workspace: string): Promise<{ load: string; out: string }> {
  await mkdir(path.join(workspace, 'proj'));
  await mkdir(path.join(workspace, 'shared'));
  await copyFile(
    path.join(workspace, 'images', 'still-life.png'),
    path.join(workspace, 'shared', 'ref.png'),
  );
  const g = testGraph();
  const load = g.loadImage('../shared/ref.png');
  const out = g.preview();
  g.connect(load, 'image', out, 'images');
  await writeFile(
    path.join(workspace, 'proj', 'flow.nodeloom'),
    serializeWorkflow(createWorkflow(g.doc(), {})),
  );
  return { load, out };
}

test('a workflow whose image lies outside its folder asks before reading it; allowed, it runs; Save As elsewhere keeps the path right; Embed puts the image in the file', async ({
  app,
  host,
}) => {
  const studio = new Studio(app);
  const { load, out } = await workflowReadingOutside(host.workspace);

  await app.getByTestId('btn-open').click();
  await app.locator('[data-testid=file-dialog-entry][data-name="proj"]').click();
  await app.locator('[data-testid=file-dialog-entry][data-name="flow.nodeloom"]').click();
  await app.getByTestId('file-dialog-confirm').click();

  const question = app.getByTestId('confirm-dialog');
  await expect(question).toBeVisible();
  await expect(question).toContainText(path.join(host.workspace, 'shared', 'ref.png'));
  await app.getByTestId('confirm-dialog-confirm').click();
  await expect(question).toBeHidden();

  // Allowed once: the run asks nothing more and reads the file.
  await app.getByTestId('btn-run').click();
  await expect(studio.status(out)).toContainText('Done', { timeout: 30_000 });
  await expect(question).toBeHidden();

  // Saved one folder up, the same file is named from there.
  await studio.saveAs('copy.nodeloom');
  // Saved once the title drops the unsaved marker (the write follows the dialog).
  await expect(app).toHaveTitle(/^copy\.nodeloom — Nodeloom$/);
  const copy = parseWorkflow(await readFile(path.join(host.workspace, 'copy.nodeloom'), 'utf8'));
  if (!copy.ok) throw new Error(copy.error.message);
  expect(copy.value.graph.nodes.find((n) => n.id === load)?.params['source']).toBe(
    'shared/ref.png',
  );

  // Embedded, the file carries the image itself.
  await app.getByTestId('btn-embed-images').click();
  await expect(app.getByTestId(`widget-${load}-source-embedded`)).toHaveText(
    /^Embedded image \(\d+×\d+\)$/,
  );
  await app.getByTestId('btn-save').click();
  await expect
    .poll(async () => {
      const saved = parseWorkflow(
        await readFile(path.join(host.workspace, 'copy.nodeloom'), 'utf8'),
      );
      return saved.ok
        ? String(saved.value.graph.nodes.find((n) => n.id === load)?.params['source'])
        : '';
    })
    .toMatch(/^data:image\/png;base64,/);
});
