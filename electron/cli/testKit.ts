import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { GraphDocument } from '../../shared/graph/document';
import type { RunEvent } from '../../shared/run/events';
import { RunEventSchema } from '../../shared/run/events';
import { MODELS, testGraph } from '../../shared/testing/testGraph';
import { createWorkflow, serializeWorkflow } from '../../shared/workflow/format';
import { createEmulator } from '../emulator';
import type { Emulator } from '../emulator/types';
import type { CliIO } from './io';
import { runCli } from './main';

/** Test kit for the CLI: runCli in-process with a fake terminal, against an emulator. */

export const REPO_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const EXAMPLES_DIR = path.join(REPO_DIR, 'examples');
/** Examples the tests run: prompt -> studio -> rainy-evening -> preview, all RunComfy. */
export const T2I_EDIT = 'text-to-image-then-edit.nodeloom';
/** An edit chain with a local reference image, sent to RunComfy and Runflow. */
export const EDIT_CHAIN = 'edit-chain-with-reference.nodeloom';

/** Keys no real provider would issue, so any appearance in the output is a leak. */
export const TEST_KEYS = {
  runcomfy: 'rc-test-key-7f3a9d1e55b2',
  runflow: 'rf_live_test-key-c04e8b2a91d6',
};

/** The environment that points the CLI at `emu`. */
export function emulatorEnv(emu: Emulator): Record<string, string> {
  return {
    RUNCOMFY_API_KEY: emu.keys.runcomfy,
    RUNFLOW_API_KEY: emu.keys.runflow,
    NODELOOM_RUNCOMFY_BASE_URL: emu.runcomfyBaseUrl,
    NODELOOM_RUNFLOW_BASE_URL: emu.runflowBaseUrl,
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout split into lines, without the final empty one. */
  lines: string[];
  /** Whether the CLI still listened for Ctrl+C right after the first one (if any). */
  listeningAfterInterrupt?: boolean;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  isTTY?: boolean;
  columns?: number;
  dataDir?: string;
  /** Sees stdout as it is written, with a way to press Ctrl+C. */
  onStdout?: (text: string, interrupt: () => void) => void;
}

/** Runs the CLI in this process with a fake terminal that records everything. */
export async function cli(argv: string[], options: CliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  let handler: (() => void) | undefined;
  let listeningAfterInterrupt: boolean | undefined;
  const interrupt = (): void => {
    handler?.();
    listeningAfterInterrupt ??= handler !== undefined;
  };
  const io: CliIO = {
    stdout: (t) => {
      stdout += t;
      options.onStdout?.(t, interrupt);
    },
    stderr: (t) => {
      stderr += t;
    },
    env: options.env ?? {},
    cwd: options.cwd ?? REPO_DIR,
    isTTY: options.isTTY ?? false,
    ...(options.columns ? { columns: options.columns } : {}),
    onInterrupt: (h) => {
      handler = h;
      return () => {
        if (handler === h) handler = undefined;
      };
    },
  };
  const code = await runCli(argv, io, {
    pollIntervalMs: 10,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  const lines = stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return {
    code,
    stdout,
    stderr,
    lines,
    ...(listeningAfterInterrupt !== undefined ? { listeningAfterInterrupt } : {}),
  };
}

export interface TestFolder {
  /** A fresh folder for each test, removed after it. */
  readonly dir: string;
  /** `data` inside `dir`: the CLI's data folder. */
  readonly dataDir: string;
}

/** Registers the hooks that give each test of the file its own folder. */
export function folderPerTest(): TestFolder {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-cli-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  return {
    get dir() {
      return dir;
    },
    get dataDir() {
      return path.join(dir, 'data');
    },
  };
}

/** Fails when the output shows a provider key: keys never reach stdout or stderr. */
export function expectNoKeys(r: CliResult): void {
  for (const key of Object.values(TEST_KEYS)) {
    expect(r.stdout).not.toContain(key);
    expect(r.stderr).not.toContain(key);
  }
}

/** prompt -> Nano Banana Pro Edit with no image: a graph that cannot run. */
export function editWithoutImage(): GraphDocument {
  const g = testGraph();
  g.connect(
    g.prompt('make it snow', { id: 'prompt' }),
    'text',
    g.model(MODELS.proEdit, {}, { id: 'edit' }),
    'prompt',
  );
  return g.doc();
}

/** Copies an example and the images it loads into `dir`; returns the copy's path. */
export async function copyExample(name: string, dir: string): Promise<string> {
  await cp(path.join(EXAMPLES_DIR, 'images'), path.join(dir, 'images'), { recursive: true });
  const target = path.join(dir, name);
  await cp(path.join(EXAMPLES_DIR, name), target);
  return target;
}

export async function writeGraph(dir: string, name: string, graph: GraphDocument): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, serializeWorkflow(createWorkflow(graph, { name })));
  return file;
}

/** The files in a folder, sorted; none when it does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

/** The `--json` output: every line parsed, run events checked against their schema. */
export function jsonLines(stdout: string): { events: RunEvent[]; saved: string[] } {
  const lines = stdout.trimEnd().split('\n');
  const parsed = lines.map((l) => JSON.parse(l) as { type: string; files?: string[] });
  const last = parsed.pop();
  if (last?.type !== 'saved') throw new Error(`last line is not "saved": ${lines.at(-1)}`);
  return {
    events: parsed.map((p) => RunEventSchema.parse(p) as RunEvent),
    saved: last.files ?? [],
  };
}

/** Node states in event order, per node. */
export function statesByNode(events: readonly RunEvent[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of events) if (e.type === 'node') (out[e.nodeId] ??= []).push(e.state);
  return out;
}

/** The chunk types of a PNG, or an error naming the first bad CRC. */
export async function pngChunkTypes(file: string): Promise<string[]> {
  const b = await readFile(file);
  const types: string[] = [];
  for (let at = 8; at < b.length;) {
    const len = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    if (b.readUInt32BE(at + 8 + len) !== crc32(b.subarray(at + 4, at + 8 + len)))
      throw new Error(`${file}: bad CRC in ${type} chunk at byte ${at}`);
    types.push(type);
    at += 12 + len;
  }
  return types;
}

/** Emulator settings that keep CLI runs short. */
export const FAST_EMULATOR = { latency: { queueMs: 5, runMs: 20 }, faults: [] };

export interface CliTestBed extends TestFolder {
  /** One emulator for the test file, reset to FAST_EMULATOR before each test. */
  emu: Emulator;
  /** The environment that points the CLI at `emu`. */
  env: Record<string, string>;
  /** The CLI in `dir`, against `emu`, with `dataDir` as its data folder unless told otherwise. */
  run(argv: string[], options?: Parameters<typeof cli>[1]): Promise<CliResult>;
  /** The jobs the emulator accepted since the test began. */
  submissions(): number;
}

/** Registers the hooks every CLI test file needs; the fields are set once they have run. */
export function cliTestBed(): CliTestBed {
  const folder = folderPerTest();
  const bed: CliTestBed = {
    emu: undefined as unknown as Emulator,
    env: {},
    get dir() {
      return folder.dir;
    },
    get dataDir() {
      return folder.dataDir;
    },
    run: (argv, options = {}) =>
      cli(argv, { env: bed.env, cwd: bed.dir, dataDir: bed.dataDir, ...options }),
    submissions: () => bed.emu.stats().total.submissions,
  };
  beforeAll(async () => {
    bed.emu = await createEmulator({ imageScale: 0.02, keys: TEST_KEYS, ...FAST_EMULATOR });
    bed.env = emulatorEnv(bed.emu);
  });
  afterAll(() => bed.emu.close());
  beforeEach(() => {
    bed.emu.configure(FAST_EMULATOR);
    bed.emu.reset();
  });
  return bed;
}
