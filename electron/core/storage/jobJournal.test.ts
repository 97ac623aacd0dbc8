import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobJournal } from './jobJournal';
import type { JournalEntry } from './jobJournal';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-journal-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const entry = (jobId: string, over: Partial<JournalEntry> = {}): JournalEntry => ({
  jobId,
  state: 'submitting',
  cacheKey: 'k'.repeat(64),
  provider: 'runcomfy',
  endpoint: 'google/nano-banana/pro/text-to-image',
  nodeId: 'n1',
  runId: 'r1',
  createdAt: 1,
  ...over,
});

describe('JobJournal: the one view of open jobs', () => {
  it('loads the open entries from disk once and keeps them in step with every write and close', async () => {
    const before = new JobJournal(dir);
    await before.write(entry('a'));
    await before.write(entry('b', { cacheKey: 'b'.repeat(64) }));
    await before.close('b', 'result stored');
    await before.shutdown();

    const journal = new JobJournal(dir);
    expect(journal.open()).toEqual([]);
    await journal.load();
    expect(journal.open().map((e) => e.jobId)).toEqual(['a']);
    await journal.write(entry('a', { state: 'submitted', requestId: 'req-1', createdAt: 1 }));
    expect(journal.openFor('k'.repeat(64))).toMatchObject({ state: 'submitted' });
    await journal.close('a', 'cancelled at RunComfy');
    expect(journal.openFor('k'.repeat(64))).toBeUndefined();
    expect(journal.isOpen('a')).toBe(false);
    await journal.shutdown();
    expect((await new JobJournal(dir).list()).entries).toEqual([]);
  });

  it('records why each entry was closed', async () => {
    const journal = new JobJournal(dir);
    await journal.write(entry('a'));
    await journal.close('a', 'resent by the user’s choice');
    await journal.shutdown();
    const lines = (await readFile(journal.file, 'utf8')).trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toEqual({
      op: 'del',
      jobId: 'a',
      reason: 'resent by the user’s choice',
    });
  });

  it('openFor gives the newest open entry of a request', async () => {
    const journal = new JobJournal(dir);
    await journal.load();
    await journal.write(entry('old', { createdAt: 1 }));
    await journal.write(entry('new', { createdAt: 2 }));
    expect(journal.openFor('k'.repeat(64))?.jobId).toBe('new');
    await journal.shutdown();
  });
});
