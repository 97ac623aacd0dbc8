import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { guideShot } from './guideShots';
import { Studio } from './studio';

/**
 * The look, kept deliberate: the main screens in both themes are scanned by axe-core
 * (no serious or critical violations) and compared with committed references.
 *
 * Update the references after a deliberate change of the look:
 *   npx vite build && npx playwright test tests/e2e/look.spec.ts --update-snapshots=all
 * and the user guide's pictures of them:
 *   UPDATE_GUIDE_SCREENSHOTS=1 npx playwright test tests/e2e/look.spec.ts
 */

// Small pictures: the references are committed.
test.use({ viewport: { width: 1100, height: 680 } });

const THEMES = ['dark', 'light'] as const;

/** Serious and critical violations, each as "rule: target, target". */
async function axeProblems(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Times and durations change from run to run: hidden in the comparisons (look.css). */
const LOOK_CSS = path.join(import.meta.dirname, 'look.css');

async function compare(page: Page, name: string, outputDir: string): Promise<void> {
  await expect(page).toHaveScreenshot(`${name}.png`, {
    animations: 'disabled',
    caret: 'hide',
    stylePath: LOOK_CSS,
    maxDiffPixelRatio: 0.01,
  });
  await guideShot(page, name, outputDir);
}

for (const theme of THEMES) {
  test(`the ${theme} theme: empty canvas, a pipeline after a run, Settings, History and the viewer have no serious accessibility problems and look as recorded`, async ({
    app,
  }, testInfo) => {
    const out = testInfo.outputPath();
    // The theme follows the system's setting unless Settings says otherwise.
    await app.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await expect(app.locator('html')).toHaveAttribute('data-theme', theme);
    const studio = new Studio(app);

    // Empty canvas.
    expect(await axeProblems(app)).toEqual([]);
    await compare(app, `look-empty-${theme}`, out);

    // A pipeline after a run against the emulator.
    await studio.open('text-to-image-then-edit.nodeloom');
    await app.getByTestId('btn-run').click();
    await expect(studio.status('rainy-evening')).toContainText('Done', { timeout: 30_000 });
    await expect(app.getByTestId('run-status')).toContainText('Run succeeded');
    await studio.fitView();
    const thumb = app.getByTestId('thumb-preview-0');
    await expect
      .poll(() => thumb.locator('img').evaluate((i) => (i as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    expect(await axeProblems(app)).toEqual([]);
    await compare(app, `look-pipeline-${theme}`, out);

    // Settings.
    await app.getByTestId('btn-settings').click();
    const settings = app.getByTestId('settings-dialog');
    await expect(settings).toBeVisible();
    expect(await axeProblems(app, '[data-testid=settings-dialog]')).toEqual([]);
    await compare(app, `look-settings-${theme}`, out);
    await app.keyboard.press('Escape');
    await expect(settings).toBeHidden();

    // History.
    await app.getByTestId('btn-history').click();
    const history = app.getByTestId('history-panel');
    await expect(history.getByTestId('history-run').first()).toBeVisible();
    await expect
      .poll(() =>
        history
          .locator('img')
          .evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0)),
      )
      .toBe(true);
    expect(await axeProblems(app)).toEqual([]);
    await compare(app, `look-history-${theme}`, out);
    await app.getByTestId('btn-history').click();
    await expect(history).toBeHidden();

    // The viewer.
    await thumb.click();
    const viewer = app.getByTestId('image-viewer');
    await expect(viewer).toBeVisible();
    await expect
      .poll(() =>
        viewer
          .locator('img')
          .first()
          .evaluate((i) => (i as HTMLImageElement).naturalWidth),
      )
      .toBeGreaterThan(0);
    expect(await axeProblems(app, '[data-testid=image-viewer]')).toEqual([]);
    await compare(app, `look-viewer-${theme}`, out);
    await app.keyboard.press('Escape');
    await expect(viewer).toBeHidden();
  });
}
