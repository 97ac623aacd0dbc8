import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import { HistoryStore } from '../core/history/historyStore';
import { journalEntries, until } from '../core/testing/runEvents';
import type { FaultRule } from '../emulator/types';
import { REPO_DIR, cliTestBed, jsonLines, statesByNode, writeGraph } from './testKit';

/**
 * The CLI killed in a child process at each stage of a paid job (SIGKILL during
 * the submit, the polling and the download; Ctrl+C twice), then run again in this
 * process against the same data folder: the provider sees one job per node.
 * Every wait is on an event (the emulator's counters or the journal), never a sleep.
 */

const bed = cliTestBed();
const NODES = ['a', 'b', 'c'];
const WAIT_MS = 30_000;

let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

function threeJobs() {
  const g = testGraph();
  for (const id of NODES)
    g.model(MODELS.proTextToImage, { prompt: `a job to kill ${id}`, aspect_ratio: '1:1' }, { id });
  return g.doc();
}

interface Child {
  process: ChildProcess;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `nodeloom run` as its own process (bin/nodeloom.mjs), against the bed's emulator. */
async function startCli(faults: FaultRule[], latency = { queueMs: 5, runMs: 20 }): Promise<Child> {
  bed.emu.configure({ latency, faults });
  const workflow = await writeGraph(bed.dir, 'kill.nodeloom', threeJobs());
  const proc = spawn(
    process.execPath,
    [path.join(REPO_DIR, 'bin', 'nodeloom.mjs'), 'run', workflow, '--json', '--out', 'out'],
    {
      cwd: bed.dir,
      env: { ...process.env, ...bed.env, NODELOOM_DATA_DIR: bed.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child = proc;
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  proc.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { process: proc, stderr: () => stderr, exited };
}

/** Waits for an async condition (the journal is a file), re-checked every few ms. */
async function untilAsync(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const submittedInJournal = async (n: number): Promise<boolean> =>
  (await journalEntries(bed.dataDir)).filter((e) => e.state === 'submitted').length === n;

async function kill(c: Child): Promise<void> {
  c.process.kill('SIGKILL');
  expect((await c.exited).signal).toBe('SIGKILL');
}

/** The rerun, in this process, with fast jobs: its JSON events and exit code. */
async function rerun(...extra: string[]) {
  bed.emu.configure({ latency: { queueMs: 5, runMs: 20 }, faults: [] });
  const r = await bed.run(['run', 'kill.nodeloom', '--json', '--out', 'out', ...extra]);
  const { events } = jsonLines(r.stdout);
  const finals = Object.fromEntries(
    Object.entries(statesByNode(events)).map(([id, states]) => [id, states.at(-1)]),
  );
  return { ...r, finals };
}

/** Jobs the provider accepted (billed), and whether any request body was sent twice. */
function providerJobs() {
  const bodies = bed.emu
    .requests()
    .filter((r) => r.route === 'submit' && r.jobId !== undefined)
    .map((r) => JSON.stringify(r.body));
  return {
    jobs: bed.emu.stats().total.submissions,
    duplicates: bodies.length - new Set(bodies).size,
  };
}

/** The rerun ends every node done, and the provider saw one job per node, none sent twice. */
async function expectRerunCollectsEveryJob(): Promise<void> {
  const again = await rerun();
  expect(again.code).toBe(0);
  for (const id of NODES) expect(again.finals[id]).toBe('done');
  expect(providerJobs()).toEqual({ jobs: 3, duplicates: 0 });
}

/**
 * The run history after a kill and a rerun: no run lost or recorded twice, and
 * every provider job counted once across them (the killed run's, completed by
 * the rerun that collected its jobs).
 */
async function expectHistoryCountsEachRunAndJobOnce(): Promise<void> {
  const store = new HistoryStore(path.join(bed.dataDir, 'history'));
  try {
    const { runs, unreadable } = await store.list();
    expect({
      runs: runs.length,
      distinctRuns: new Set(runs.map((r) => r.runId)).size,
      jobsCounted: runs.reduce((n, r) => n + (r.jobCount ?? 0), 0),
      unreadable,
    }).toEqual({ runs: 2, distinctRuns: 2, jobsCounted: 3, unreadable: [] });
  } finally {
    store.close();
  }
}

describe('nodeloom run killed, then run again: one provider job per node', () => {
  it(
    'SIGKILL during a submit: the rerun collects the jobs that were answered and holds the one cut off (jobs == nodes); --resend-uncertain sends it',
    async () => {
      // The first submit's answer trickles for a minute: its job exists, its id never arrives.
      const c = await startCli([
        { route: 'submit', times: 1, fault: { kind: 'slow-body', ms: 60_000 } },
      ]);
      await until(
        () => bed.emu.stats().total.submissions === 3,
        'three jobs at the provider',
        WAIT_MS,
      );
      await untilAsync(() => submittedInJournal(2), 'two submits answered and journaled');
      await kill(c);

      const again = await rerun();
      const held = NODES.filter((id) => again.finals[id] === 'held');
      expect(held).toHaveLength(1);
      for (const id of NODES.filter((n) => !held.includes(n)))
        expect(again.finals[id]).toBe('done');
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/may have been submitted/);
      expect(again.stderr).toContain(`--resend ${held[0]}`);
      expect(providerJobs()).toEqual({ jobs: 3, duplicates: 0 });

      // Only by choice: the held node is sent again, once.
      const resent = await rerun('--resend-uncertain');
      expect(resent.code).toBe(0);
      expect(resent.finals[held[0]!]).toBe('done');
      expect(bed.emu.stats().total.submissions).toBe(4);
    },
    WAIT_MS * 2,
  );

  it(
    'SIGKILL while polling: the rerun collects every job without sending any (jobs == nodes); both runs recorded once, each job counted once',
    async () => {
      // The CLI polls every 2 s: the jobs outlast the first poll of each.
      const c = await startCli([], { queueMs: 5, runMs: 4000 });
      await untilAsync(() => submittedInJournal(3), 'three jobs journaled as submitted');
      await until(
        () => Object.keys(bed.emu.stats().total.pollsByJob).length === 3,
        'every job polled',
        WAIT_MS,
      );
      await kill(c);

      await expectRerunCollectsEveryJob();
      await expectHistoryCountsEachRunAndJobOnce();
    },
    WAIT_MS * 2,
  );

  it(
    'SIGKILL during the download: the rerun collects every job without sending any (jobs == nodes)',
    async () => {
      const c = await startCli([{ route: 'download', fault: { kind: 'slow-body', ms: 60_000 } }]);
      await until(
        () => bed.emu.requests().some((r) => r.route === 'download' && r.fault === 'slow-body'),
        'a download under way',
        WAIT_MS,
      );
      await kill(c);

      await expectRerunCollectsEveryJob();
    },
    WAIT_MS * 2,
  );

  it(
    'Ctrl+C twice while the jobs run: the process ends at once, and the rerun collects every job without sending any (jobs == nodes); both runs recorded once, each job counted once',
    async () => {
      const c = await startCli([], { queueMs: 5, runMs: 2000 });
      await until(() => bed.emu.stats().total.runningJobs === 3, 'three jobs running', WAIT_MS);
      await untilAsync(() => submittedInJournal(3), 'three jobs journaled as submitted');
      c.process.kill('SIGINT');
      await until(() => /cancelling/.test(c.stderr()), 'the first Ctrl+C to be heard', WAIT_MS);
      c.process.kill('SIGINT');
      expect((await c.exited).signal).toBe('SIGINT');

      await expectRerunCollectsEveryJob();
      await expectHistoryCountsEachRunAndJobOnce();
    },
    WAIT_MS * 2,
  );
});
