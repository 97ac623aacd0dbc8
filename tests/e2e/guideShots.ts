import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import sharp from 'sharp';

/**
 * Screenshots for the user guide (docs/guide.md), taken by the end-to-end tests as
 * they use the app, so the pictures show the app as it is. Written into docs/images/
 * when UPDATE_GUIDE_SCREENSHOTS=1 (`UPDATE_GUIDE_SCREENSHOTS=1 npx playwright test
 * tests/e2e/viewer.spec.ts`); otherwise into the test's output folder only, so a
 * normal test run leaves the working tree alone. Each is scaled to at most 1200 px
 * wide and saved as a palette PNG: a few hundred KB, not megabytes.
 */
const GUIDE_IMAGES = path.resolve(import.meta.dirname, '../../docs/images');
const MAX_WIDTH = 1200;

export const updatingGuide = (): boolean => process.env['UPDATE_GUIDE_SCREENSHOTS'] === '1';

export async function guideShot(
  page: Page,
  name: string,
  outputDir: string,
  target?: Locator,
): Promise<string> {
  const raw = target ? await target.screenshot() : await page.screenshot();
  const dir = updatingGuide() ? GUIDE_IMAGES : outputDir;
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await sharp(raw)
    .resize({ width: MAX_WIDTH, withoutEnlargement: true })
    .png({ palette: true, quality: 90, effort: 8, compressionLevel: 9 })
    .toFile(file);
  return file;
}
