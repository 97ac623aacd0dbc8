import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutputSaved } from '../../../shared/contract/hostApi';
import { PNG_PROVENANCE_KEY, PNG_WORKFLOW_KEY, readPngText } from '../../../shared/png/pngText';
import type { RunEvent } from '../../../shared/run/events';
import { MODELS, testGraph } from '../../../shared/testing/testGraph';
import { parseWorkflow } from '../../../shared/workflow/format';
import { startHostKit } from './testKit';
import type { HostKit } from './testKit';

let kit: HostKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

function t2iPreview(previewParams: Record<string, string | boolean> = {}) {
  const g = testGraph();
  const p = g.prompt('a lighthouse at dusk');
  const t2i = g.model(MODELS.proTextToImage, { output_format: 'png' }, { id: 'studio' });
  const out = g.preview(previewParams, { id: 'keeper' });
  g.connect(p, 'text', t2i, 'prompt');
  g.connect(t2i, 'images', out, 'images');
  return g.doc();
}

/** Runs `graph` to its end; returns the output.saved events and the run's id. */
async function runToEnd(
  k: HostKit,
  input: Record<string, unknown>,
): Promise<{ runId: string; saved: OutputSaved[] }> {
  const saved: OutputSaved[] = [];
  const finished = new Set<string>();
  const off = k.host.subscribe((name, payload) => {
    if (name === 'output.saved') saved.push(payload as OutputSaved);
    const e = payload as RunEvent;
    if (name === 'run.event' && e.type === 'run-finished') finished.add(e.runId);
  });
  const started = await k.call('run.start', input);
  if (!started.ok) throw new Error(started.message);
  await expect.poll(() => finished.has(started.runId), { timeout: 10_000 }).toBe(true);
  await expect.poll(() => saved.length, { timeout: 10_000 }).toBeGreaterThan(0);
  off();
  return { runId: started.runId, saved };
}

describe('Preview/Save in the host', () => {
  it('saves each image beside the workflow as <prefix>_00001.png with the workflow inside', async () => {
    kit = await startHostKit({ emulator: true });
    const workflowPath = path.join(kit.workspaceDir, 'harbour.nodeloom');
    const graph = t2iPreview({ filename_prefix: 'harbour-dusk' });
    const { runId, saved } = await runToEnd(kit, { graph, workflowPath });

    const outDir = path.join(kit.workspaceDir, 'nodeloom-output');
    expect(await readdir(outDir)).toEqual(['harbour-dusk_00001.png']);
    const file = path.join(outDir, 'harbour-dusk_00001.png');
    expect(saved).toEqual([
      { runId, nodeId: 'keeper', files: [{ path: file, hash: expect.any(String) }] },
    ]);
    const text = readPngText(await readFile(file));
    const workflow = parseWorkflow(text[PNG_WORKFLOW_KEY]!);
    expect(workflow.ok && workflow.value.graph).toEqual(graph);
    expect(workflow.ok && workflow.value.meta.name).toBe('harbour');
    expect(JSON.parse(text[PNG_PROVENANCE_KEY]!)).toMatchObject({
      nodeId: 'keeper',
      provider: 'runcomfy',
      endpoint: 'google/nano-banana/pro/text-to-image',
      requestId: expect.any(String),
    });

    // A second run counts on; nothing is overwritten (the cached model still saves).
    await runToEnd(kit, { graph, workflowPath });
    expect((await readdir(outDir)).sort()).toEqual([
      'harbour-dusk_00001.png',
      'harbour-dusk_00002.png',
    ]);
  });

  it('uses the output folder setting, relative to the workflow folder', async () => {
    kit = await startHostKit({ emulator: true });
    await kit.call('settings.update', { outputDir: 'renders' });
    await runToEnd(kit, { graph: t2iPreview() });
    expect(await readdir(path.join(kit.workspaceDir, 'renders'))).toEqual(['nodeloom_00001.png']);
    // An empty folder resets it to the default.
    expect((await kit.call('settings.update', { outputDir: '' })).outputDir).toBeNull();
  });

  it('says why when the output folder cannot be written, and the run still succeeds', async () => {
    kit = await startHostKit({ emulator: true });
    const blocked = path.join(kit.workspaceDir, 'not-a-folder');
    await writeFile(blocked, 'a file where the folder should be');
    await kit.call('settings.update', { outputDir: blocked });
    const { saved } = await runToEnd(kit, { graph: t2iPreview() });
    expect(saved).toEqual([
      expect.objectContaining({
        nodeId: 'keeper',
        files: [],
        error: expect.stringContaining(`could not save to ${blocked}`),
      }),
    ]);
    expect(kit.warnings.some((w) => w.startsWith('Preview / Save: could not save'))).toBe(true);
  });

  it('saves nothing when "Save to output folder" is off', async () => {
    kit = await startHostKit({ emulator: true });
    const events: string[] = [];
    kit.host.subscribe((name, payload) => {
      events.push(name === 'run.event' ? (payload as RunEvent).type : name);
    });
    const started = await kit.call('run.start', { graph: t2iPreview({ save: false }) });
    expect(started.ok).toBe(true);
    await expect.poll(() => events.includes('run-finished'), { timeout: 10_000 }).toBe(true);
    // Closing waits for every save under way.
    await kit.restart();
    expect(events).not.toContain('output.saved');
    await expect(readdir(path.join(kit.workspaceDir, 'nodeloom-output'))).rejects.toThrow();
  });

  it('reveals only files it saved, and only where a file manager exists', async () => {
    const revealed: string[] = [];
    kit = await startHostKit({ emulator: true, revealFile: (f) => void revealed.push(f) });
    expect((await kit.call('app.info', {})).revealsFiles).toBe(true);
    const { saved } = await runToEnd(kit, { graph: t2iPreview() });
    const file = saved[0]!.files[0]!.path;
    expect(await kit.call('output.reveal', { path: file })).toEqual({ revealed: true });
    expect(revealed).toEqual([file]);

    const other = path.join(kit.workspaceDir, 'notes.txt');
    await writeFile(other, 'x');
    await expect(kit.call('output.reveal', { path: other })).rejects.toThrow(
      'is not an image Nodeloom saved',
    );
    expect(revealed).toEqual([file]);
  });
});

describe('history.latest', () => {
  it('lets the file manager show what an earlier session saved, once its run is shown', async () => {
    const revealed: string[] = [];
    kit = await startHostKit({ emulator: true, revealFile: (f) => void revealed.push(f) });
    const workflowPath = path.join(kit.workspaceDir, 'a.nodeloom');
    const { saved } = await runToEnd(kit, { graph: t2iPreview(), workflowPath });
    const file = saved[0]!.files[0]!.path;
    await kit.restart();
    await expect(kit.call('output.reveal', { path: file })).rejects.toThrow();
    await kit.call('history.latest', { workflowPath });
    expect(await kit.call('output.reveal', { path: file })).toEqual({ revealed: true });
    expect(revealed).toEqual([file]);
  });

  it('answers the newest run of a workflow file, and null for a file that never ran', async () => {
    kit = await startHostKit({ emulator: true });
    const workflowPath = path.join(kit.workspaceDir, 'a.nodeloom');
    const first = await runToEnd(kit, { graph: t2iPreview(), workflowPath });
    const second = await runToEnd(kit, { graph: t2iPreview(), workflowPath });
    await runToEnd(kit, {
      graph: t2iPreview(),
      workflowPath: path.join(kit.workspaceDir, 'b.nodeloom'),
    });
    const latest = await kit.call('history.latest', { workflowPath });
    expect(latest.run?.runId).toBe(second.runId);
    expect(latest.run?.runId).not.toBe(first.runId);
    expect(latest.run?.nodes.find((n) => n.nodeId === 'keeper')?.images).toHaveLength(1);
    // Where Preview/Save saved is part of the record: a later session can show it.
    const keeper = latest.run?.nodes.find((n) => n.nodeId === 'keeper');
    expect(keeper?.saved).toEqual(second.saved[0]!.files);
    const never = path.join(kit.workspaceDir, 'never.nodeloom');
    expect(await kit.call('history.latest', { workflowPath: never })).toEqual({ run: null });
  });
});
