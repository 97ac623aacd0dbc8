import { z } from 'zod';
import { ModelEntrySchema, ProviderIdSchema } from '../catalog/model';
import { GraphDocumentSchema } from '../graph/document';
import { OutputImageSchema, RunEventSchema } from '../run/events';
import { SettingsPatchSchema, SettingsViewSchema } from './settings';

/**
 * The one API between the UI and the back end, with a zod schema for every input
 * and output. The Electron preload and the loopback web host are two transports
 * of it; both parse every input with these schemas before acting.
 */

const Empty = z.object({}).strict();

const IssueSchema = z.object({
  nodeId: z.string(),
  field: z.string().optional(),
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});

/** A path the user chose; hosts check it against what they allow. */
const FilePath = z.string().min(1).max(4096);

export const WorkflowTextSchema = z.object({ path: FilePath, text: z.string() });

/**
 * Load Image sources of one workflow, as written in its nodes. File paths are
 * relative to the workflow's folder (the workspace while it is unsaved); https and
 * data: sources pass through every call untouched.
 */
const ImageSourcesInput = z
  .object({
    workflowPath: FilePath.optional(),
    sources: z.array(z.string().max(4096)).max(10_000),
  })
  .strict();

/** A file a workflow points at outside its own folder: the user is asked first. */
export const OutsideImageSchema = z.object({ source: z.string(), path: z.string() });

/** A run as the history gallery lists it. */
export const RunListItemSchema = z.object({
  runId: z.string(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled', 'interrupted']),
  workflowName: z.string().nullable(),
  workflowPath: z.string().nullable(),
  nodeCount: z.number().int().nonnegative(),
  images: z.array(OutputImageSchema),
  actualUsd: z.number().nonnegative(),
});

/** Everything kept about one run: enough to see, compare and re-open it. */
export const RunRecordSchema = RunListItemSchema.extend({
  graph: GraphDocumentSchema,
  nodes: z.array(
    z.object({
      nodeId: z.string(),
      type: z.string(),
      state: z.string(),
      provider: z.string().optional(),
      endpoint: z.string().optional(),
      /** The parameters as sent (defaults filled in, prompts resolved). */
      params: z.record(z.string(), z.unknown()).optional(),
      requestId: z.string().optional(),
      images: z.array(OutputImageSchema),
      costUsd: z.number().optional(),
      durationMs: z.number().optional(),
      message: z.string().optional(),
    }),
  ),
});

/** An autosaved copy of unsaved edits, kept until saved or discarded. */
export const RecoveryEntrySchema = z.object({
  /** Which open document it belongs to (one per tab). */
  key: z.string().min(1).max(200),
  name: z.string(),
  filePath: z.string().nullable(),
  savedAt: z.number(),
  graph: GraphDocumentSchema,
});

export const hostCalls = {
  'app.info': {
    input: Empty,
    output: z.object({
      version: z.string(),
      /** The providers are the local emulator, not the real services. */
      emulated: z.boolean(),
      /** Open/Save use the OS dialogs (desktop); otherwise the UI's own file dialog. */
      nativeDialogs: z.boolean(),
      /** Folder the UI's own dialog starts in. */
      workspaceDir: z.string(),
    }),
  },
  'catalog.get': {
    input: Empty,
    output: z.object({ models: z.array(ModelEntrySchema), errors: z.array(z.string()) }),
  },
  'settings.get': { input: Empty, output: SettingsViewSchema },
  'settings.update': { input: SettingsPatchSchema, output: SettingsViewSchema },
  'keys.set': {
    input: z
      .object({ provider: ProviderIdSchema, key: z.string().trim().min(8).max(512) })
      .strict(),
    output: SettingsViewSchema,
  },
  'keys.clear': {
    input: z.object({ provider: ProviderIdSchema }).strict(),
    output: SettingsViewSchema,
  },
  'run.start': {
    input: z
      .object({
        graph: GraphDocumentSchema,
        targets: z.array(z.string()).optional(),
        /** The workflow's path, so Load Image paths resolve relative to it. */
        workflowPath: FilePath.optional(),
      })
      .strict(),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), runId: z.string() }),
      z.object({ ok: z.literal(false), message: z.string(), issues: z.array(IssueSchema) }),
    ]),
  },
  'run.cancel': {
    input: z.object({ runId: z.string() }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  'workflow.read': { input: z.object({ path: FilePath }).strict(), output: WorkflowTextSchema },
  'workflow.write': {
    input: z.object({ path: FilePath, text: z.string().max(64 * 1024 * 1024) }).strict(),
    output: z.object({ path: FilePath }),
  },
  'workflow.list': {
    input: z.object({ dir: FilePath.optional() }).strict(),
    output: z.object({
      dir: z.string(),
      parent: z.string().nullable(),
      entries: z.array(
        z.object({ name: z.string(), path: z.string(), kind: z.enum(['dir', 'workflow']) }),
      ),
    }),
  },
  /** Size, time and content hash of a file, to notice changes made by other programs. */
  'workflow.stat': {
    input: z.object({ path: FilePath }).strict(),
    output: z.object({
      exists: z.boolean(),
      mtimeMs: z.number(),
      size: z.number(),
      sha256: z.string(),
    }),
  },
  'workflow.openDialog': { input: Empty, output: WorkflowTextSchema.nullable() },
  'workflow.saveDialog': {
    input: z.object({ suggestedName: z.string().max(255) }).strict(),
    output: z.object({ path: FilePath }).nullable(),
  },
  /** The sources that are files outside the workflow's folder the user has not allowed. */
  'images.outside': {
    input: ImageSourcesInput,
    output: z.object({ outside: z.array(OutsideImageSchema) }),
  },
  /** The user agreed to let this workflow read these files (for this session). */
  'images.allow': {
    input: ImageSourcesInput,
    output: z.object({ allowed: z.array(z.string()) }),
  },
  /** Reads file sources as data URIs, to embed them in the workflow (same order). */
  'images.embed': {
    input: ImageSourcesInput,
    output: z.object({
      images: z.array(
        z.discriminatedUnion('ok', [
          z.object({ ok: z.literal(true), source: z.string(), dataUri: z.string() }),
          z.object({ ok: z.literal(false), source: z.string(), error: z.string() }),
        ]),
      ),
    }),
  },
  /**
   * The same files as seen from `to`'s folder, for Save As into another folder
   * (same order; sources that are not relative paths come back unchanged).
   */
  'images.rebase': {
    input: z
      .object({
        from: FilePath.optional(),
        to: FilePath,
        sources: z.array(z.string().max(4096)).max(10_000),
      })
      .strict(),
    output: z.object({ sources: z.array(z.string()) }),
  },
  'history.list': {
    input: z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(),
    output: z.object({ runs: z.array(RunListItemSchema) }),
  },
  'history.get': { input: z.object({ runId: z.string() }).strict(), output: RunRecordSchema },
  /** Writes a run's images as PNGs carrying the workflow and provenance; returns the files. */
  'history.export': {
    input: z.object({ runId: z.string(), dir: FilePath.optional() }).strict(),
    output: z.object({ files: z.array(z.string()) }),
  },
  /**
   * Removes runs from the history; their images stay in the image store (the result
   * cache and other runs may use them). A run in progress is not deleted, nor is an
   * unknown id: `deleted` names the runs that were.
   */
  'history.delete': {
    input: z.object({ runIds: z.array(z.string().min(1).max(128)).min(1).max(1000) }).strict(),
    output: z.object({ deleted: z.array(z.string()) }),
  },
  'recovery.save': {
    input: RecoveryEntrySchema.strict(),
    output: z.object({ ok: z.literal(true) }),
  },
  'recovery.list': { input: Empty, output: z.object({ entries: z.array(RecoveryEntrySchema) }) },
  'recovery.discard': {
    input: z.object({ key: z.string().min(1).max(200) }).strict(),
    output: z.object({ ok: z.literal(true) }),
  },
} as const;

export type HostCalls = typeof hostCalls;
export type CallName = keyof HostCalls;
export type CallInput<K extends CallName> = z.input<HostCalls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<HostCalls[K]['output']>;

/** Events the back end pushes to the UI. */
export const hostEvents = {
  'run.event': RunEventSchema,
  'settings.changed': SettingsViewSchema,
  /** A menu item or OS action in the desktop shell (File > Open, Run > Run...). */
  'app.command': z.object({ command: z.string(), path: z.string().optional() }),
  /**
   * Run records changed without events of a run of this host: a job collected after
   * a restart completed its run, or runs were deleted. The history panel reads again.
   */
  'history.changed': z.object({ runIds: z.array(z.string()) }),
} as const;
export type HostEvents = typeof hostEvents;
export type EventName = keyof HostEvents;
export type EventPayload<K extends EventName> = z.output<HostEvents[K]>;

/**
 * The sizes (longest side, in pixels) the hosts make thumbnails at. Anything else is
 * refused: a fixed set keeps the thumbnail cache bounded and every URL cacheable.
 */
export const THUMB_SIZES = [128, 256, 512] as const;
export type ThumbSize = (typeof THUMB_SIZES)[number];
/** What `thumbUrl(hash)` asks for when no size is given. */
export const DEFAULT_THUMB_SIZE: ThumbSize = 256;
export const isThumbSize = (size: unknown): size is ThumbSize =>
  (THUMB_SIZES as readonly unknown[]).includes(size);

export interface HostClient {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  /** Subscribes; returns the function that unsubscribes. */
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
  /** A URL the UI can show for a stored image, at full size (viewer, compare). */
  imageUrl(hash: string): string;
  /**
   * A URL for a small copy of a stored image, its longest side `size` px (one of
   * THUMB_SIZES; DEFAULT_THUMB_SIZE if omitted; smaller images are not enlarged).
   * Every thumbnail in the UI uses this: a 4096 px image decoded for a 64 px square
   * costs ~36 MB of renderer memory. Throws for a size outside THUMB_SIZES.
   */
  thumbUrl(hash: string, size?: number): string;
}

/** What a transport implements on the back end: every call, already-parsed input. */
export type HostHandlers = {
  [K in CallName]: (
    input: CallOutput<K> extends never ? never : z.output<HostCalls[K]['input']>,
  ) => Promise<CallOutput<K>>;
};

export const CALL_NAMES = Object.keys(hostCalls) as CallName[];
export const EVENT_NAMES = Object.keys(hostEvents) as EventName[];
