import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseCatalog } from '../../../shared/catalog/catalog';
import type { CatalogLoadResult } from '../../../shared/catalog/catalog';
import { draftModelEntry, userModelFile } from '../../../shared/catalog/draftModel';
import type { AddModelRequest } from '../../../shared/catalog/draftModel';
import { modelNodeType } from '../../../shared/catalog/model';
import type { ModelEntry } from '../../../shared/catalog/model';
import { writePrivateFile } from '../storage/privateFiles';
import { DEFAULT_CATALOG_DIR, catalogFileNames, readCatalogDir } from './loadCatalog';

/** The user's own model files: `<data folder>/models/`, any depth, the catalog's format. */
export const userModelsDir = (dataDir: string): string => path.join(dataDir, 'models');

export interface CatalogDirs {
  /** The app's own catalog; default the source tree's. */
  bundledDir?: string;
  /** The user's models folder; none when unset. */
  userDir?: string;
}

/**
 * The bundled catalog and the user's models, parsed by the same parser with the same
 * messages. Each entry says where it came from; a user's file for a bundled node
 * type is skipped with a message (the bundled model is kept).
 */
export async function loadAllModels(dirs: CatalogDirs = {}): Promise<CatalogLoadResult> {
  const bundled = await readCatalogDir(dirs.bundledDir ?? DEFAULT_CATALOG_DIR, 'bundled');
  const user = dirs.userDir
    ? await readCatalogDir(dirs.userDir, 'user')
    : { sources: [], errors: [] };
  const parsed = parseCatalog([...bundled.sources, ...user.sources]);
  return { models: parsed.models, errors: [...bundled.errors, ...user.errors, ...parsed.errors] };
}

/**
 * What the user's folder holds now (names, sizes, modification times): when it
 * differs from the last one, the folder is read again.
 */
export async function folderFingerprint(dir: string): Promise<string> {
  const names = (await catalogFileNames(dir)).sort();
  const parts = await Promise.all(
    names.map(async (name) => {
      try {
        const s = await stat(path.join(dir, name));
        return `${name}:${s.size}:${s.mtimeMs}`;
      } catch {
        return `${name}:gone`; // removed between the listing and the stat
      }
    }),
  );
  return parts.join('\n');
}

export class AddModelError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.name = 'AddModelError';
    this.problems = problems;
  }
}

/**
 * Add Model, for the host call and the CLI alike: checks what was pasted, refuses a
 * node type that exists already (bundled or the user's), and writes
 * `<userDir>/<provider>/<endpoint>.json`. Throws AddModelError naming each problem.
 */
export async function addUserModel(
  userDir: string,
  request: AddModelRequest,
  existing: readonly ModelEntry[],
): Promise<{ path: string; model: ModelEntry }> {
  const draft = draftModelEntry(request);
  if (!draft.ok) throw new AddModelError(draft.error);
  const model = draft.value;
  const type = modelNodeType(model);
  const taken = existing.find((m) => modelNodeType(m) === type);
  if (taken) {
    throw new AddModelError([
      `endpoint: ${type} exists already (${taken.origin === 'user' ? 'one of your models' : 'a bundled model'})`,
    ]);
  }
  const file = path.resolve(userDir, ...userModelFile(model).split('/'));
  // The endpoint's characters are checked; this keeps the file inside the folder whatever changes.
  if (!file.startsWith(path.resolve(userDir) + path.sep)) {
    throw new AddModelError([`endpoint: "${model.endpoint}" would leave the models folder`]);
  }
  // A file there that did not load (broken) is the user's to fix, not ours to overwrite.
  if (
    await stat(file).then(
      () => true,
      () => false,
    )
  ) {
    throw new AddModelError([`endpoint: ${file} exists already; fix or remove it first`]);
  }
  await writePrivateFile(file, `${JSON.stringify(model, null, 2)}\n`);
  return { path: file, model: { ...model, origin: 'user' } };
}
