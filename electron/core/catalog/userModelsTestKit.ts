import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_CATALOG_DIR } from './loadCatalog';

/** Test kit: a bundled entry under another endpoint, which makes a valid user model file. */
export async function userModelJson(endpoint: string): Promise<Record<string, unknown>> {
  const bundled = JSON.parse(
    await readFile(
      path.join(DEFAULT_CATALOG_DIR, 'runcomfy/google/nano-banana/pro/text-to-image.json'),
      'utf8',
    ),
  ) as Record<string, unknown>;
  return { ...bundled, endpoint, displayName: 'My T2I', family: 'Mine' };
}
