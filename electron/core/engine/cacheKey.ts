import { sha256 } from '../storage/blobStore';

/** JSON with object keys sorted, so equal values always hash equally. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

/** Bump when the meaning of a cached result changes, to retire old entries. */
const CACHE_VERSION = 1;

/**
 * The identity of a model job: node type, provider and its base URL, endpoint, the resolved input
 * values, and the content hashes of its input images (not their URLs, which
 * change). Same key, same paid result: it is never requested again.
 */
export function modelCacheKey(parts: {
  type: string;
  provider: string;
  baseUrl: string;
  endpoint: string;
  params: Record<string, unknown>;
  imageHashes: readonly string[];
  /**
   * The variant of a run with variants (shared/plan/expand). Only 2 and up are part
   * of the key: variant 1 is the run without variants and keeps its key (and results).
   */
  variant?: number;
}): string {
  const { variant, ...rest } = parts;
  if (variant !== undefined && variant > 1)
    return sha256(stableStringify({ v: CACHE_VERSION, ...rest, variant }));
  return sha256(stableStringify({ v: CACHE_VERSION, ...rest }));
}
