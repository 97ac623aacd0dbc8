import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { z } from 'zod';
import { QueueItemStateSchema, RunRequestSchema } from '../../../shared/contract/hostApi';
import { CostEstimateSchema } from '../../../shared/run/events';
import { inTransaction } from '../history/db/historyDb';

/** What a queued run starts with: run.start's request, never a Resend. */
export const QueuedRequestSchema = RunRequestSchema.omit({ resend: true });
export type QueuedRequest = z.output<typeof QueuedRequestSchema>;

/** One row's payload: the request as queued and what the queue knows about it. */
const PayloadSchema = z.object({
  state: QueueItemStateSchema,
  name: z.string(),
  owner: z.string().optional(),
  request: QueuedRequestSchema,
  nodeCount: z.number().int().nonnegative(),
  jobCount: z.number().int().nonnegative(),
  estimate: CostEstimateSchema,
  runId: z.string().optional(),
  message: z.string().optional(),
});
export type QueuePayload = z.output<typeof PayloadSchema>;

export interface QueuedItem extends QueuePayload {
  itemId: string;
  createdAt: number;
}

type Row = { item_id: string; created_at: number; payload: string };

const PAUSED_KEY = 'queue.paused';

/**
 * The run queue, persisted in the history database's `queue` table (one row per
 * item: its order, when it was queued and the whole request as JSON) and its paused
 * flag in `meta`. Every change is one transaction, so a crash leaves the queue as it
 * was before or after it, never half moved. Synchronous: node:sqlite is.
 */
export class QueueStore {
  private readonly statements = new Map<string, StatementSync>();

  constructor(
    private readonly db: DatabaseSync,
    private readonly warn: (message: string) => void = () => {},
  ) {}

  /** The items in order; a row that cannot be read is reported and left out. */
  list(): QueuedItem[] {
    const rows = this.sql(
      'SELECT item_id, created_at, payload FROM queue ORDER BY position, created_at',
    ).all() as Row[];
    return rows.flatMap((row) => {
      const item = parseRow(row);
      if (item) return [item];
      this.warn(`run queue: skipped an unreadable item ${row.item_id}`);
      return [];
    });
  }

  get(itemId: string): QueuedItem | undefined {
    const row = this.sql('SELECT item_id, created_at, payload FROM queue WHERE item_id = ?').get(
      itemId,
    ) as Row | undefined;
    return row ? parseRow(row) : undefined;
  }

  /** Appends an item at the end. */
  add(itemId: string, createdAt: number, payload: QueuePayload): QueuedItem {
    const checked = PayloadSchema.parse(payload);
    this.sql(
      'INSERT INTO queue (item_id, position, created_at, payload) VALUES (?, (SELECT COALESCE(MAX(position), 0) + 1 FROM queue), ?, ?)',
    ).run(itemId, createdAt, JSON.stringify(checked));
    return { ...checked, itemId, createdAt };
  }

  /** Changes what is known about an item (its state, run, message); false when gone. */
  update(itemId: string, patch: Partial<QueuePayload>): boolean {
    return inTransaction(this.db, () => {
      const item = this.get(itemId);
      if (!item) return false;
      const { itemId: _id, createdAt: _at, ...payload } = item;
      const next = PayloadSchema.parse(dropUndefined({ ...payload, ...patch }));
      this.sql('UPDATE queue SET payload = ? WHERE item_id = ?').run(JSON.stringify(next), itemId);
      return true;
    });
  }

  remove(itemId: string): boolean {
    return this.sql('DELETE FROM queue WHERE item_id = ?').run(itemId).changes > 0;
  }

  /** Puts an item at `index` (clamped) in the order; false when there is no such item. */
  move(itemId: string, index: number): boolean {
    return inTransaction(this.db, () => {
      const ids = (
        this.sql('SELECT item_id FROM queue ORDER BY position, created_at').all() as {
          item_id: string;
        }[]
      ).map((r) => r.item_id);
      const from = ids.indexOf(itemId);
      if (from < 0) return false;
      ids.splice(from, 1);
      ids.splice(Math.max(0, Math.min(index, ids.length)), 0, itemId);
      const set = this.sql('UPDATE queue SET position = ? WHERE item_id = ?');
      ids.forEach((id, i) => set.run(i + 1, id));
      return true;
    });
  }

  paused(): boolean {
    const row = this.sql('SELECT value FROM meta WHERE key = ?').get(PAUSED_KEY) as
      { value: string } | undefined;
    return row?.value === 'true';
  }

  setPaused(paused: boolean): void {
    this.sql(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ).run(PAUSED_KEY, String(paused));
  }

  /** A prepared statement, made once per text. */
  private sql(text: string): StatementSync {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }
}

function parseRow(row: Row): QueuedItem | undefined {
  try {
    const payload = PayloadSchema.safeParse(JSON.parse(row.payload));
    return payload.success
      ? { ...payload.data, itemId: row.item_id, createdAt: row.created_at }
      : undefined;
  } catch {
    return undefined;
  }
}

/** A patch's `undefined` clears a field (a retried item forgets its message). */
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
