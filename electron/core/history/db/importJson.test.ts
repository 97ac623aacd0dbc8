import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testGraph } from '../../../../shared/testing/testGraph';
import { HistoryStore } from '../historyStore';
import type { RunRecord } from '../historyStore';
import { HISTORY_DB_FILE } from './historyDb';
import { IMPORTED_JSON_DIR } from './importJson';

let dir: string;
beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'nodeloom-import-')), 'history');
  await mkdir(dir);
});
afterEach(() => rm(path.dirname(dir), { recursive: true, force: true }));

const graph = testGraph().doc();
const record = (runId: string, startedAt: number): RunRecord => ({
  runId,
  startedAt,
  finishedAt: startedAt + 1,
  status: 'succeeded',
  workflowName: `wf ${runId}`,
  workflowPath: null,
  nodeCount: 0,
  images: [],
  actualUsd: 0.1,
  graph,
  nodes: [],
});

/** Writes n run files as versions before the database did (version 1, with a pid). */
async function writeJsonHistory(n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `run${String(i).padStart(4, '0')}`);
  for (const [i, id] of ids.entries())
    await writeFile(
      path.join(dir, `${id}.json`),
      JSON.stringify({ version: 1, pid: 1, ...record(id, 1000 + i) }),
    );
  return ids;
}

describe('importing the JSON run history into the database', () => {
  it('imports every run once, reports unreadable files, and moves the imported files aside', async () => {
    const ids = await writeJsonHistory(5);
    await writeFile(path.join(dir, 'broken.json'), '{"runId": ');
    const store = new HistoryStore(dir);
    expect(await store.ready()).toEqual([expect.stringMatching(/^broken\.json: not valid JSON/)]);
    const { runs } = await store.list();
    expect(runs.map((r) => r.runId)).toEqual([...ids].reverse());
    expect(runs[0]).toEqual(record('run0004', 1004));
    expect(await readdir(path.join(dir, IMPORTED_JSON_DIR))).toHaveLength(5);
    expect((await readdir(dir)).filter((n) => n.endsWith('.json'))).toEqual(['broken.json']);
    store.close();
  });

  it('imports once: a run deleted after the import does not come back', async () => {
    await writeJsonHistory(2);
    const first = new HistoryStore(dir);
    expect(await first.delete('run0000')).toBe('deleted');
    first.close();
    // The file is put back (as a copy tool might): the import is done, it is not read.
    await writeFile(
      path.join(dir, 'run0000.json'),
      JSON.stringify({ version: 1, ...record('run0000', 1000) }),
    );
    const second = new HistoryStore(dir);
    expect((await second.list()).runs.map((r) => r.runId)).toEqual(['run0001']);
    second.close();
  });

  it('a kill in the middle of the import loses nothing: the next start finishes it, no run twice', async () => {
    const ids = await writeJsonHistory(250);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'importJson.killChild.ts'), dir, '150'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, s) => resolve(s)),
    );
    expect(signal, stderr).toBe('SIGKILL');
    // The first batch of 100 was committed, the second was cut off inside its transaction.
    const db = new DatabaseSync(path.join(dir, HISTORY_DB_FILE));
    expect(db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 100 });
    db.close();
    const store = new HistoryStore(dir);
    expect(await store.ready()).toEqual([]);
    const { runs } = await store.list();
    expect(runs.map((r) => r.runId).sort()).toEqual(ids);
    store.close();
  });
});
