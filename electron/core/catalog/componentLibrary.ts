import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { COMPONENT_FILE_FORMAT, ComponentFileSchema } from '../../../shared/graph/componentFile';
import type { ComponentFile } from '../../../shared/graph/componentFile';
import type { Components } from '../../../shared/graph/document';
import { ComponentIdSchema } from '../../../shared/graph/ids';
import { describeIssues, zodIssues } from '../../../shared/workflow/zodPath';
import { writePrivateFile } from '../storage/privateFiles';

/** The components library: `<data folder>/components/<id>.json`, one component (and what it holds) a file. */
export const componentsDir = (dataDir: string): string => path.join(dataDir, 'components');

const EXTENSION = '.json';
/** A component file larger than this is not read (a workflow's own limit is similar). */
const MAX_COMPONENT_FILE_BYTES = 20 * 1024 * 1024;

export interface LibraryEntry {
  id: string;
  name: string;
  inputs: number;
  outputs: number;
  nodes: number;
}

/**
 * The file of component `id`, inside `dir` and nowhere else: the id is checked
 * (letters, digits, `-`, `_`) and the resolved path must stay in the folder.
 */
function fileOf(dir: string, id: string): string {
  const parsed = ComponentIdSchema.safeParse(id);
  if (!parsed.success)
    throw new Error(`"${id}" is not a component id: ${parsed.error.issues[0]?.message}`);
  const root = path.resolve(dir);
  const file = path.resolve(root, `${parsed.data}${EXTENSION}`);
  if (path.dirname(file) !== root) throw new Error(`"${id}" is outside the components folder`);
  return file;
}

/** Parses one library file; the error names the file and the JSON path. */
export function parseComponentFile(text: string, where: string): ComponentFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${where}: not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  const parsed = ComponentFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${where}: ${describeIssues(zodIssues(parsed.error))}`);
  return parsed.data;
}

async function readComponentFile(file: string): Promise<ComponentFile> {
  const text = await readFile(file, 'utf8');
  if (Buffer.byteLength(text) > MAX_COMPONENT_FILE_BYTES)
    throw new Error(`${path.basename(file)}: larger than ${MAX_COMPONENT_FILE_BYTES} bytes`);
  return parseComponentFile(text, path.basename(file));
}

/** What the library holds, by name; unreadable files are reported, not fatal. */
export async function listLibrary(
  dir: string,
): Promise<{ entries: LibraryEntry[]; errors: string[] }> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(EXTENSION));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], errors: [] };
    throw e;
  }
  const entries: LibraryEntry[] = [];
  const errors: string[] = [];
  for (const name of names.sort()) {
    try {
      const file = await readComponentFile(fileOf(dir, name.slice(0, -EXTENSION.length)));
      const def = file.components[file.id]!;
      entries.push({
        id: file.id,
        name: def.name,
        inputs: def.inputs.length,
        outputs: def.outputs.length,
        nodes: def.nodes.length,
      });
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  return { entries, errors };
}

export async function readFromLibrary(dir: string, id: string): Promise<ComponentFile> {
  return readComponentFile(fileOf(dir, id));
}

/** Writes (or replaces) component `id` with what it holds; returns the file's path. */
export async function saveToLibrary(
  dir: string,
  id: string,
  components: Components,
): Promise<string> {
  const file = fileOf(dir, id);
  const content: ComponentFile = parseComponentFile(
    JSON.stringify({ format: COMPONENT_FILE_FORMAT, version: 1, id, components }),
    `component "${id}"`,
  );
  await writePrivateFile(file, `${JSON.stringify(content, null, 2)}\n`);
  return file;
}
