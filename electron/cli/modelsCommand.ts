import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { modelNodeType } from '../../shared/catalog/model';
import { AddModelRequestSchema } from '../../shared/catalog/draftModel';
import { modelNodeSpec } from '../../shared/nodes/registry';
import {
  AddModelError,
  addUserModel,
  loadAllModels,
  userModelsDir,
} from '../core/catalog/userModels';
import { defaultDataDir } from '../core/paths';
import { EXIT } from './exitCodes';
import type { CliIO } from './io';

export interface ModelsAddArgs {
  provider: string;
  endpoint: string;
  /** A file with the input JSON Schema, or `-` for stdin. */
  schema: string;
  name?: string;
}

/**
 * `nodeloom models add`: the same core function as the app's Add Model dialog. Prints
 * the node it made (inputs, widgets, outputs) and the file it wrote.
 */
export async function modelsAddCommand(
  io: CliIO,
  args: ModelsAddArgs,
  dataDir: string = defaultDataDir(io.env),
  readStdin: () => Promise<string> = readProcessStdin,
): Promise<number> {
  let schema: string;
  try {
    schema =
      args.schema === '-'
        ? await readStdin()
        : await readFile(path.resolve(io.cwd, args.schema), 'utf8');
  } catch (e) {
    io.stderr(`nodeloom: --schema ${args.schema}: ${(e as Error).message}\n`);
    return EXIT.invalid;
  }
  const request = AddModelRequestSchema.safeParse({
    provider: args.provider,
    endpoint: args.endpoint,
    schema,
    ...(args.name ? { displayName: args.name } : {}),
  });
  if (!request.success) {
    for (const issue of request.error.issues)
      io.stderr(`nodeloom: --${String(issue.path[0] ?? 'arguments')}: ${issue.message}\n`);
    return EXIT.invalid;
  }
  const userDir = userModelsDir(dataDir);
  const existing = await loadAllModels({ userDir });
  try {
    const { path: file, model } = await addUserModel(userDir, request.data, existing.models);
    const spec = modelNodeSpec(model);
    io.stdout(`added ${modelNodeType(model)} (${spec.title}, ${model.task})\n`);
    io.stdout(`  inputs:  ${spec.inputs.map((p) => `${p.id} (${p.type})`).join(', ') || 'none'}\n`);
    io.stdout(
      `  widgets: ${spec.widgets.map((w) => `${w.key} (${w.kind})`).join(', ') || 'none'}\n`,
    );
    io.stdout(`  outputs: ${spec.outputs.map((p) => `${p.id} (${p.type})`).join(', ')}\n`);
    io.stdout(`  file:    ${file}\n`);
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof AddModelError)) throw e;
    for (const problem of e.problems) io.stderr(`nodeloom: ${problem}\n`);
    io.stderr('nothing was written\n');
    return EXIT.invalid;
  }
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
