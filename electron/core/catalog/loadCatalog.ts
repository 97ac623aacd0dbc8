import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCatalog } from '../../../shared/catalog/catalog';
import type { CatalogLoadResult, CatalogSource } from '../../../shared/catalog/catalog';

/** The catalog data files in the source tree: one JSON file per endpoint. */
export const DEFAULT_CATALOG_DIR = fileURLToPath(
  new URL('../../../shared/catalog/models/', import.meta.url),
);

/**
 * Reads every `*.json` below `dir`. Adding a model is adding a file there: nothing
 * lists the files by name.
 */
export async function loadCatalog(dir: string = DEFAULT_CATALOG_DIR): Promise<CatalogLoadResult> {
  const names = (await readdir(dir, { recursive: true }))
    .filter((name) => name.endsWith('.json'))
    .sort();
  const sources: CatalogSource[] = [];
  const errors: string[] = [];
  for (const name of names) {
    const origin = path.join(dir, name);
    try {
      sources.push({ origin, json: JSON.parse(await readFile(origin, 'utf8')) });
    } catch (e) {
      errors.push(`${origin}: ${(e as Error).message}`);
    }
  }
  const result = parseCatalog(sources);
  return { models: result.models, errors: [...errors, ...result.errors] };
}
