import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import { HistoryStore } from '../core/history/historyStore';
import { HistoryRecorder } from '../core/history/recorder';
import { lockDataDir } from '../core/storage/dataDirLock';
import { COLLECTED_AFTER_RESTART } from '../core/history/resumedRun';
import { createTestEngine, testRegistry } from '../core/testing/emulatorHarness';
import { until } from '../core/testing/runEvents';
import { T2I_EDIT, cliTestBed, copyExample, writeGraph } from './testKit';

const bed = cliTestBed();
const run = (argv: string[]) => bed.run(argv);
const history = () => new HistoryStore(path.join(bed.dataDir, 'history')).list();

describe('nodeloom run records its runs in the run history of its data folder', () => {
  it('a run appears with its workflow, node outcomes and images, as the app would show it', async () => {
    const file = await copyExample(T2I_EDIT, bed.dir);
    const r = await run(['run', T2I_EDIT, '--out', 'out', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const started = JSON.parse(r.lines[0]!) as { runId: string };

    const { runs, unreadable } = await history();
    expect(unreadable).toEqual([]);
    expect(runs).toHaveLength(1);
    const record = runs[0]!;
    expect(record).toMatchObject({
      runId: started.runId,
      status: 'succeeded',
      workflowName: 'text-to-image-then-edit',
      workflowPath: file,
      nodeCount: 4,
    });
    expect(record.finishedAt).toBeGreaterThanOrEqual(record.startedAt);
    expect(record.nodes.map((n) => [n.nodeId, n.state])).toEqual([
      ['prompt', 'done'],
      ['studio', 'done'],
      ['rainy-evening', 'done'],
      ['preview', 'done'],
    ]);
    const submits = bed.emu.requests().filter((q) => q.route === 'submit');
    for (const id of ['studio', 'rainy-evening']) {
      const node = record.nodes.find((n) => n.nodeId === id)!;
      expect(node.provider).toBe('runcomfy');
      expect(submits.map((q) => q.jobId)).toContain(node.requestId);
      expect(node.images).toHaveLength(1);
      expect(node.params).toBeDefined();
      expect(node.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(record.images).toHaveLength(2);
    expect(record.nodes.find((n) => n.nodeId === 'preview')!.images).toHaveLength(1);
  });

  it('--dry-run records nothing, and neither does --no-history', async () => {
    await copyExample(T2I_EDIT, bed.dir);
    expect((await run(['run', T2I_EDIT, '--dry-run'])).code).toBe(0);
    expect((await history()).runs).toEqual([]);

    const r = await run(['run', T2I_EDIT, '--out', 'out', '--no-history']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect((await history()).runs).toEqual([]);
    expect(bed.emu.stats().total.submissions).toBe(2);
  });

  it('completes a run the app left interrupted: its job is collected, not sent again', async () => {
    bed.emu.configure({ latency: { queueMs: 5, runMs: 400 } });
    const g = testGraph();
    const p = g.prompt('a paper boat on a puddle', { id: 'prompt' });
    const t2i = g.model(MODELS.proTextToImage, { aspect_ratio: '1:1' }, { id: 't2i' });
    g.connect(p, 'text', t2i, 'prompt');
    const doc = g.doc();
    const file = await writeGraph(bed.dir, 'boat.nodeloom', doc);

    // The app runs it and is closed while the job is at the provider.
    const registry = await testRegistry();
    const engine = createTestEngine(bed.emu, registry, bed.dataDir);
    const recorder = new HistoryRecorder(
      new HistoryStore(path.join(bed.dataDir, 'history')),
      registry,
    );
    const record = recorder.listener({ graph: doc, workflowPath: file });
    let atProvider = false;
    const handle = engine.run(doc, {
      onEvent: (e) => {
        record(e);
        if (e.type === 'node' && e.state === 'in_queue') atProvider = true;
      },
    });
    await until(() => atProvider, 'the job to be at the provider');
    recorder.interruptActive();
    await engine.close();
    await handle.done;
    await recorder.flush();
    const appRun = handle.runId;
    expect((await history()).runs.map((r) => [r.runId, r.status])).toEqual([
      [appRun, 'interrupted'],
    ]);

    // The CLI's run of the same workflow joins the job its resume collects.
    const r = await run(['run', 'boat.nodeloom', '--out', 'out']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const { runs } = await history();
    expect(runs).toHaveLength(2);
    const old = runs.find((x) => x.runId === appRun)!;
    expect(old.status).toBe('succeeded');
    expect(old.nodes.find((n) => n.nodeId === 't2i')).toMatchObject({
      state: 'done',
      message: COLLECTED_AFTER_RESTART,
      images: [expect.objectContaining({ mimeType: expect.any(String) })],
    });
    const cliRun = runs.find((x) => x.runId !== appRun)!;
    expect(cliRun).toMatchObject({ status: 'succeeded', workflowName: 'boat', workflowPath: file });
    expect(cliRun.images).toEqual(old.images);
    expect(bed.emu.stats().runcomfy.submissions).toBe(1);
  });

  it('refuses to run while another process uses the data folder: nothing is sent (exit 2)', async () => {
    await copyExample(T2I_EDIT, bed.dir);
    const app = await lockDataDir(bed.dataDir, { owner: 'the desktop app' });
    try {
      const r = await run(['run', T2I_EDIT, '--out', 'out']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('nothing was sent: another Nodeloom process (the desktop app');
      expect(r.stderr).toContain('NODELOOM_DATA_DIR');
      expect(bed.emu.stats().total.submissions).toBe(0);
    } finally {
      await app.release();
    }
    expect((await run(['run', T2I_EDIT, '--out', 'out'])).code).toBe(0);
  });
});
