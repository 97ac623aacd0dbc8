import { ProviderIdSchema } from '../../shared/catalog/model';
import path from 'node:path';
import type { NodeId } from '../../shared/graph/ids';
import { PREVIEW_NODE } from '../../shared/nodes/builtins';
import { nodeName } from '../../shared/nodes/nodeName';
import type { NodeRegistry } from '../../shared/nodes/registry';
import { preflight } from '../../shared/plan/preflight';
import { baseNodeId } from '../../shared/plan/expand/instances';
import type { Preflight } from '../../shared/plan/preflight';
import { flattenComponents } from '../../shared/plan/flattenComponents';
import { PROVIDER_NAMES } from '../../shared/catalog/model';
import { probeCache } from '../core/engine/cacheProbe';
import { providerBaseUrl } from '../core/providers/http';
import { ResultCache } from '../core/storage/resultCache';
import { createEngine } from '../core/engine/engine';
import type { RunSummary } from '../core/engine/engine';
import { HistoryStore } from '../core/history/historyStore';
import { DataDirBusyError, lockDataDir } from '../core/storage/dataDirLock';
import type { DataDirLock } from '../core/storage/dataDirLock';
import { HistoryRecorder } from '../core/history/recorder';
import {
  OUTPUT_FOLDER_NAME,
  imagePrefix,
  saveNumberedImage,
  savesOutputs,
} from '../core/output/saveImages';
import { defaultDataDir } from '../core/paths';
import {
  createAdapters,
  missingKeyMessage,
  providersWithKeys,
  readProviderSettings,
} from '../core/providers/config';
import { userModelsDir } from '../core/catalog/userModels';
import { BlobStore } from '../core/storage/blobStore';
import type { Command } from './args';
import { dryRun, formatDryRun } from './dryRun';
import { EXIT } from './exitCodes';
import type { CliIO } from './io';
import { shown } from './io';
import { loadWorkflowAndCatalog } from './loadWorkflow';
import { jsonRenderer, lineRenderer, ttyRenderer } from './progress';
import { formatIssue } from './validateCommand';
import { loadSettings } from '../core/host/settingsStore';

type RunArgs = Extract<Command, { kind: 'run' }>;

/** Test hooks: how often to poll, and the data folder. */
export interface RunTuning {
  pollIntervalMs?: number;
  dataDir?: string;
}

export async function runCommand(
  io: CliIO,
  args: RunArgs,
  tuning: RunTuning = {},
): Promise<number> {
  const file = path.resolve(io.cwd, args.workflow);
  const dataDir = tuning.dataDir ?? defaultDataDir(io.env);
  const loaded = await loadWorkflowAndCatalog(file, file, userModelsDir(dataDir));
  if (!loaded.ok) {
    io.stderr(`${loaded.error}\n`);
    return EXIT.invalid;
  }
  const { workflow, registry, catalogErrors } = loaded.value;
  for (const e of catalogErrors) io.stderr(`warning: catalog: ${e}\n`);
  const doc = workflow.graph;

  // A dry run needs no key; a real one needs a key for every provider it sends to.
  let adapters: Partial<ReturnType<typeof createAdapters>> = {};
  if (!args.dryRun) {
    const settings = readProviderSettings(io.env);
    if (!settings.ok) {
      for (const e of settings.error) io.stderr(`${e}\n`);
      return EXIT.invalid;
    }
    adapters = createAdapters(settings.value);
  }
  // The prices the user entered in the app's Settings count here too (marked as theirs).
  const { modelPrices } = await loadSettings(dataDir, (m) => io.stderr(`warning: ${m}\n`));
  // Variants and combinations expand in the preflight, for the dry run and the run alike.
  const expansion = {
    ...(args.variants !== undefined ? { variants: args.variants } : {}),
    ...(args.combine !== undefined ? { combine: args.combine } : {}),
  };
  // The same pre-run check as the app's Run button, its host and the engine.
  const checked = preflight(doc, registry, args.only, {
    expansion,
    ...(args.dryRun ? {} : { keyedProviders: providersWithKeys(adapters) }),
    userPrices: modelPrices,
  });
  if (checked.planError) {
    io.stderr(`${shown(file)}: ${shown(checked.planError.message)}\n`);
    return EXIT.invalid;
  }
  const errors = checked.issues.filter((i) => i.code !== 'missing-key');
  if (errors.length > 0) {
    for (const i of errors) io.stderr(`${formatIssue(file, i)}\n`);
    io.stderr(
      `nothing was sent: fix ${errors.length === 1 ? 'this problem' : `these ${errors.length} problems`} first\n`,
    );
    return EXIT.invalid;
  }

  // A held node is named by its run id: an instance of an expanded run, or a node inside
  // a component (`<instance>/<inner>`).
  const runIds = new Set<string>([
    ...checked.graph.nodes.map((n) => n.id as string),
    ...flattenComponents(doc, registry).graph.nodes.map((n) => n.id as string),
  ]);
  const unknownResend = (args.resend ?? []).filter(
    (id) => !runIds.has(id) && !runIds.has(baseNodeId(id, checked.expansion.labels)),
  );
  if (unknownResend.length > 0) {
    io.stderr(
      `${shown(file)}: --resend names no node of the workflow: ${unknownResend.map(shown).join(', ')}\n`,
    );
    return EXIT.invalid;
  }
  if (checked.missingKeys.length > 0) {
    for (const p of checked.missingKeys) io.stderr(`${missingKeyMessage(p)}\n`);
    return EXIT.invalid;
  }

  if (args.dryRun) {
    // What the result cache already answers is reused, not sent: the report says so.
    const cached = await probeDataDir(io, dataDir, registry, checked, path.dirname(file));
    const final = preflight(doc, registry, args.only, {
      cached,
      userPrices: modelPrices,
      expansion,
    });
    const report = dryRun(final.graph, registry, final);
    io.stdout(args.json ? `${JSON.stringify(report)}\n` : formatDryRun(report));
    return EXIT.ok;
  }

  let lock: DataDirLock;
  try {
    lock = await lockDataDir(dataDir, { owner: 'the nodeloom CLI' });
  } catch (e) {
    if (!(e instanceof DataDirBusyError)) throw e;
    io.stderr(`nothing was sent: ${shown(e.message)}\n`);
    return EXIT.invalid;
  }
  const engine = createEngine({
    registry,
    adapters,
    dataDir,
    ...(args.concurrency
      ? {
          concurrency: {
            global: args.concurrency,
            perProvider: Object.fromEntries(
              ProviderIdSchema.options.map((p) => [p, args.concurrency]),
            ),
          },
        }
      : {}),
    ...(tuning.pollIntervalMs ? { pollIntervalMs: tuning.pollIntervalMs } : {}),
  });
  const recorder = await openHistory(io, dataDir, registry);
  try {
    const resumed = await engine.resume((job) => recorder.resumed(job));
    for (const u of resumed.uncertain) io.stderr(`warning: ${shown(u.message)}\n`);

    const nodes = new Map(checked.graph.nodes.map((n) => [n.id as string, n]));
    // The node's name, and its id: what --only takes.
    const title = (id: string): string =>
      `${shown(nodeName(nodes.get(id), registry))} "${shown(id)}"`;
    const renderer = args.json
      ? jsonRenderer(io.stdout, io.stderr)
      : io.isTTY
        ? ttyRenderer(io.terminal ?? io.stdout, title, io.columns)
        : lineRenderer(io.stdout, title, io.stderr);
    // The run history of the data folder, as the app records its runs (its History panel).
    const record = args.noHistory
      ? undefined
      : recorder.listener({ graph: checked.graph, workflowPath: file });
    const handle = engine.run(doc, {
      targets: args.only,
      baseDir: path.dirname(file),
      ...(args.resendUncertain ? { resend: 'all-held' as const } : {}),
      ...(args.resend && !args.resendUncertain ? { resend: args.resend } : {}),
      userPrices: modelPrices,
      expansion,
      onEvent: (e) => {
        record?.(e);
        renderer.event(e);
      },
    });
    let interrupted = false;
    // The first Ctrl+C cancels; listening stops then, so a second one ends the
    // process at once (open jobs stay in the journal for the next start).
    const stopListening = io.onInterrupt(() => {
      if (interrupted) return;
      interrupted = true;
      stopListening();
      renderer.note(
        'cancelling: queued jobs are cancelled at the provider; press Ctrl+C again to quit at once',
      );
      handle.cancel();
    });
    let summary: RunSummary;
    try {
      summary = await handle.done;
    } finally {
      stopListening();
      renderer.finish();
    }

    const saved = await saveRunOutputs(
      io,
      args,
      file,
      workflow,
      summary,
      checked,
      dataDir,
      registry,
    );
    if (args.json) io.stdout(`${JSON.stringify({ type: 'saved', files: saved })}\n`);
    else for (const f of saved) io.stdout(`saved ${shown(f)}\n`);
    const held = [...summary.states].filter(([, s]) => s === 'held').map(([id]) => id);
    if (held.length > 0) {
      const one = held.length === 1;
      const flags = held.map((id) => `--resend ${shown(id)}`).join(' ');
      io.stderr(
        `held: ${held.map(shown).join(', ')} — ${one ? 'its request' : 'their requests'} may have reached the provider; check its dashboard, then send ${one ? 'it' : 'them'} again with ${flags} (or --resend-uncertain)\n`,
      );
    }
    if (interrupted) return EXIT.interrupted;
    return summary.status === 'succeeded' ? EXIT.ok : EXIT.failed;
  } finally {
    // Jobs cancelled while running stay in the journal; the next start collects them.
    await engine.close();
    await recorder.flush();
    await lock.release();
  }
}

/**
 * The nodes the data folder's result cache answers, keyed with the configured base
 * URLs as the run's clients would be (no key is needed to read the cache).
 */
async function probeDataDir(
  io: CliIO,
  dataDir: string,
  registry: NodeRegistry,
  checked: Preflight,
  baseDir: string,
): Promise<Set<NodeId>> {
  const settings = readProviderSettings(io.env);
  if (!settings.ok) return new Set();
  const blobs = new BlobStore(path.join(dataDir, 'blobs'));
  return probeCache(registry, checked, {
    cache: new ResultCache(path.join(dataDir, 'results'), blobs),
    baseUrl: (p) => providerBaseUrl(settings.value[p].baseUrl, PROVIDER_NAMES[p]),
    baseDir,
  });
}

/**
 * The run history of the data folder: runs a crash left running are marked
 * interrupted first (as the app does when it starts), so the jobs the engine
 * resumes from its journal can complete their records.
 */
async function openHistory(
  io: CliIO,
  dataDir: string,
  registry: NodeRegistry,
): Promise<HistoryRecorder> {
  const warn = (m: string): void => io.stderr(`warning: ${m}\n`);
  const store = new HistoryStore(path.join(dataDir, 'history'));
  try {
    const { unreadable } = await store.markInterrupted();
    for (const u of unreadable) warn(`run history: skipped an unreadable record: ${u}`);
  } catch (e) {
    warn(`run history: could not check for interrupted runs: ${(e as Error).message}`);
  }
  return new HistoryRecorder(store, registry, { warn });
}

/**
 * Writes the images of the planned Preview/Save nodes that save, or, when the plan
 * has no Preview node (a graph without one, or `--only` on a model), of every
 * planned model. Names are `<prefix>_<NNNNN>.<ext>`, the next free number of the
 * prefix (as the app names them: one service, core/output), made safe as file names
 * so a prefix can never point outside the output folder. In a run with variants or
 * combinations each instance saves as `<prefix>_c01_v02_<NNNNN>.<ext>`.
 */
async function saveRunOutputs(
  io: CliIO,
  args: RunArgs,
  file: string,
  workflow: Parameters<typeof saveNumberedImage>[3],
  summary: RunSummary,
  checked: Preflight,
  dataDir: string,
  registry: NodeRegistry,
): Promise<string[]> {
  const { labels } = checked.expansion;
  const runNodes = new Map(checked.expansion.doc.nodes.map((n) => [n.id as string, n]));
  const plannedNodes = checked.plan.order.map((id) => runNodes.get(id)!);
  const previews = plannedNodes.filter((n) => n.type === PREVIEW_NODE);
  const sources =
    previews.length > 0
      ? previews.filter((n) => savesOutputs(n.params))
      : plannedNodes.filter((n) => registry.get(n.type)?.model);
  const outDir = path.resolve(io.cwd, args.out ?? OUTPUT_FOLDER_NAME);
  const blobs = new BlobStore(path.join(dataDir, 'blobs'));
  const stem = path.basename(file).replace(/\.[^.]+$/, '');
  const saved: string[] = [];
  // Instances in combination, then variant order, so the numbers follow the names.
  const order = (id: string): [number, number] => [
    labels[id]?.combination ?? 0,
    labels[id]?.variant ?? 0,
  ];
  sources.sort((a, b) => {
    const [ca, va] = order(a.id);
    const [cb, vb] = order(b.id);
    return ca - cb || va - vb;
  });
  for (const node of sources) {
    const images = summary.images.get(node.id) ?? [];
    const label = labels[node.id];
    const prefix = imagePrefix(node.params, stem, label, labels);
    for (const image of images) {
      saved.push(
        await saveNumberedImage(blobs, image, { dir: outDir, prefix }, workflow, {
          nodeId: node.id,
          createdAt: new Date().toISOString(),
          ...(label?.seed !== undefined ? { seed: label.seed } : {}),
          ...summary.provenance.get(image.hash),
        }),
      );
    }
  }
  return saved;
}
