import { modelNodeType, ModelEntrySchema } from './model';
import type { ModelEntry, ModelOrigin } from './model';
import { zodIssues } from '../workflow/zodPath';

export interface CatalogSource {
  /** Where the entry came from, for error messages (a file path). */
  origin: string;
  json: unknown;
  /** Stamped on the entry when set; the user's entries never replace bundled ones. */
  from?: ModelOrigin;
}

export interface CatalogLoadResult {
  models: ModelEntry[];
  /** Entries that were skipped, each naming its origin, the field and the problem. */
  errors: string[];
}

/**
 * Parses catalog data files one by one: a broken file is skipped with a message
 * naming it, and never takes the other models down with it. Bundled sources must
 * come first: a user's file for a node type the app already has is skipped with a
 * message, so a bundled model never changes behind the artist's back.
 */
export function parseCatalog(sources: readonly CatalogSource[]): CatalogLoadResult {
  const models: ModelEntry[] = [];
  const errors: string[] = [];
  const seen = new Map<string, { origin: string; from?: ModelOrigin }>();
  for (const { origin, json, from } of sources) {
    const parsed = ModelEntrySchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of zodIssues(parsed.error))
        errors.push(`${origin}: ${issue.path}: ${issue.message}`);
      continue;
    }
    const type = modelNodeType(parsed.data);
    const earlier = seen.get(type);
    if (earlier) {
      errors.push(
        from === 'user' && earlier.from === 'bundled'
          ? `${origin}: ${type} is a bundled model (${earlier.origin}); the bundled one is used. Give this file another endpoint or remove it`
          : `${origin}: ${type} is already defined by ${earlier.origin}`,
      );
      continue;
    }
    seen.set(type, { origin, ...(from ? { from } : {}) });
    models.push(from ? { ...parsed.data, origin: from } : parsed.data);
  }
  models.sort((a, b) => modelNodeType(a).localeCompare(modelNodeType(b)));
  return { models, errors };
}
