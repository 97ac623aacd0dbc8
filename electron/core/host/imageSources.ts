import path from 'node:path';
import type { CallOutput, HostHandlers } from '../../../shared/contract/hostApi';
import type { AllowedRoots } from './allowedRoots';
import { fileSource, imageFolder, locateImage, readImageDataUri } from './imageAccess';

type ImageCalls = 'images.outside' | 'images.allow' | 'images.embed' | 'images.rebase';
type Embedded = CallOutput<'images.embed'>['images'][number];

/**
 * The Load Image calls. A workflow reads files in its own folder tree freely;
 * any other file only after the user agreed (images.allow), as a workflow from
 * elsewhere must not quietly send local files to a provider.
 */
export function imageSourceHandlers(roots: AllowedRoots): Pick<HostHandlers, ImageCalls> {
  return {
    async 'images.outside'({ workflowPath, sources }) {
      const folder = await imageFolder(roots, workflowPath);
      const outside: CallOutput<'images.outside'>['outside'] = [];
      const seen = new Set<string>();
      for (const source of sources) {
        const file = await locateImage(roots, folder, source);
        // One entry per file, however its sources spell it: the user is asked once.
        if (!file || file.readable || seen.has(file.shown)) continue;
        seen.add(file.shown);
        outside.push({ source, path: file.shown });
      }
      return { outside };
    },

    async 'images.allow'({ workflowPath, sources }) {
      const folder = await imageFolder(roots, workflowPath);
      const allowed = new Set<string>();
      for (const source of sources) {
        const file = await locateImage(roots, folder, source);
        if (!file) continue;
        await roots.allowFile(file.abs);
        allowed.add(file.shown);
      }
      return { allowed: [...allowed] };
    },

    async 'images.embed'({ workflowPath, sources }) {
      const folder = await imageFolder(roots, workflowPath);
      const images: Embedded[] = [];
      for (const source of sources) images.push(await embed(roots, folder, source));
      return { images };
    },

    async 'images.rebase'({ from, to, sources }) {
      const fromDir = from === undefined ? roots.workspaceDir : await folderOf(roots, from);
      const toDir = await folderOf(roots, to);
      return { sources: sources.map((s) => rebase(s, fromDir, toDir)) };
    },
  };
}

async function embed(roots: AllowedRoots, folder: string, source: string): Promise<Embedded> {
  const file = await locateImage(roots, folder, source);
  if (!file) return { ok: false, source, error: `${describe(source)} is not a file` };
  if (!file.readable) {
    const error = `${file.shown} is outside the workflow's folder: allow it first`;
    return { ok: false, source, error };
  }
  try {
    return { ok: true, source, dataUri: await readImageDataUri(file.abs) };
  } catch (e) {
    return { ok: false, source, error: (e as Error).message };
  }
}

const describe = (source: string): string => {
  const s = source.trim();
  if (s === '') return 'an empty source';
  if (/^data:/i.test(s)) return 'an embedded image';
  return s;
};

const folderOf = async (roots: AllowedRoots, workflowPath: string): Promise<string> =>
  path.dirname(await roots.resolve(workflowPath));

/**
 * A relative file source as seen from `toDir`, written with forward slashes as
 * workflow files travel between systems. Anything else comes back as it was,
 * including absolute paths of either system's form.
 */
function rebase(source: string, fromDir: string, toDir: string): string {
  const s = fileSource(source);
  if (s === undefined || path.posix.isAbsolute(s) || path.win32.isAbsolute(s)) return source;
  const rel = path.relative(toDir, path.resolve(fromDir, s));
  return rel === '' ? '.' : rel.split(path.sep).join('/');
}
