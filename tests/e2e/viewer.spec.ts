import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { guideShot } from './guideShots';
import { Studio } from './studio';

/**
 * Puts a small painted PNG on the system clipboard, as a screenshot tool does (a
 * picture, so the guide's screenshot shows one; Studio.putImageOnClipboard's is blank).
 */
async function putPaintingOnClipboard(page: Page, width: number, height: number): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(page.url()).origin,
  });
  await page.evaluate(
    async ({ width, height }) => {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const g = canvas.getContext('2d')!;
      const sky = g.createLinearGradient(0, 0, 0, height);
      sky.addColorStop(0, '#1b2a4a');
      sky.addColorStop(0.6, '#c8643c');
      sky.addColorStop(1, '#f2d680');
      g.fillStyle = sky;
      g.fillRect(0, 0, width, height);
      g.fillStyle = '#fff3c4';
      g.beginPath();
      g.arc(width * 0.65, height * 0.55, height * 0.2, 0, Math.PI * 2);
      g.fill();
      g.fillStyle = '#0d1424';
      g.fillRect(0, height * 0.78, width, height);
      const blob = await new Promise<Blob>((resolve) =>
        canvas.toBlob((b) => resolve(b!), 'image/png'),
      );
      await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
    },
    { width, height },
  );
}

const zoomOf = async (stage: Locator): Promise<number> =>
  Number(await stage.getAttribute('data-zoom'));

test('after a run the Preview shows its image large and uncropped; the viewer zooms, walks to the next image, compares, Escape closes it, and an image becomes a Load Image', async ({
  app,
  host,
}, testInfo) => {
  const studio = new Studio(app);
  const out = testInfo.outputPath();
  await studio.open('text-to-image-then-edit.nodeloom');
  await app.getByTestId('btn-run').click();
  await expect(studio.status('rainy-evening')).toContainText('Done', { timeout: 30_000 });
  await studio.fitView();
  const preview = app.getByTestId('thumb-preview-0');
  await expect(preview).toBeVisible();
  await expect
    .poll(() => preview.locator('img').evaluate((i) => (i as HTMLImageElement).naturalWidth))
    .toBeGreaterThan(0);

  // Large: the Preview's image spans the node (380 of its 400 px at zoom 1), at the
  // image's own shape (3:2 here), from a host thumbnail that covers it.
  const box = (await preview.boundingBox())!;
  const zoom = await app.evaluate(() => {
    const t = getComputedStyle(document.querySelector('.react-flow__viewport')!).transform;
    return new DOMMatrixReadOnly(t).a;
  });
  expect(box.width / zoom).toBeGreaterThan(360);
  expect(box.width / box.height).toBeCloseTo(3 / 2, 1);
  await expect(preview.locator('img')).toHaveAttribute(
    'src',
    /\/api\/thumb\/[a-f0-9]{64}\?size=(512|1024)$/,
  );
  // Resized by its corner, the Preview shows its image larger, from a larger thumbnail.
  await studio.node('preview').locator('.nl-node__title').click();
  const grip = (await app.getByTestId('resize-preview').boundingBox())!;
  const before = (await studio.node('preview').boundingBox())!;
  await app.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
  await app.mouse.down();
  await app.mouse.move(grip.x + 200, grip.y + 160, { steps: 8 });
  await app.mouse.up();
  await expect
    .poll(async () => (await studio.node('preview').boundingBox())!.width)
    .toBeGreaterThan(before.width + 150);
  await expect(studio.node('preview')).toHaveClass(/nl-node--sized/);
  await studio.fitView(); // again, now that every node is drawn at its size
  await app.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await guideShot(app, 'pipeline-after-run', out);

  // The viewer: full size, zoom with the keys and the wheel, next with the arrow key.
  await preview.click();
  const viewer = app.getByTestId('image-viewer');
  await expect(viewer).toBeVisible();
  const stage = app.getByTestId('image-viewer-stage');
  await expect(stage.locator('img')).toHaveAttribute('src', /\/api\/blob\/[a-f0-9]{64}/);
  await expect(app.getByTestId('image-viewer-info')).toContainText('runcomfy');
  await expect(app.getByTestId('image-viewer-params')).toContainText('Keep the room');
  // Fitted: the (emulator's small) image fills the stage.
  await expect.poll(() => zoomOf(stage)).toBeGreaterThan(1);
  const fitted = await zoomOf(stage);
  await guideShot(app, 'viewer', out);
  await app.keyboard.press('+');
  await expect.poll(() => zoomOf(stage)).toBeCloseTo(fitted * 1.25, 3);
  await app.keyboard.press('1');
  await expect(app.getByTestId('image-viewer-zoom')).toHaveText('100%');
  const s = (await stage.boundingBox())!;
  await app.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
  await app.mouse.wheel(0, 100);
  await expect.poll(() => zoomOf(stage)).toBeCloseTo(0.8, 3);
  await app.keyboard.press('0');
  await expect.poll(() => zoomOf(stage)).toBeCloseTo(fitted, 3);

  // The run's images, each once: the Preview shows the edit's image, listed at the edit.
  const title = viewer.locator('h2');
  await expect(title).toHaveText('Image from Nano Banana Pro Edit (RunComfy) · 2 of 2');
  const first = await stage.locator('img').getAttribute('src');
  await app.keyboard.press('ArrowRight');
  await expect(title).toHaveText('Image from Nano Banana Pro (RunComfy) · 1 of 2'); // round the end
  await expect(stage.locator('img')).not.toHaveAttribute('src', first!);

  // Compare, from the viewer, with History's slider.
  await app.getByTestId('image-viewer-compare').click();
  await expect(app.getByTestId('compare-view')).toBeVisible();
  await guideShot(app, 'compare', out);
  await app.keyboard.press('Escape');
  await expect(app.getByTestId('compare-view')).toBeHidden();
  await expect(viewer).toBeVisible();

  await app.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  // Use as Load Image: the image goes into inputs/ and a new node feeds the edit with it.
  const nodesBefore = await studio.nodeIds();
  const edgesBefore = await studio.edges().count();
  await app.getByTestId('thumb-studio-0').click();
  await app
    .getByTestId('image-viewer-target')
    .selectOption({ label: 'Nano Banana Pro Edit (RunComfy) · Images' });
  await app.getByTestId('image-viewer-use').click();
  await expect(viewer).toBeHidden();
  await expect(studio.edges()).toHaveCount(edgesBefore + 1);
  const added = (await studio.nodeIds()).filter((id) => !nodesBefore.includes(id));
  expect(added).toHaveLength(1);
  await expect(studio.widget(added[0]!, 'source')).toHaveValue(
    /^inputs\/Nano-Banana-Pro-RunComfy-+[0-9a-f]{8}\.png$/,
  );
  const saved = (await studio.widget(added[0]!, 'source').inputValue()).slice('inputs/'.length);
  expect(await readdir(path.join(host.workspace, 'inputs'))).toEqual([saved]);

  await app.getByTestId('btn-history').click();
  await expect(app.getByTestId('history-panel')).toBeVisible();
  await app.getByTestId('history-run').first().click();
  const details = app.getByTestId('history-details');
  await expect(details.getByTestId('history-image')).toHaveCount(3); // both models and the Preview
  await expect
    .poll(() =>
      details
        .getByTestId('history-image')
        .evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0)),
    )
    .toBe(true);
  await guideShot(app, 'history', out);
});

test('Load Image is a picker: Browse uploads a file into inputs/, paste does the same, each shows its image and size; a missing file is named while editing', async ({
  app,
  host,
}, testInfo) => {
  const studio = new Studio(app);

  // Browse: the web host's upload (the desktop opens the OS dialog instead).
  const first = await studio.addNode('load image', { x: 560, y: 220 });
  const chooser = app.waitForEvent('filechooser');
  await app.getByTestId(`widget-${first}-source-browse`).click();
  await (await chooser).setFiles(path.join(host.workspace, 'images', 'still-life.png'));
  await expect(studio.widget(first, 'source')).toHaveValue('inputs/still-life.png');
  await expect(app.getByTestId(`picker-size-${first}`)).toHaveText(/^\d+×\d+$/);
  await expect(app.getByTestId(`picker-preview-${first}`).locator('img')).toHaveAttribute(
    'src',
    /\/api\/thumb\/[a-f0-9]{64}\?size=\d+$/,
  );
  expect(await readFile(path.join(host.workspace, 'inputs', 'still-life.png'))).toEqual(
    await readFile(path.join(host.workspace, 'images', 'still-life.png')),
  );

  // Paste onto the node: the clipboard image is written beside it too, never as data:.
  const second = await studio.addNode('load image', { x: 960, y: 220 });
  await putPaintingOnClipboard(app, 640, 480);
  const nodesBefore = await studio.nodes().count();
  await app.getByTestId(`picker-${second}`).click();
  await app.keyboard.press('Control+V');
  await expect(studio.widget(second, 'source')).toHaveValue(/^inputs\/[\w.-]+\.png$/);
  await expect(app.getByTestId(`picker-size-${second}`)).toHaveText('640×480');
  await expect(studio.nodes()).toHaveCount(nodesBefore); // no extra node from the paste
  expect((await readdir(path.join(host.workspace, 'inputs'))).length).toBe(2);
  await guideShot(app, 'load-image', testInfo.outputPath(), app.locator('.react-flow'));

  // A path to nothing is named on the node at once, not at run time.
  await studio.widget(first, 'source').fill('images/nope.png');
  await expect(app.getByTestId(`widget-${first}-source-message`)).toContainText('file not found');
  await expect(app.getByTestId(`picker-preview-${first}`)).toBeHidden();
  await studio.widget(first, 'source').fill('images/style-reference.png');
  await expect(app.getByTestId(`widget-${first}-source-message`)).toBeHidden();
  await expect(app.getByTestId(`picker-size-${first}`)).toHaveText(/^\d+×\d+$/);
});
