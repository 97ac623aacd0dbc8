import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { Studio } from './studio';

/**
 * Below the detail zoom the graph is drawn on one canvas (renderer/canvas/overview):
 * there is no node DOM, so everything here is done by pointer at the places the
 * boxes are drawn, computed from the positions the nodes had at zoom 1 and the
 * overview's view. What the store holds is read back from a saved file.
 */

type Point = { x: number; y: number };

/** Where flow point `p` is on the page, from the view the overview last drew. */
async function toScreen(page: Page, p: Point): Promise<Point> {
  const overview = page.getByTestId('canvas-overview');
  const [x, y, zoom] = ((await overview.getAttribute('data-view')) ?? '0,0,1')
    .split(',')
    .map(Number) as [number, number, number];
  const box = (await overview.boundingBox())!;
  return { x: box.x + x + p.x * zoom, y: box.y + y + p.y * zoom };
}

/** The flow position of a handle's centre while React Flow draws the node (zoom 1). */
async function handleFlowCentre(page: Page, testId: string): Promise<Point> {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`)!.getBoundingClientRect();
    const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
    const m = /translate\(([-\d.]+)px, ?([-\d.]+)px\) scale\(([\d.]+)\)/.exec(
      document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform,
    )!;
    const [tx, ty, z] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return {
      x: (el.left + el.width / 2 - pane.left - tx) / z,
      y: (el.top + el.height / 2 - pane.top - ty) / z,
    };
  }, testId);
}

/** A node's flow position: React Flow places it with translate(x, y) in flow px. */
async function nodeFlowPosition(page: Page, id: string): Promise<Point> {
  const t = await page.locator(`.react-flow__node[data-id="${id}"]`).evaluate((el) => {
    return (el as HTMLElement).style.transform;
  });
  const m = /translate\(([-\d.]+)px, ?([-\d.]+)px\)/.exec(t)!;
  return { x: Number(m[1]), y: Number(m[2]) };
}

/** Zooms out with the Controls' button until the overview is drawn and the view settles. */
async function zoomOutToOverview(page: Page): Promise<void> {
  const overview = page.getByTestId('canvas-overview');
  for (let i = 0; i < 8 && !(await overview.isVisible()); i++) {
    await page.locator('.react-flow__controls-zoomout').click();
  }
  await expect(overview).toBeVisible();
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
  // Settled: the same view on three animation frames in a row.
  await page.waitForFunction(
    () => {
      const w = window as unknown as { seen?: string[] };
      const v = document.querySelector<HTMLElement>('.nl-overview')?.dataset.view ?? '';
      w.seen = [...(w.seen ?? []), v].slice(-3);
      return w.seen.length === 3 && w.seen.every((s) => s && s === v);
    },
    undefined,
    { polling: 'raf' },
  );
  await page.evaluate(() => delete (window as { seen?: string[] }).seen);
}

async function savedGraph(page: Page, studio: Studio, workspace: string, name: string) {
  await studio.saveAs(name);
  // Saved: the window names the file (and the unsaved marker is gone).
  await expect(page).toHaveTitle(new RegExp(`^${name}\\.nodeloom — Nodeloom$`));
  const file = JSON.parse(await readFile(join(workspace, `${name}.nodeloom`), 'utf8')) as {
    graph: {
      nodes: Array<{ id: string; position: Point }>;
      edges: Array<{ source: string; sourceHandle: string; target: string; targetHandle: string }>;
    };
  };
  return file.graph;
}

test('zoomed out to the overview: a click selects a node, a drag moves it in the document, a wire between two ports connects them, a shift-drag box selects both', async ({
  app,
  host,
}) => {
  const studio = new Studio(app);
  const prompt = await studio.addNode('prompt', { x: 300, y: 200 });
  const edit = await studio.addNode('pro edit runcomfy', { x: 800, y: 200 });
  const promptAt = await nodeFlowPosition(app, prompt);
  const editAt = await nodeFlowPosition(app, edit);
  const out = await handleFlowCentre(app, `handle-${prompt}-text`);
  const into = await handleFlowCentre(app, `handle-${edit}-prompt`);
  await studio.pane.click({ position: { x: 40, y: 600 } });
  await expect(app.getByTestId('btn-run-selected')).toBeDisabled();

  await zoomOutToOverview(app);
  const zoom = Number(
    (await app.getByTestId('canvas-overview').getAttribute('data-view'))!.split(',')[2],
  );
  expect(zoom).toBeLessThan(0.45);

  // Select: a click on the box's title band; a click on empty canvas clears it.
  const title = await toScreen(app, { x: promptAt.x + 60, y: promptAt.y + 12 });
  await app.mouse.click(title.x, title.y);
  await expect(app.getByTestId('btn-run-selected')).toBeEnabled();
  const empty = await toScreen(app, { x: promptAt.x - 200, y: promptAt.y - 150 });
  await app.mouse.click(empty.x, empty.y);
  await expect(app.getByTestId('btn-run-selected')).toBeDisabled();

  // Drag: 40 px right and 60 px down on screen is that divided by the zoom in the document.
  await app.mouse.move(title.x, title.y);
  await app.mouse.down();
  await app.mouse.move(title.x + 20, title.y + 30, { steps: 4 });
  await app.mouse.move(title.x + 40, title.y + 60, { steps: 4 });
  await app.mouse.up();
  await expect(app.getByTestId('btn-run-selected')).toBeEnabled();
  const moved = { x: promptAt.x + 40 / zoom, y: promptAt.y + 60 / zoom };

  // Connect: from the Prompt's text output (where it is now) to the edit model's prompt input.
  const from = await toScreen(app, { x: out.x + 40 / zoom, y: out.y + 60 / zoom });
  const to = await toScreen(app, into);
  await app.mouse.move(from.x, from.y);
  await app.mouse.down();
  await app.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 6 });
  await app.mouse.move(to.x, to.y, { steps: 6 });
  await app.mouse.up();

  const graph = await savedGraph(app, studio, host.workspace, 'overview-edits');
  const saved = graph.nodes.find((n) => n.id === prompt)!.position;
  expect(Math.abs(saved.x - moved.x)).toBeLessThan(1.5 / zoom);
  expect(Math.abs(saved.y - moved.y)).toBeLessThan(1.5 / zoom);
  expect(graph.edges).toEqual([
    expect.objectContaining({
      source: prompt,
      sourceHandle: 'text',
      target: edit,
      targetHandle: 'prompt',
    }),
  ]);

  // Back above the detail zoom, React Flow draws the nodes again, wired.
  await studio.fitView();
  await expect(studio.edges()).toHaveCount(1);
  await expect(studio.nodes()).toHaveCount(2);

  // Box select: Shift and a drag around both boxes selects both (Delete then removes both).
  await zoomOutToOverview(app);
  const corner = await toScreen(app, {
    x: Math.min(moved.x, editAt.x) - 60,
    y: Math.min(moved.y, editAt.y) - 60,
  });
  const across = await toScreen(app, { x: editAt.x + 400, y: moved.y + 500 });
  await app.keyboard.down('Shift');
  await app.mouse.move(corner.x, corner.y);
  await app.mouse.down();
  await app.mouse.move(across.x, across.y, { steps: 8 });
  await app.mouse.up();
  await app.keyboard.up('Shift');
  await expect(app.getByTestId('btn-run-selected')).toBeEnabled();
  await expect(app.getByTestId('btn-run')).toBeEnabled();
  await app.keyboard.press('Delete');
  // Run is disabled only when the document has no nodes left.
  await expect(app.getByTestId('btn-run')).toBeDisabled();
});

test('the overview of a run: titles readable, each model shows its image', async ({ app }) => {
  const studio = new Studio(app);
  await studio.open('text-to-image-then-edit.nodeloom');
  await studio.fitView();
  await app.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
  await app.keyboard.press('Control+Enter');
  for (const id of ['studio', 'rainy-evening']) {
    await expect(studio.status(id)).toContainText('Done', { timeout: 30_000 });
    await expect(app.getByTestId(`thumb-${id}-0`)).toBeVisible();
  }
  await zoomOutToOverview(app);
  // The thumbnails load (from the host, at the size the nodes asked for) and are drawn.
  await expect
    .poll(() =>
      app.getByTestId('canvas-overview').evaluate((c: HTMLCanvasElement) => {
        // Pixels in the middle of the edit model's box below its ports: not its body colour.
        const ctx = c.getContext('2d')!;
        const [x, y, z] = c.dataset.view!.split(',').map(Number) as [number, number, number];
        const dpr = c.width / c.clientWidth;
        const px = ctx.getImageData((x + (840 + 140) * z) * dpr, (y + 300 * z) * dpr, 1, 1).data;
        // The body colour of the theme shown (the overview reads it from the same variable).
        let body = getComputedStyle(c).getPropertyValue('--nl-node-bg').trim();
        if (body.length === 4) body = '#' + [...body.slice(1)].map((ch) => ch + ch).join('');
        const rgb = [1, 3, 5].map((i) => parseInt(body.slice(i, i + 2), 16));
        return rgb.some((v, i) => Math.abs(v - px[i]!) > 3);
      }),
    )
    .toBe(true);
  await app.getByTestId('canvas').screenshot({ path: 'test-results/canvas-overview.png' });
});

test('the overview draws groups and bypassed nodes as the DOM view does: a tinted group bar, a bypassed title band, words for both', async ({
  app,
}) => {
  const studio = new Studio(app);
  await studio.open('text-to-image-then-edit.nodeloom');
  await studio.fitView();
  const clickTitle = (id: string, add = false) =>
    studio
      .node(id)
      .locator('.nl-node__title')
      .click({ position: { x: 8, y: 8 }, ...(add ? { modifiers: ['Control'] as const } : {}) });
  await clickTitle('prompt');
  await clickTitle('studio', true);
  await app.keyboard.press('Control+g');
  await expect(app.locator('.nl-group')).toHaveCount(1);
  await clickTitle('rainy-evening');
  await app.keyboard.press('Control+b');
  await expect(studio.node('rainy-evening')).toHaveClass(/nl-node--mode-bypass/);
  await studio.pane.click({ position: { x: 30, y: 30 } });

  // Where the group and the bypassed node are (flow px), and the group's colour.
  const flowRect = (selector: string) =>
    app.locator(selector).evaluate((el) => {
      const m = /translate\(([-\d.]+)px, ?([-\d.]+)px\)/.exec((el as HTMLElement).style.transform)!;
      const z = Number(
        /scale\(([\d.]+)\)/.exec(
          document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform,
        )![1],
      );
      const r = el.getBoundingClientRect();
      return { x: Number(m[1]), y: Number(m[2]), w: r.width / z, h: r.height / z };
    });
  const group = await flowRect('.react-flow__node-nl-group');
  const edit = await flowRect('.react-flow__node[data-id="rainy-evening"]');
  const groupColour = await app
    .locator('.nl-group')
    .evaluate((el) => (el as HTMLElement).style.getPropertyValue('--nl-group-color'));

  await zoomOutToOverview(app);
  const overview = app.getByTestId('canvas-overview');
  await expect(overview).toHaveAttribute('aria-label', /, 1 group, 1 bypassed,/);

  /** Whether a pixel along the flow segment a->b is within 6 per channel of the CSS colour mix. */
  const anyPixelNear = (
    a: Point,
    b: Point,
    mix: { colour: string; over: string; share: number },
  ): Promise<{ near: boolean; want: number[]; seen: number[][] }> =>
    overview.evaluate(
      (c: HTMLCanvasElement, { a, b, mix }) => {
        const style = getComputedStyle(c);
        const rgb = (v: string) => {
          let s = (v.startsWith('--') ? style.getPropertyValue(v) : v).trim();
          if (s.length === 4) s = '#' + [...s.slice(1)].map((ch) => ch + ch).join('');
          return [1, 3, 5].map((i) => parseInt(s.slice(i, i + 2), 16));
        };
        const x = rgb(mix.colour);
        const y = rgb(mix.over);
        const want = x.map((v, i) => v * mix.share + y[i]! * (1 - mix.share));
        const ctx = c.getContext('2d')!;
        const [vx, vy, z] = c.dataset.view!.split(',').map(Number) as [number, number, number];
        const dpr = c.width / c.clientWidth;
        const seen: number[][] = [];
        for (let t = 0; t <= 1; t += 0.05) {
          const fx = a.x + (b.x - a.x) * t;
          const fy = a.y + (b.y - a.y) * t;
          const px = ctx.getImageData((vx + fx * z) * dpr, (vy + fy * z) * dpr, 1, 1).data;
          seen.push([...px]);
          if (want.every((v, i) => Math.abs(v - px[i]!) <= 6)) return { near: true, want, seen };
        }
        // What was seen and wanted, for the failure message.
        return { near: false, want, seen };
      },
      { a, b, mix },
    );

  // The group's bar: 55% of its colour over the node background (organise.css), along its length.
  const bar = await anyPixelNear(
    { x: group.x + group.w / 2, y: group.y + 10 },
    { x: group.x + group.w - 10, y: group.y + 10 },
    { colour: groupColour, over: '--nl-node-bg', share: 0.55 },
  );
  expect(bar.near, JSON.stringify(bar)).toBe(true);
  // The bypassed node's title band: the bypass colour over the header, down its right end.
  const band = await anyPixelNear(
    { x: edit.x + edit.w - 12, y: edit.y + 2 },
    { x: edit.x + edit.w - 12, y: edit.y + 28 },
    { colour: '--nl-mode-bypass', over: '--nl-node-head', share: 0.5 },
  );
  expect(band.near, JSON.stringify(band)).toBe(true);
  await app.getByTestId('canvas').screenshot({ path: 'test-results/canvas-overview-groups.png' });

  // The system turns to the other theme: the overview is drawn again in its colours.
  const theme = await app.evaluate(() => document.documentElement.dataset.theme);
  const other = theme === 'light' ? 'dark' : 'light';
  await app.emulateMedia({ colorScheme: other });
  await expect(app.locator('html')).toHaveAttribute('data-theme', other);
  await expect
    .poll(async () => {
      const seen = await anyPixelNear(
        { x: group.x + group.w / 2, y: group.y + 10 },
        { x: group.x + group.w - 10, y: group.y + 10 },
        { colour: groupColour, over: '--nl-node-bg', share: 0.55 },
      );
      return seen.near;
    })
    .toBe(true);
  await app
    .getByTestId('canvas')
    .screenshot({ path: `test-results/canvas-overview-groups-${other}.png` });
});
