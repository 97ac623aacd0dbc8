import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { PNG_WORKFLOW_KEY, writePngText } from '../../shared/png/pngText';
import { expect, test } from './fixtures';
import { Studio } from './studio';

/** Drops a file on the canvas the way a file manager does (a DataTransfer with a File). */
async function dropFile(page: Page, bytes: Uint8Array, name: string, type: string): Promise<void> {
  await page.evaluate(
    ({ b64, name, type }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], name, { type }));
      const pane = document.querySelector('.react-flow__pane')!;
      const at = { clientX: 700, clientY: 420, bubbles: true, cancelable: true, dataTransfer: dt };
      pane.dispatchEvent(new DragEvent('dragover', at));
      pane.dispatchEvent(new DragEvent('drop', at));
    },
    { b64: Buffer.from(bytes).toString('base64'), name, type },
  );
}

test('dropping an output PNG on the canvas opens the graph it carries; a plain image becomes a Load Image node', async ({
  app,
  host,
}) => {
  const studio = new Studio(app);
  const workflow = await readFile(
    path.join(host.workspace, 'text-to-image-then-edit.nodeloom'),
    'utf8',
  );
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c05030' } })
    .png()
    .toBuffer();

  await dropFile(
    app,
    writePngText(png, { [PNG_WORKFLOW_KEY]: workflow }),
    'nodeloom_edit_01.png',
    'image/png',
  );
  await studio.fitView();
  await expect(studio.nodes()).toHaveCount(4);
  await expect(studio.edges()).toHaveCount(3);
  await expect(app).toHaveTitle(/Untitled/);

  await dropFile(app, png, 'photo.png', 'image/png');
  await expect(studio.nodes()).toHaveCount(5);
  const loadImage = app.locator('.react-flow__node.selected');
  await expect(loadImage).toContainText('Load Image');
});

test('pasting an image from the system clipboard (Ctrl+V) creates a Load Image node holding it', async ({
  app,
}) => {
  const studio = new Studio(app);
  await studio.fitView();
  const before = await studio.nodes().count();
  await studio.putImageOnClipboard(40, 30);
  // Beside the welcome panel, which sits in the middle of an empty canvas.
  await studio.pane.click({ position: { x: 40, y: 600 } });
  await app.keyboard.press('Control+V');
  await expect(studio.nodes()).toHaveCount(before + 1);
  const loadImage = app.locator('.react-flow__node.selected');
  await expect(loadImage).toContainText('Load Image');
  // The image is in the node itself (a data URI), so the workflow carries it; the node
  // names it by its size, never by its data.
  await expect(loadImage.locator('.nl-picker__embedded')).toHaveText('Embedded image (40×30)');
  await expect(loadImage).not.toContainText('data:image');
});

test('dropping a .nodeloom file opens it', async ({ app, host }) => {
  const studio = new Studio(app);
  const text = await readFile(path.join(host.workspace, 'one-prompt-three-models.nodeloom'));
  await dropFile(app, text, 'one-prompt-three-models.nodeloom', '');
  await studio.fitView();
  const count = await expectedNodes(text);
  // Fitted, a spread-out graph may be drawn as the overview (below the detail zoom).
  const overview = app.getByTestId('canvas-overview');
  if (await overview.isVisible())
    await expect(overview).toHaveAttribute('aria-label', new RegExp(`: ${count} nodes,`));
  else await expect(studio.nodes()).toHaveCount(count);
});

async function expectedNodes(text: Uint8Array): Promise<number> {
  return (JSON.parse(Buffer.from(text).toString('utf8')) as { graph: { nodes: unknown[] } }).graph
    .nodes.length;
}
