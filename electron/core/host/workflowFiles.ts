import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { HostHandlers } from '../../../shared/contract/hostApi';
import { parseWorkflow } from '../../../shared/workflow/format';
import { MAX_WORKFLOW_BYTES } from '../../../shared/workflow/workflowText';
import { writeFileAtomic } from '../storage/atomicWrite';
import { sha256 } from '../storage/blobStore';
import type { AtomicWriteHooks } from '../storage/atomicWrite';
import { readRegularFile } from '../storage/regularFile';
import type { AllowedRoots } from './allowedRoots';

export const WORKFLOW_EXT = '.nodeloom';
/** A workflow file's bytes: a regular file within the workflow size limit. */
const readWorkflowBytes = (file: string): Promise<Buffer> =>
  readRegularFile(file, { what: 'workflow', maxBytes: MAX_WORKFLOW_BYTES });

export interface NativeDialogs {
  openWorkflow(): Promise<string | null>;
  saveWorkflow(suggestedName: string): Promise<string | null>;
  /** An image for a Load Image node (images.openDialog). */
  openImage(): Promise<string | null>;
}

type FileHandlers = Pick<
  HostHandlers,
  | 'workflow.read'
  | 'workflow.write'
  | 'workflow.stat'
  | 'workflow.list'
  | 'workflow.openDialog'
  | 'workflow.saveDialog'
>;

const isWorkflow = (name: string): boolean => name.toLowerCase().endsWith(WORKFLOW_EXT);

// Decoded as UTF-8 as it is; parseWorkflow drops a byte order mark and names other encodings.
const readText = async (file: string): Promise<string> =>
  (await readWorkflowBytes(file)).toString('utf8');

/**
 * Refuses text that is not a whole workflow: an empty or cut-off file on disk is
 * how work gets lost (ComfyUI #5095), so the app never writes one.
 */
export function checkWorkflowText(file: string, text: string): void {
  if (text.trim() === '') throw new Error(`refusing to save an empty workflow to ${file}`);
  const parsed = parseWorkflow(text);
  if (!parsed.ok) {
    throw new Error(`refusing to save ${file}: not a valid workflow (${parsed.error.message})`);
  }
}

/** The workflow file calls, confined to the allowed roots. */
export function workflowFileHandlers(
  roots: AllowedRoots,
  dialogs: NativeDialogs | false,
  writeHooks: AtomicWriteHooks = {},
): FileHandlers {
  const noDialogs = (): never => {
    throw new Error('this host has no OS file dialogs; use the in-app file browser');
  };
  return {
    async 'workflow.read'({ path: p }) {
      const file = await roots.resolve(p);
      return { path: file, text: await readText(file) };
    },

    async 'workflow.write'({ path: p, text }) {
      const file = await roots.resolve(p);
      if (!isWorkflow(file)) throw new Error(`only ${WORKFLOW_EXT} files can be saved: ${file}`);
      checkWorkflowText(file, text);
      // Atomic: the file on disk stays whole even if the app dies mid-save.
      try {
        await writeFileAtomic(file, text, writeHooks);
      } catch (e) {
        const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        throw new Error(`could not save ${file} (${why}); the previous file is unchanged`, {
          cause: e,
        });
      }
      return { path: file };
    },

    async 'workflow.stat'({ path: p }) {
      const file = await roots.resolve(p);
      try {
        const info = await stat(file);
        const data = await readWorkflowBytes(file);
        return { exists: true, mtimeMs: info.mtimeMs, size: data.length, sha256: sha256(data) };
      } catch {
        // Gone (or replaced by a folder): the UI tells "changed on disk" by the hash.
        return { exists: false, mtimeMs: 0, size: 0, sha256: '' };
      }
    },

    async 'workflow.list'({ dir }) {
      const folder = await roots.resolve(dir ?? roots.workspaceDir);
      const dirents = await readdir(folder, { withFileTypes: true });
      const entries: Array<{ name: string; path: string; kind: 'dir' | 'workflow' }> = [];
      for (const d of dirents) {
        if (d.name.startsWith('.')) continue;
        const full = path.join(folder, d.name);
        // A symlink is listed as what it points to; following it is checked on use.
        const isDir = d.isSymbolicLink()
          ? await stat(full).then(
              (s) => s.isDirectory(),
              () => false,
            )
          : d.isDirectory();
        if (isDir) entries.push({ name: d.name, path: full, kind: 'dir' });
        else if (isWorkflow(d.name)) entries.push({ name: d.name, path: full, kind: 'workflow' });
      }
      entries.sort((a, b) =>
        a.kind !== b.kind ? (a.kind === 'dir' ? -1 : 1) : a.name.localeCompare(b.name),
      );
      const up = path.dirname(folder);
      const parent = up !== folder && (await roots.contains(up)) ? up : null;
      return { dir: folder, parent, entries };
    },

    async 'workflow.openDialog'() {
      if (!dialogs) return noDialogs();
      const chosen = await dialogs.openWorkflow();
      if (chosen === null) return null;
      const file = path.resolve(chosen);
      roots.allow(path.dirname(file));
      return { path: file, text: await readText(file) };
    },

    async 'workflow.saveDialog'({ suggestedName }) {
      if (!dialogs) return noDialogs();
      const chosen = await dialogs.saveWorkflow(suggestedName);
      if (chosen === null) return null;
      const file = isWorkflow(chosen) ? path.resolve(chosen) : path.resolve(chosen + WORKFLOW_EXT);
      roots.allow(path.dirname(file));
      return { path: file };
    },
  };
}
