import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CallOutput, HostHandlers } from '../../../shared/contract/hostApi';
import { MAX_EMBEDDED_IMAGE_BYTES } from '../../../shared/nodes/builtins';
import { readImageInfo } from '../engine/imageInfo';
import type { BlobStore } from '../storage/blobStore';
import { FileReadError, readRegularFile } from '../storage/regularFile';
import type { AllowedRoots } from './allowedRoots';
import { containsReal } from './allowedRoots';
import { imageFolder, locateImage } from './imageAccess';

type InputCalls = 'images.inspect' | 'images.upload' | 'images.openDialog';
type Inspection = CallOutput<'images.inspect'>;

/** The folder beside a workflow where chosen, dropped and pasted images are written. */
export const INPUTS_DIR = 'inputs';

const MIB = 1024 * 1024;

/** The desktop shell's OS dialog to choose an image; absent on the web host. */
export type ChooseImageDialog = () => Promise<string | null>;

/**
 * Load Image as a picker: what a source holds (checked while editing), images the
 * user hands over written beside the workflow, and the OS dialog on the desktop.
 * Reading obeys the same rule as a run (locateImage): the workflow's folder tree and
 * the files the user allowed.
 */
export function imageInputHandlers(
  roots: AllowedRoots,
  blobs: BlobStore,
  chooseImage: ChooseImageDialog | false,
  maxBytes = MAX_EMBEDDED_IMAGE_BYTES,
): Pick<HostHandlers, InputCalls> {
  return {
    async 'images.inspect'({ workflowPath, source }) {
      const folder = await imageFolder(roots, workflowPath);
      const file = await locateImage(roots, folder, source);
      if (!file) return fail('unreadable', 'not a file source');
      if (!file.readable) {
        return fail(
          'outside',
          `${file.shown} is outside the workflow's folder: it is read once you allow it`,
        );
      }
      return inspectFile(file.abs, blobs);
    },

    async 'images.upload'({ workflowPath, name, base64 }) {
      const bytes = Buffer.from(base64, 'base64');
      if (bytes.byteLength > maxBytes) {
        throw new Error(
          `${name} is too large (${(bytes.byteLength / MIB).toFixed(1)} MB; the limit is ${maxBytes / MIB} MB)`,
        );
      }
      const info = readImageInfo(bytes);
      if (!info) throw new Error(`${name} is not a PNG, JPEG, WebP or GIF image`);
      const folder = await imageFolder(roots, workflowPath);
      const dir = path.join(folder, INPUTS_DIR);
      // The inputs folder must be the workflow's own (a link must not lead elsewhere).
      await mkdir(dir, { recursive: true });
      if (!(await containsReal(folder, dir))) {
        throw new Error(`${dir} leads outside the workflow's folder`);
      }
      const file = await writeUnused(dir, uploadName(name, info.mimeType), bytes);
      return { source: `${INPUTS_DIR}/${path.basename(file)}` };
    },

    async 'images.openDialog'({ workflowPath }) {
      if (!chooseImage) {
        throw new Error('this host has no OS file dialogs; upload the image instead');
      }
      const chosen = await chooseImage();
      if (chosen === null) return null;
      const abs = path.resolve(chosen);
      const folder = await imageFolder(roots, workflowPath);
      if (await containsReal(folder, abs)) {
        return { source: path.relative(folder, abs).split(path.sep).join('/') };
      }
      // Chosen by the user in the OS dialog: that is the consent images.allow asks for.
      await roots.allowFile(abs);
      return { source: abs };
    },
  };
}

const fail = (problem: Extract<Inspection, { ok: false }>['problem'], message: string) =>
  ({ ok: false, problem, message }) as const;

async function inspectFile(abs: string, blobs: BlobStore): Promise<Inspection> {
  let bytes: Buffer;
  try {
    // The one reader of user-named files: a FIFO does not block it, a folder is refused.
    bytes = await readRegularFile(abs, {
      what: 'image file',
      maxBytes: MAX_EMBEDDED_IMAGE_BYTES * 4,
      tooLargeFor: 'to preview',
    });
  } catch (e) {
    if (!(e instanceof FileReadError)) throw e;
    if (e.reason === 'missing') return fail('missing', `file not found: ${abs}`);
    return fail(e.reason === 'too-large' ? 'too-large' : 'unreadable', e.message);
  }
  const image = readImageInfo(bytes);
  if (!image) return fail('not-image', `${abs} is not a PNG, JPEG, WebP or GIF image`);
  const stored = await blobs.put(bytes);
  return { ok: true, ...image, bytes: bytes.byteLength, hash: stored.hash };
}

const EXTENSION: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/webp': '.webp',
  'image/gif': '.gif',
};

/**
 * A safe file name from what the browser called the file: no folders, no leading
 * dots, only letters, digits, `-`, `_` and `.`; the extension from the bytes.
 */
export function uploadName(name: string, mimeType: string): string {
  const base = path.posix.basename(name.replace(/\\/g, '/')).replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const safe = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return `${safe || 'image'}${EXTENSION[mimeType] ?? '.img'}`;
}

/**
 * Writes `bytes` as `dir/name`, or `name-2`, `name-3`... when taken: an existing file
 * is never replaced. A file already holding exactly these bytes is reused instead.
 * The write is exclusive (`wx`), so two uploads at once cannot take the same name.
 */
export async function writeUnused(dir: string, name: string, bytes: Buffer): Promise<string> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; n < 10_000; n++) {
    const file = path.join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
    try {
      await writeFile(file, bytes, { flag: 'wx' });
      return file;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const existing = await readFile(file).catch(() => null);
      if (existing?.equals(bytes)) return file;
    }
  }
  throw new Error(`no free file name for ${name} in ${dir}`);
}
