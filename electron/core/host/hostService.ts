import path from 'node:path';
import { componentsDir } from '../catalog/componentLibrary';
import { componentHandlers } from './componentHandlers';
import { PROVIDER_NAMES, ProviderIdSchema } from '../../../shared/catalog/model';
import type { ProviderId } from '../../../shared/catalog/model';
import { CALL_NAMES } from '../../../shared/contract/hostApi';
import type { EventName, EventPayload, HostHandlers } from '../../../shared/contract/hostApi';
import type { SettingsView } from '../../../shared/contract/settings';
import { LiveCatalog } from '../catalog/liveCatalog';
import { AddModelError, userModelsDir } from '../catalog/userModels';
import type { ProviderSettings } from '../providers/config';
import { apiKeyProblem } from '../providers/http';
import { BlobStore } from '../storage/blobStore';
import { lockDataDir } from '../storage/dataDirLock';
import type { DataDirLock } from '../storage/dataDirLock';
import { ThumbnailStore } from '../storage/thumbnails';
import type { Thumbnail } from '../storage/thumbnails';
import { AllowedRoots } from './allowedRoots';
import { EngineRuntime } from './engineRuntime';
import type { EngineTuning } from './engineRuntime';
import { imageInputHandlers } from './imageInputs';
import { imageSourceHandlers } from './imageSources';
import type { KeyStore } from './keyStore';
import { recoveryHandlers } from './recovery';
import { openRunHistory } from './historyHandlers';
import { pinnedElsewhere } from './pinnedElsewhere';
import { runOutputs } from './outputHandlers';
import { createRunStarter, runHandlers } from './runHandlers';
import type { RunDeps } from './runHandlers';
import { openRunQueue } from '../queue/runQueue';
import { applyPatch, defaultBaseUrls, loadSettings, settingsWriter } from './settingsStore';
import { workflowFileHandlers } from './workflowFiles';
import type { NativeDialogs } from './workflowFiles';

export interface HostServiceOptions {
  /** Holds settings.json, blobs/, thumbs/, results/ and journal/. */
  dataDir: string;
  /** Where the UI's own file dialog starts, and the one folder it may always use. */
  workspaceDir: string;
  keyStore: KeyStore;
  /** The providers are the local emulator (reported by app.info). */
  emulated: boolean;
  /** The desktop shell's OS dialogs; false: the UI browses with workflow.list. */
  nativeDialogs: false | NativeDialogs;
  /** Base URLs that win over settings and environment (the emulator's), never saved. */
  baseUrlOverrides?: Partial<Record<ProviderId, string>>;
  version: string;
  /** For NODELOOM_*_BASE_URL; defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Problems worth telling the user that must not stop the app (a broken settings file). */
  onWarning?: (message: string) => void;
  engine?: EngineTuning;
  catalogDir?: string;
  /** Shows a saved image in the OS file manager (the desktop shell's shell.showItemInFolder). */
  revealFile?: (file: string) => void;
  /** The components library; default `<dataDir>/components`. */
  componentsDir?: string;
  /** The user's own model files; default `<dataDir>/models`. */
  userModelsDir?: string;
  /** Who holds the data folder, for another process's message ("the desktop app"). */
  owner?: string;
  /** Recently opened workflow files (desktop File > Open Recent): their pins are kept. */
  recentWorkflows?: () => readonly string[];
}

export type HostEventListener = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

export interface HostService {
  handlers: HostHandlers;
  /** Every host event, for a transport to forward; returns the unsubscribe function. */
  subscribe(listener: HostEventListener): () => void;
  /** Lets the desktop shell push its own events (app.command) down the same channel. */
  emit<K extends EventName>(name: K, payload: EventPayload<K>): void;
  /**
   * The user chose this file outside the app (opened it from the OS, the command
   * line or Open Recent): its folder may be read and written like a dialog's.
   */
  allowPath(file: string): void;
  /** The file of a stored image; throws unless `hash` is a sha256. */
  blobPath(hash: string): string;
  /**
   * A small WebP copy of a stored image, longest side `size` (one of THUMB_SIZES),
   * made on first use and cached in dataDir/thumbs; null when there is no such image.
   * Rejects with ThumbnailRequestError for a bad hash or size, NotAnImageError when
   * the stored file is not an image.
   */
  thumbnail(hash: string, size: number): Promise<Thumbnail | null>;
  close(): Promise<void>;
}

/**
 * The host contract implemented once on the core services. The web host serves it
 * over HTTP/WebSocket and the Electron shell over IPC; neither adds behaviour.
 */
export async function createHostService(options: HostServiceOptions): Promise<HostService> {
  // First of all: the journal, cache and history below serve one process at a time.
  const lock = await lockDataDir(options.dataDir, { owner: options.owner ?? 'Nodeloom' });
  try {
    return await openHostService(options, lock);
  } catch (e) {
    await lock.release();
    throw e;
  }
}

async function openHostService(
  options: HostServiceOptions,
  lock: DataDirLock,
): Promise<HostService> {
  const warn = options.onWarning ?? ((m: string) => console.warn(`warning: ${m}`));
  const { keyStore } = options;
  const workspaceDir = path.resolve(options.workspaceDir);
  const defaults = defaultBaseUrls(options.env ?? process.env, warn);
  let settings = await loadSettings(options.dataDir, warn);
  const save = settingsWriter(options.dataDir);
  let updating: Promise<unknown> = Promise.resolve();

  const listeners = new Set<HostEventListener>();
  const emit = <K extends EventName>(name: K, payload: EventPayload<K>): void => {
    for (const l of listeners) {
      try {
        l(name, payload);
      } catch (e) {
        warn(`a ${name} listener failed: ${(e as Error).message}`);
      }
    }
  };

  const catalog = await LiveCatalog.open({
    ...(options.catalogDir ? { bundledDir: options.catalogDir } : {}),
    userDir: options.userModelsDir ?? userModelsDir(options.dataDir),
    warn,
    onChange: (c) => emit('catalog.changed', { models: [...c.models], errors: c.errors }),
  });
  for (const e of (await catalog.current()).errors) warn(`catalog: ${e}`);
  catalog.watch();
  const registry = catalog.registry;

  const baseUrl = (p: ProviderId): string =>
    options.baseUrlOverrides?.[p] ?? settings.baseUrls[p] ?? defaults[p];
  const providers = (): ProviderSettings => {
    const out = {} as ProviderSettings;
    for (const p of ProviderIdSchema.options) {
      const apiKey = keyStore.get(p);
      out[p] = { baseUrl: baseUrl(p), ...(apiKey ? { apiKey } : {}) };
    }
    return out;
  };
  // The only settings shape that leaves this module: whether a key is set, never the key.
  const view = (): SettingsView => {
    const provider = (p: ProviderId) => {
      const key = keyStore.get(p);
      const keySet = Boolean(key);
      const keyProblem = key ? apiKeyProblem(key) : undefined;
      return {
        baseUrl: baseUrl(p),
        keySet,
        keySource: keySet ? keyStore.source(p) : 'none',
        ...(keyProblem ? { keyProblem: `The ${PROVIDER_NAMES[p]} key ${keyProblem}` } : {}),
      };
    };
    return {
      providers: {
        runcomfy: provider('runcomfy'),
        runflow: provider('runflow'),
        google: provider('google'),
      },
      concurrency: { ...settings.concurrency },
      budgetUsd: settings.budgetUsd,
      modelPrices: { ...settings.modelPrices },
      outputDir: settings.outputDir,
      snippets: settings.snippets,
      theme: settings.theme,
    };
  };

  // A stored key that cannot be sent never stops the start: Settings names it (view().keyProblem).
  for (const p of ProviderIdSchema.options) {
    const problem = view().providers[p].keyProblem;
    if (problem) warn(`${problem}; enter it again in Settings`);
  }

  const roots = new AllowedRoots(workspaceDir);
  const blobs = new BlobStore(path.join(options.dataDir, 'blobs'));
  const thumbs = new ThumbnailStore(path.join(options.dataDir, 'thumbs'), blobs, { warn });
  // Before the engine resumes: runs a crash left running are marked interrupted
  // first, so the jobs the engine collects from its journal can complete them.
  const history = await openRunHistory({
    dataDir: options.dataDir,
    registry,
    blobs,
    roots,
    warn,
    changed: (runIds) => emit('history.changed', { runIds }),
    pinnedElsewhere: () => pinnedElsewhere(options.dataDir, workspaceDir, options.recentWorkflows),
  });
  const runtime = await EngineRuntime.start({
    registry,
    dataDir: options.dataDir,
    providers: providers(),
    concurrency: settings.concurrency,
    warn,
    onResumed: (job) => history.recorder.resumed(job),
    ...(options.engine ? { tuning: options.engine } : {}),
  });
  const outputs = runOutputs({
    blobs,
    registry,
    outputDir: () => settings.outputDir,
    saved: (event) => {
      history.recorder.saved(event.runId, event.nodeId, event.files);
      emit('output.saved', event);
    },
    warn,
    revealFile: options.revealFile,
  });
  const runDeps: RunDeps = {
    runtime,
    registry,
    roots,
    onEvent: (e) => emit('run.event', e),
    userPrices: () => settings.modelPrices,
    record: (context) => history.recorder.listener(context),
    save: outputs.listener,
  };
  const starter = createRunStarter(runDeps);
  // After the engine has resumed: jobs an interrupted item sent are being collected.
  const queue = openRunQueue({
    store: history.queue,
    starter,
    runs: runtime,
    registry,
    changed: (view) => emit('queue.changed', view),
    warn,
  });
  const changed = (): SettingsView => {
    runtime.setProviders(providers());
    runtime.setConcurrency(settings.concurrency);
    const v = view();
    emit('settings.changed', v);
    return v;
  };

  const handlers: HostHandlers = {
    'app.info': async () => ({
      version: options.version,
      emulated: options.emulated,
      nativeDialogs: options.nativeDialogs !== false,
      workspaceDir,
      revealsFiles: options.revealFile !== undefined,
    }),
    'catalog.get': async () => {
      const now = await catalog.current();
      return { models: [...now.models], errors: now.errors };
    },
    'models.add': async (request) => {
      try {
        return await catalog.add(request);
      } catch (e) {
        if (e instanceof AddModelError) {
          throw new Error(`Cannot add the model:\n${e.message}`, { cause: e });
        }
        throw e;
      }
    },
    ...componentHandlers(options.componentsDir ?? componentsDir(options.dataDir)),
    'settings.get': async () => view(),
    // One update at a time, so two quick changes both land.
    'settings.update': (patch) => {
      const result = updating.then(async () => {
        const next = applyPatch(settings, patch);
        await save(next); // a failed save changes nothing
        settings = next;
        return changed();
      });
      updating = result.catch(() => undefined);
      return result;
    },
    'keys.set': async ({ provider, key }) => {
      // Checked before storing: a refused key changes nothing.
      const problem = apiKeyProblem(key.trim());
      if (problem)
        throw new Error(`The ${PROVIDER_NAMES[provider]} key was not saved: it ${problem}.`);
      await keyStore.set(provider, key);
      return changed();
    },
    'keys.clear': async ({ provider }) => {
      await keyStore.clear(provider);
      return changed();
    },
    ...runHandlers(runDeps, starter),
    ...queue.handlers,
    ...outputs.handlers,
    ...history.handlers,
    // Files a past run saved may be shown in the file manager once its outputs are.
    'history.latest': async (input) => {
      const latest = await history.handlers['history.latest'](input);
      outputs.allowReveal(latest.run?.nodes.flatMap((n) => n.saved ?? []) ?? []);
      return latest;
    },
    ...workflowFileHandlers(roots, options.nativeDialogs),
    ...imageSourceHandlers(roots),
    ...imageInputHandlers(
      roots,
      blobs,
      options.nativeDialogs ? options.nativeDialogs.openImage.bind(options.nativeDialogs) : false,
    ),
    ...recoveryHandlers(options.dataDir, warn),
  };

  // Calls under way when the host closes finish first: an autosave sent as the
  // window closed must reach the disk before the process ends.
  const inFlight = new Set<Promise<unknown>>();
  return {
    handlers: trackCalls(redactErrors(handlers, keyStore), inFlight),
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit,
    allowPath: (file) => roots.allow(path.dirname(path.resolve(file))),
    blobPath: (hash) => blobs.pathOf(hash),
    thumbnail: async (hash, size) => thumbs.get(hash, size),
    close: async () => {
      await Promise.allSettled([...inFlight]);
      // First: no queued run may start while the rest shuts down.
      await queue.close();
      // Runs in progress keep their jobs in the journal: recorded as interrupted.
      history.recorder.interruptActive();
      catalog.close();
      await runtime.close();
      await outputs.idle();
      await history.close();
      await lock.release();
    },
  };
}

/** Keeps every call under way in `inFlight` until it has answered. */
function trackCalls(handlers: HostHandlers, inFlight: Set<Promise<unknown>>): HostHandlers {
  const wrapped = {} as Record<string, (input: never) => Promise<unknown>>;
  for (const name of CALL_NAMES) {
    const handler = handlers[name] as (input: never) => Promise<unknown>;
    wrapped[name] = (input) => {
      const call = handler(input);
      inFlight.add(call);
      void call.then(
        () => inFlight.delete(call),
        () => inFlight.delete(call),
      );
      return call;
    };
  }
  return wrapped as unknown as HostHandlers;
}

/**
 * Error messages go to the UI: make sure none quotes a key (a provider echoing
 * the Authorization header, a key pasted into a URL field).
 */
function redactErrors(handlers: HostHandlers, keyStore: KeyStore): HostHandlers {
  const redact = (message: string): string => {
    let out = message;
    for (const p of ProviderIdSchema.options) {
      const key = keyStore.get(p);
      if (key) out = out.split(key).join('[API key]');
    }
    return out;
  };
  const wrapped = {} as Record<string, (input: never) => Promise<unknown>>;
  for (const name of CALL_NAMES) {
    const handler = handlers[name] as (input: never) => Promise<unknown>;
    wrapped[name] = async (input) => {
      try {
        return await handler(input);
      } catch (e) {
        // No `cause`: the original message may quote a key and must not travel on.
        // eslint-disable-next-line preserve-caught-error
        throw new Error(redact(e instanceof Error ? e.message : String(e)));
      }
    };
  }
  return wrapped as unknown as HostHandlers;
}
