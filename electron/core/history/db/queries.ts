import type { z } from 'zod';
import type { GalleryImageSchema, HistoryQuery } from '../../../../shared/contract/hostApi';
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';

/** Filters over the run history and a page: the contract's, read as is. */
export type RunQuery = HistoryQuery;

export const MAX_PAGE = 1000;

/**
 * The words of a search as an FTS5 query: each word quoted (so no user text is read
 * as FTS syntax), all required, the last one also as a prefix (search as you type).
 */
export function ftsQuery(text: string): string | null {
  // Split as the unicode61 tokenizer splits (`_` separates): one token per quoted word.
  const words = text.match(/[\p{L}\p{N}]+/gu);
  if (!words) return null;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

/** The WHERE clause (over `runs r`) and its parameters for a query's filters. */
export function whereOf(q: RunQuery): { sql: string; params: SQLInputValue[] } {
  const clauses: string[] = [];
  const params: SQLInputValue[] = [];
  if (q.text !== undefined) {
    const match = ftsQuery(q.text);
    if (match !== null) {
      clauses.push('r.id IN (SELECT rowid FROM runs_text WHERE runs_text MATCH ?)');
      params.push(match);
    }
  }
  if (q.model) {
    clauses.push(
      'EXISTS (SELECT 1 FROM run_nodes n WHERE n.run_id = r.run_id AND (n.endpoint = ? OR n.type = ?))',
    );
    params.push(q.model, q.model);
  }
  if (q.provider) {
    clauses.push('EXISTS (SELECT 1 FROM run_nodes n WHERE n.run_id = r.run_id AND n.provider = ?)');
    params.push(q.provider);
  }
  if (q.status) {
    clauses.push('r.status = ?');
    params.push(q.status);
  }
  if (q.from !== undefined) {
    clauses.push('r.started_at >= ?');
    params.push(q.from);
  }
  if (q.to !== undefined) {
    clauses.push('r.started_at <= ?');
    params.push(q.to);
  }
  if (q.minUsd !== undefined) {
    clauses.push('r.actual_usd >= ?');
    params.push(q.minUsd);
  }
  if (q.maxUsd !== undefined) {
    clauses.push('r.actual_usd <= ?');
    params.push(q.maxUsd);
  }
  if (q.favourite) {
    clauses.push(
      'EXISTS (SELECT 1 FROM images i JOIN favourites f ON f.hash = i.hash WHERE i.run_id = r.run_id)',
    );
  }
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const pageOf = (q: RunQuery): [number, number] => [
  Math.min(Math.max(1, q.limit ?? 50), MAX_PAGE),
  Math.max(0, q.offset ?? 0),
];

/**
 * Matches are counted up to this many past the page: a count of every match would
 * cost as much as reading them all, and "1,000+" says enough.
 */
export const COUNT_AHEAD = 1000;

/** How many rows `from` (with its WHERE) has, up to the page's end plus COUNT_AHEAD. */
function countUpTo(
  db: DatabaseSync,
  from: string,
  params: SQLInputValue[],
  q: RunQuery,
): { total: number; capped: boolean } {
  const [limit, offset] = pageOf(q);
  const cap = offset + limit + COUNT_AHEAD;
  const n = Number(
    (
      db.prepare(`SELECT count(*) AS n FROM (SELECT 1 ${from} LIMIT ?)`).get(...params, cap) as {
        n: number;
      }
    ).n,
  );
  return { total: n, capped: n >= cap };
}

/** One page of runs, newest first, with how many match (up to a cap). */
export function queryRuns(
  db: DatabaseSync,
  q: RunQuery,
): { rows: { run_id: string; item: string }[]; total: number; capped: boolean } {
  const { sql, params } = whereOf(q);
  const rows = db
    .prepare(
      // Walked newest first by the index, filters probed per run: no sort of every match.
      `SELECT r.run_id, r.item FROM runs r INDEXED BY runs_newest ${sql}
       ORDER BY r.started_at DESC, r.run_id DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, ...pageOf(q)) as { run_id: string; item: string }[];
  return { rows, ...countUpTo(db, `FROM runs r ${sql}`, params, q) };
}

export type GalleryImage = z.output<typeof GalleryImageSchema>;

/** One page of images across runs (the runs filtered as by queryRuns), newest first. */
export function queryImages(
  db: DatabaseSync,
  q: RunQuery,
): { images: GalleryImage[]; total: number; capped: boolean } {
  const { sql, params } = whereOf(q);
  const favouriteOnly = q.favourite ? 'AND f.hash IS NOT NULL' : '';
  // Paged through images_newest: the run of each image is looked up, not sorted.
  const from = `FROM images i INDEXED BY images_newest JOIN runs r ON r.run_id = i.run_id LEFT JOIN favourites f ON f.hash = i.hash`;
  const where = sql ? `${sql} ${favouriteOnly}` : favouriteOnly ? `WHERE f.hash IS NOT NULL` : '';
  const rows = db
    .prepare(
      `SELECT i.run_id, i.node_id, i.position, i.hash, i.mime_type, i.width, i.height, i.bytes,
              r.started_at, f.hash IS NOT NULL AS favourite
       ${from} ${where}
       ORDER BY i.started_at DESC, i.run_id DESC, i.node_id, i.position LIMIT ? OFFSET ?`,
    )
    .all(...params, ...pageOf(q)) as Record<string, string | number>[];
  return {
    ...countUpTo(db, `${from} ${where}`, params, q),
    images: rows.map((r) => ({
      runId: String(r.run_id),
      nodeId: String(r.node_id),
      position: Number(r.position),
      hash: String(r.hash),
      mimeType: String(r.mime_type),
      width: Number(r.width),
      height: Number(r.height),
      bytes: Number(r.bytes),
      startedAt: Number(r.started_at),
      favourite: Number(r.favourite) === 1,
    })),
  };
}
