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
  const { sources, errors } = await readCatalogDir(dir);
  const result = parseCatalog(sources);
  return { models: result.models, errors: [...errors, ...result.errors] };
}

/** The JSON files below `dir` (a missing folder has none), and the ones that are not JSON. */
export async function readCatalogDir(
  dir: string,
  from?: CatalogSource['from'],
): Promise<{ sources: CatalogSource[]; errors: string[] }> {
  const names = (await catalogFileNames(dir)).sort();
  const sources: CatalogSource[] = [];
  const errors: string[] = [];
  for (const name of names) {
    const origin = path.join(dir, name);
    try {
      const json: unknown = JSON.parse(await readFile(origin, 'utf8'));
      sources.push({ origin, json, ...(from ? { from } : {}) });
    } catch (e) {
      errors.push(`${origin}: ${(e as Error).message}`);
    }
  }
  return { sources, errors };
}

/** `*.json` paths below `dir`, relative to it; none when the folder does not exist. */
export async function catalogFileNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true })).filter((name) => name.endsWith('.json'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}
