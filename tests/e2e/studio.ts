import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

/** A page object for the studio: what a user sees and does, in their words. */
export class Studio {
  constructor(readonly page: Page) {}

  get pane(): Locator {
    return this.page.locator('.react-flow__pane');
  }

  nodes(): Locator {
    return this.page.locator('.react-flow__node');
  }

  edges(): Locator {
    return this.page.locator('.react-flow__edge');
  }

  /** The ids of the nodes on the canvas. */
  async nodeIds(): Promise<string[]> {
    const ids = await this.page
      .locator('[data-testid^="node-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('node-'.length)));
    return ids.filter((id) => !id.startsWith('library'));
  }

  node(id: string): Locator {
    return this.page.getByTestId(`node-${id}`);
  }

  handle(nodeId: string, port: string): Locator {
    return this.page.getByTestId(`handle-${nodeId}-${port}`);
  }

  widget(nodeId: string, key: string): Locator {
    return this.page.getByTestId(`widget-${nodeId}-${key}`);
  }

  status(nodeId: string): Locator {
    return this.page.getByTestId(`status-${nodeId}`);
  }

  /** Double-clicks empty canvas at (x, y), searches the palette and picks the first match. */
  async addNode(query: string, at: { x: number; y: number }): Promise<string> {
    const before = new Set(await this.nodeIds());
    await this.page.mouse.dblclick(at.x, at.y);
    await this.pickFromPalette(query);
    return this.newNodeId(before);
  }

  async pickFromPalette(query: string): Promise<void> {
    const input = this.page.getByTestId('palette-input');
    await expect(input).toBeVisible();
    await input.fill(query);
    await this.page.keyboard.press('Enter');
    await expect(this.page.getByTestId('palette')).toBeHidden();
  }

  private async newNodeId(before: Set<string>): Promise<string> {
    await expect
      .poll(async () => (await this.nodeIds()).filter((id) => !before.has(id)).length)
      .toBe(1);
    return (await this.nodeIds()).find((id) => !before.has(id))!;
  }

  /** Drags a wire between two handles with real mouse moves, as React Flow needs. */
  async connect(from: Locator, to: Locator): Promise<void> {
    const a = await center(from);
    const b = await center(to);
    await this.page.mouse.move(a.x, a.y);
    await this.page.mouse.down();
    await this.page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
    await this.page.mouse.move(b.x, b.y, { steps: 8 });
    await this.page.mouse.up();
  }

  /** Drags a wire from a port to empty canvas, then picks a node in the palette that opens. */
  async wireToNewNode(from: Locator, at: { x: number; y: number }, query: string): Promise<string> {
    const before = new Set(await this.nodeIds());
    const a = await center(from);
    await this.page.mouse.move(a.x, a.y);
    await this.page.mouse.down();
    await this.page.mouse.move(at.x, at.y, { steps: 12 });
    await this.page.mouse.up();
    await this.pickFromPalette(query);
    return this.newNodeId(before);
  }

  /** Fits the whole graph on screen (off-screen nodes are not drawn at all). */
  async fitView(): Promise<void> {
    await this.page.locator('.react-flow__controls-fitview').click();
    // Settled: not moving, and the same transform on three frames in a row (the view
    // change lands on an animation frame after the click).
    await this.page.waitForFunction(
      () => {
        const w = window as unknown as { fitViewSeen?: string[] };
        const view = document.querySelector<HTMLElement>('.react-flow__viewport');
        const moving = document.querySelector('.nl-moving') !== null;
        const seen = [...(w.fitViewSeen ?? []), moving ? '' : (view?.style.transform ?? '')];
        w.fitViewSeen = seen.slice(-3);
        return seen.length >= 3 && seen.slice(-3).every((t) => t !== '' && t === seen.at(-1));
      },
      undefined,
      { polling: 'raf' },
    );
    await this.page.evaluate(() => delete (window as { fitViewSeen?: string[] }).fitViewSeen);
  }

  /** Opens a workflow from the workspace through the app's own file dialog. */
  async open(name: string): Promise<void> {
    await this.page.getByTestId('btn-open').click();
    const entry = this.page.locator(`[data-testid=file-dialog-entry][data-name="${name}"]`);
    await entry.click();
    await this.page.getByTestId('file-dialog-confirm').click();
    await expect(this.page.getByTestId('file-dialog')).toBeHidden();
  }

  async saveAs(name: string): Promise<void> {
    await this.page.getByTestId('btn-save-as').click();
    await this.page.getByTestId('file-dialog-name').fill(name);
    await this.page.keyboard.press('Enter');
    await expect(this.page.getByTestId('file-dialog')).toBeHidden();
  }

  /**
   * Puts a PNG of `width` x `height` on the system clipboard, as a screenshot tool
   * does (the same browser API, with the clipboard permissions granted).
   */
  async putImageOnClipboard(width: number, height: number): Promise<void> {
    await this.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(this.page.url()).origin,
    });
    await this.page.evaluate(
      async ({ width, height }) => {
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        const blob = await new Promise<Blob>((resolve) =>
          canvas.toBlob((b) => resolve(b!), 'image/png'),
        );
        await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
      },
      { width, height },
    );
  }
}

async function center(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element not on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}
