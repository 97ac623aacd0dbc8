import { spawn } from 'node:child_process';
import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyGraph } from '../../../shared/graph/document';
import { MODELS, testGraph } from '../../../shared/testing/testGraph';
import { createWorkflow, serializeWorkflow } from '../../../shared/workflow/format';
import { writeFileAtomic } from '../storage/atomicWrite';
import { startHostKit } from './testKit';
import type { HostKit } from './testKit';

let kit: HostKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const oldText = serializeWorkflow(createWorkflow(emptyGraph(), { name: 'old' }));
const newText = (() => {
  const g = testGraph();
  g.connect(g.prompt('new'), 'text', g.model(MODELS.proTextToImage), 'prompt');
  return serializeWorkflow(createWorkflow(g.doc(), { name: 'new' }));
})();

/** The folder's entries other than the target: leftover temporary files. */
const others = async (file: string): Promise<string[]> =>
  (await readdir(path.dirname(file))).filter((n) => n !== path.basename(file));

describe('saving never loses the previous file', () => {
  it('refuses empty text and text that is not a workflow, leaving the file as it was', async () => {
    kit = await startHostKit();
    const file = path.join(kit.workspaceDir, 'a.nodeloom');
    await writeFile(file, oldText);
    for (const [text, why] of [
      ['', /refusing to save an empty workflow/],
      ['  \n', /refusing to save an empty workflow/],
      [newText.slice(0, newText.length / 2), /not a valid workflow \(\(root\): not valid JSON/],
      ['{"format":"nodeloom.workflow","version":1}', /not a valid workflow/],
    ] as const) {
      await expect(kit.call('workflow.write', { path: file, text })).rejects.toThrow(why);
      expect(await readFile(file, 'utf8')).toBe(oldText);
    }
    expect(await others(file)).toEqual([]);
  });

  it('a failed rename (the target is a folder) says why and leaves no temporary file', async () => {
    kit = await startHostKit();
    const file = path.join(kit.workspaceDir, 'dir.nodeloom');
    await mkdir(file);
    await expect(kit.call('workflow.write', { path: file, text: newText })).rejects.toThrow(
      /could not save .*dir\.nodeloom \(E\w+\); the previous file is unchanged/,
    );
    expect(await others(file)).toEqual([]);
  });

  it.skipIf(process.getuid?.() === 0)(
    'a read-only folder keeps the old file byte-identical',
    async () => {
      kit = await startHostKit();
      const folder = path.join(kit.workspaceDir, 'locked');
      const file = path.join(folder, 'a.nodeloom');
      await mkdir(folder);
      await writeFile(file, oldText);
      const before = await readFile(file);
      await chmod(folder, 0o555);
      try {
        await expect(kit.call('workflow.write', { path: file, text: newText })).rejects.toThrow(
          /could not save .*\(EACCES\); the previous file is unchanged/,
        );
        expect((await readFile(file)).equals(before)).toBe(true);
      } finally {
        await chmod(folder, 0o755);
      }
    },
  );

  it('a failure between the flushed temporary file and the rename keeps the old file', async () => {
    kit = await startHostKit();
    const file = path.join(kit.workspaceDir, 'a.nodeloom');
    await writeFile(file, oldText);
    let seenTmp = '';
    const crash = writeFileAtomic(file, newText, {
      async beforeRename(tmp) {
        // At the crash point: the new text is whole in the temporary file, the target untouched.
        seenTmp = await readFile(tmp, 'utf8');
        expect(await readFile(file, 'utf8')).toBe(oldText);
        throw new Error('crash');
      },
    });
    await expect(crash).rejects.toThrow('crash');
    expect(seenTmp).toBe(newText);
    expect(await readFile(file, 'utf8')).toBe(oldText);
    expect(await kit.call('workflow.read', { path: file })).toEqual({ path: file, text: oldText });
  });

  it('a process killed between write and rename leaves the old file readable', async () => {
    kit = await startHostKit();
    const file = path.join(kit.workspaceDir, 'a.nodeloom');
    await writeFile(file, oldText);
    // A real SIGKILL at the crash point: nothing gets to clean up.
    const script = `
      import { writeFileAtomic } from ${JSON.stringify(path.resolve('electron/core/storage/atomicWrite.ts'))};
      await writeFileAtomic(process.argv[1], process.argv[2], {
        beforeRename: () => process.kill(process.pid, 'SIGKILL'),
      });`;
    const signal = await new Promise<NodeJS.Signals | null>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script, file, newText],
        { stdio: 'inherit' },
      );
      child.once('error', reject);
      child.once('exit', (_code, sig) => resolve(sig));
    });
    expect(signal).toBe('SIGKILL');
    expect(await readFile(file, 'utf8')).toBe(oldText);
    const leftovers = await others(file);
    // The orphaned temporary file holds the whole new text, never a part of it; listing ignores it.
    expect(leftovers).toHaveLength(1);
    expect(leftovers[0]).toMatch(/^\.a\.nodeloom\.[0-9a-f]+\.tmp$/);
    expect((await kit.call('workflow.list', {})).entries.map((e) => e.name)).toEqual([
      'a.nodeloom',
    ]);
  });
});

describe('workflow.stat', () => {
  it('changes when another program writes the file', async () => {
    kit = await startHostKit();
    const file = path.join(kit.workspaceDir, 'a.nodeloom');
    expect(await kit.call('workflow.stat', { path: file })).toEqual({
      exists: false,
      mtimeMs: 0,
      size: 0,
      sha256: '',
    });
    await kit.call('workflow.write', { path: file, text: oldText });
    const first = await kit.call('workflow.stat', { path: file });
    expect(first).toMatchObject({ exists: true, size: Buffer.byteLength(oldText) });
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await kit.call('workflow.stat', { path: file })).toEqual(first);
    await writeFile(file, newText);
    const second = await kit.call('workflow.stat', { path: file });
    expect(second.sha256).not.toBe(first.sha256);
    expect(second.size).toBe(Buffer.byteLength(newText));
  });
});
