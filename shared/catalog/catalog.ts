import { modelNodeType, ModelEntrySchema } from './model';
import type { ModelEntry } from './model';
import { zodIssues } from '../workflow/zodPath';

export interface CatalogSource {
  /** Where the entry came from, for error messages (a file path). */
  origin: string;
  json: unknown;
}

export interface CatalogLoadResult {
  models: ModelEntry[];
  /** Entries that were skipped, each naming its origin, the field and the problem. */
  errors: string[];
}

/**
 * Parses catalog data files one by one: a broken file is skipped with a message
 * naming it, and never takes the other models down with it.
 */
export function parseCatalog(sources: readonly CatalogSource[]): CatalogLoadResult {
  const models: ModelEntry[] = [];
  const errors: string[] = [];
  const seen = new Map<string, string>();
  for (const { origin, json } of sources) {
    const parsed = ModelEntrySchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of zodIssues(parsed.error))
        errors.push(`${origin}: ${issue.path}: ${issue.message}`);
      continue;
    }
    const type = modelNodeType(parsed.data);
    const earlier = seen.get(type);
    if (earlier) {
      errors.push(`${origin}: ${type} is already defined by ${earlier}`);
      continue;
    }
    seen.set(type, origin);
    models.push(parsed.data);
  }
  models.sort((a, b) => modelNodeType(a).localeCompare(modelNodeType(b)));
  return { models, errors };
}
