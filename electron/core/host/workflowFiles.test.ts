import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyGraph } from '../../../shared/graph/document';
import { createWorkflow, serializeWorkflow } from '../../../shared/workflow/format';
import { startHostKit } from './testKit';
import type { HostKit } from './testKit';

let kit: HostKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

describe('workflow files', () => {
  const text = serializeWorkflow(createWorkflow(emptyGraph()));

  it('writes atomically and reads back inside the workspace', async () => {
    kit = await startHostKit();
    const file = path.join(kit.workspaceDir, 'sub', 'a.nodeloom');
    expect(await kit.call('workflow.write', { path: file, text })).toEqual({ path: file });
    expect(await kit.call('workflow.read', { path: file })).toEqual({ path: file, text });
    // Relative paths are relative to the workspace.
    expect(await kit.call('workflow.read', { path: 'sub/a.nodeloom' })).toEqual({
      path: file,
      text,
    });
  });

  it('reads and writes beside a file the user opened from the OS (allowPath), and nowhere else', async () => {
    kit = await startHostKit();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-opened-'));
    const file = path.join(dir, 'from-os.nodeloom');
    await writeFile(file, text);
    await expect(kit.call('workflow.read', { path: file })).rejects.toThrow(
      /is outside the workspace/,
    );
    kit.host.allowPath(file);
    expect(await kit.call('workflow.read', { path: file })).toEqual({ path: file, text });
    await kit.call('workflow.write', { path: path.join(dir, 'copy.nodeloom'), text });
    await expect(
      kit.call('workflow.read', { path: path.join(path.dirname(dir), 'x.nodeloom') }),
    ).rejects.toThrow(/is outside the workspace/);
  });

  it('refuses paths outside the workspace, also through .. and symlinks', async () => {
    kit = await startHostKit();
    const outside = path.join(os.tmpdir(), `nodeloom-outside-${process.pid}.nodeloom`);
    await expect(kit.call('workflow.write', { path: outside, text })).rejects.toThrow(
      /is outside the workspace/,
    );
    await expect(kit.call('workflow.read', { path: '../../etc/passwd' })).rejects.toThrow(
      /is outside the workspace/,
    );
    await symlink(os.tmpdir(), path.join(kit.workspaceDir, 'link'));
    await expect(
      kit.call('workflow.write', { path: path.join(kit.workspaceDir, 'link', 'x.nodeloom'), text }),
    ).rejects.toThrow(/is outside the workspace/);
    await expect(kit.call('workflow.list', { dir: os.tmpdir() })).rejects.toThrow(/outside/);
  });

  it('writes .nodeloom files only', async () => {
    kit = await startHostKit();
    await expect(
      kit.call('workflow.write', { path: path.join(kit.workspaceDir, 'evil.sh'), text }),
    ).rejects.toThrow(/only \.nodeloom files/);
  });

  it('lists sub-folders and workflows, folders first', async () => {
    kit = await startHostKit();
    const ws = kit.workspaceDir;
    await mkdir(path.join(ws, 'b-folder'));
    await mkdir(path.join(ws, '.hidden'));
    await writeFile(path.join(ws, 'z.nodeloom'), text);
    await writeFile(path.join(ws, 'a.nodeloom'), text);
    await writeFile(path.join(ws, 'notes.txt'), 'x');
    expect(await kit.call('workflow.list', {})).toEqual({
      dir: ws,
      parent: null,
      entries: [
        { name: 'b-folder', path: path.join(ws, 'b-folder'), kind: 'dir' },
        { name: 'a.nodeloom', path: path.join(ws, 'a.nodeloom'), kind: 'workflow' },
        { name: 'z.nodeloom', path: path.join(ws, 'z.nodeloom'), kind: 'workflow' },
      ],
    });
    const sub = await kit.call('workflow.list', { dir: path.join(ws, 'b-folder') });
    expect(sub).toMatchObject({ parent: ws, entries: [] });
  });

  it('has no OS dialogs in the web host', async () => {
    kit = await startHostKit();
    await expect(kit.call('workflow.openDialog', {})).rejects.toThrow(/no OS file dialogs/);
  });

  it('allows the folder of a file the user picked in a native dialog', async () => {
    const picked = path.join(os.tmpdir(), `nodeloom-picked-${process.pid}`, 'w.nodeloom');
    await mkdir(path.dirname(picked), { recursive: true });
    await writeFile(picked, text);
    kit = await startHostKit({
      nativeDialogs: {
        openWorkflow: async () => picked,
        saveWorkflow: async () => null,
        openImage: async () => null,
      },
    });
    await expect(kit.call('workflow.read', { path: picked })).rejects.toThrow(/outside/);
    expect(await kit.call('workflow.openDialog', {})).toEqual({ path: picked, text });
    expect(await kit.call('workflow.read', { path: picked })).toEqual({ path: picked, text });
    expect(await kit.call('workflow.saveDialog', { suggestedName: 'x' })).toBeNull();
  });
});
