import { z } from 'zod';
import { CatalogModelSchema, ProviderIdSchema } from '../catalog/model';
import { ComponentsSchema, GraphDocumentSchema } from '../graph/document';
import { ComponentIdSchema } from '../graph/ids';
import { RunEventSchema } from '../run/events';
import { RunExpansionSchema } from '../plan/expand/options';
import { SettingsPatchSchema, SettingsViewSchema } from './settings';
import { AddModelRequestSchema } from '../catalog/draftModel';
import {
  BlobCollectionSchema,
  GalleryImageSchema,
  HistoryQuerySchema,
  OutputSavedSchema,
  RunListItemSchema,
  RunRecordSchema,
} from './historySchemas';

import { QueueItemIdSchema, QueueViewSchema } from './queueSchemas';
import { Empty, FilePath } from './commonSchemas';
import { imageCalls, workflowCalls } from './fileCalls';

// The run history's, the queue's and the file calls' (fileCalls.ts) schemas live in their
// own files; callers import them from here too.
export * from './historySchemas';
export * from './queueSchemas';
export { ImageInspectionSchema, OutsideImageSchema, WorkflowTextSchema } from './fileCalls';

/**
 * The one API between the UI and the back end, with a zod schema for every input
 * and output. The Electron preload and the loopback web host are two transports
 * of it; both parse every input with these schemas before acting.
 */

const IssueSchema = z.object({
  nodeId: z.string(),
  field: z.string().optional(),
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
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

/** The loaded catalog: every model (bundled and the user's) and the files that were skipped. */
const CatalogViewSchema = z.object({
  models: z.array(CatalogModelSchema),
  errors: z.array(z.string()),
});

/** What a run is asked for: run.start's input, and what a queued run starts with. */
export const RunRequestSchema = z
  .object({
    graph: GraphDocumentSchema,
    targets: z.array(z.string()).optional(),
    /** The workflow's path, so Load Image paths resolve relative to it. */
    workflowPath: FilePath.optional(),
    /**
     * Held nodes to send again by the user's choice (Resend): their last request
     * may have reached the provider. Nothing else ever resends a held node.
     */
    resend: z.array(z.string().min(1).max(128)).max(1000).optional(),
    /** Variants ("Run x N"), combine mode, or a node's "new take" (shared/plan/expand). */
    expansion: RunExpansionSchema.optional(),
  })
  .strict();
export type RunRequest = z.output<typeof RunRequestSchema>;

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
      /** output.reveal shows a saved file in the OS file manager (desktop); else the UI opens the image. */
      revealsFiles: z.boolean().optional(),
    }),
  },
  'catalog.get': {
    input: Empty,
    output: CatalogViewSchema,
  },
  /**
   * Writes a model file into the user's models folder (`<data folder>/models/`) from
   * a provider, an endpoint id and the input schema copied from the model's API page.
   */
  'models.add': {
    input: AddModelRequestSchema,
    output: z.object({ path: z.string(), model: CatalogModelSchema }),
  },
  /** The components library (`<data folder>/components/`): what it holds. */
  'components.list': {
    input: Empty,
    output: z.object({
      components: z.array(
        z.object({
          id: ComponentIdSchema,
          name: z.string(),
          inputs: z.number().int().nonnegative(),
          outputs: z.number().int().nonnegative(),
          nodes: z.number().int().nonnegative(),
        }),
      ),
      /** Files that could not be read, each naming the file and the problem. */
      errors: z.array(z.string()),
    }),
  },
  /** Writes component `id` (and the components it holds, in `components`) to the library. */
  'components.save': {
    input: z.object({ id: ComponentIdSchema, components: ComponentsSchema }).strict(),
    output: z.object({ path: z.string() }),
  },
  /** One library component with the components it holds, to insert into a workflow. */
  'components.read': {
    input: z.object({ id: ComponentIdSchema }).strict(),
    output: z.object({ id: ComponentIdSchema, components: ComponentsSchema }),
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
    input: RunRequestSchema,
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), runId: z.string() }),
      z.object({ ok: z.literal(false), message: z.string(), issues: z.array(IssueSchema) }),
    ]),
  },
  'run.cancel': {
    input: z.object({ runId: z.string() }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  // workflow.* and images.*: the user's files (fileCalls.ts).
  ...workflowCalls,
  ...imageCalls,
  /**
   * Runs, newest first, filtered and searched. `total` counts the matches up to 1,000
   * past the page; `capped`: there are at least that many.
   */
  'history.list': {
    input: HistoryQuerySchema,
    output: z.object({
      runs: z.array(RunListItemSchema),
      total: z.number().int().nonnegative(),
      capped: z.boolean(),
    }),
  },
  /** Images across the runs a query selects, newest first. */
  'history.gallery': {
    input: HistoryQuerySchema,
    output: z.object({
      images: z.array(GalleryImageSchema),
      total: z.number().int().nonnegative(),
      capped: z.boolean(),
    }),
  },
  /** Marks an image (by hash: the same image in every run) a favourite, or not. */
  'history.favourite': {
    input: z.object({ hash: z.string().regex(/^[a-f0-9]{64}$/), favourite: z.boolean() }).strict(),
    output: z.object({ ok: z.literal(true) }),
  },
  /**
   * Removes stored images nothing names any more (deleted runs, replaced pins); a
   * dry run only counts them. `keep` names images the caller still shows (the pins
   * of its open tabs). Refused while a run is going.
   */
  'history.collect': {
    input: z
      .object({
        dryRun: z.boolean(),
        keep: z
          .array(z.string().regex(/^[a-f0-9]{64}$/))
          .max(100_000)
          .optional(),
      })
      .strict(),
    output: BlobCollectionSchema,
  },
  'history.get': { input: z.object({ runId: z.string() }).strict(), output: RunRecordSchema },
  /** Writes a run's images as PNGs carrying the workflow and provenance; returns the files. */
  'history.export': {
    input: z
      .object({
        runId: z.string(),
        dir: FilePath.optional(),
        /** Only these images, by node (the variant board's picks); absent: all the run's. */
        images: z
          .array(
            z
              .object({
                nodeId: z.string().min(1).max(256),
                hash: z.string().regex(/^[a-f0-9]{64}$/),
              })
              .strict(),
          )
          .max(10_000)
          .optional(),
      })
      .strict(),
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
  /**
   * The latest run of a workflow file, to show its outputs when the file is opened
   * again (a run still in progress included: its tab follows it on). null: none.
   */
  'history.latest': {
    input: z.object({ workflowPath: FilePath }).strict(),
    output: z.object({ run: RunRecordSchema.nullable() }),
  },
  /**
   * Shows a file a Preview/Save node saved in the OS file manager. Only files this
   * host saved are shown; `revealed` is false where there is no file manager (web).
   */
  'output.reveal': {
    input: z.object({ path: FilePath }).strict(),
    output: z.object({ revealed: z.boolean() }),
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
  /** The run queue in order, and whether it is paused. */
  'queue.list': { input: Empty, output: QueueViewSchema },
  /**
   * Queues a run (the Run button during a run): checked now as run.start checks it,
   * and again when its turn comes. It starts when no run is going, unless paused.
   * A held node is never resent from the queue. `owner`: who shows its run (a tab).
   */
  'queue.add': {
    input: z
      .object({
        run: RunRequestSchema.omit({ resend: true }),
        name: z.string().trim().min(1).max(200),
        owner: z.string().min(1).max(200).optional(),
      })
      .strict(),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), itemId: QueueItemIdSchema, queue: QueueViewSchema }),
      z.object({ ok: z.literal(false), message: z.string(), issues: z.array(IssueSchema) }),
    ]),
  },
  /**
   * Takes an item out of the queue; a running item's run is cancelled (jobs already
   * at a provider may still be billed) and it leaves when the run ends.
   */
  'queue.cancel': {
    input: z.object({ itemId: QueueItemIdSchema }).strict(),
    output: z.object({ cancelled: z.boolean(), queue: QueueViewSchema }),
  },
  /** Moves an item to `index` among the items (0 = next); a running item stays first. */
  'queue.move': {
    input: z
      .object({ itemId: QueueItemIdSchema, index: z.number().int().min(0).max(100_000) })
      .strict(),
    output: QueueViewSchema,
  },
  /** Pauses (no item starts; a running one goes on) or resumes the queue. */
  'queue.pause': {
    input: z.object({ paused: z.boolean() }).strict(),
    output: QueueViewSchema,
  },
  /**
   * An interrupted or refused item waits its turn again. What its earlier attempt
   * sent is collected from the journal and reused from the cache, never sent again.
   */
  'queue.retry': {
    input: z.object({ itemId: QueueItemIdSchema }).strict(),
    output: QueueViewSchema,
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
  /** A Preview/Save node of a run saved its images into the output folder. */
  'output.saved': OutputSavedSchema,
  /** A file in the user's models folder was added, changed or removed: the catalog now. */
  'catalog.changed': CatalogViewSchema,
  /** The run queue changed (an item added, moved, started, finished, paused): all of it. */
  'queue.changed': QueueViewSchema,
} as const;
export type HostEvents = typeof hostEvents;
export type EventName = keyof HostEvents;
export type EventPayload<K extends EventName> = z.output<HostEvents[K]>;

/**
 * The sizes (longest side, in pixels) the hosts make thumbnails at. Anything else is
 * refused: a fixed set keeps the thumbnail cache bounded and every URL cacheable.
 */
export const THUMB_SIZES = [128, 256, 512, 1024] as const;
export type ThumbSize = (typeof THUMB_SIZES)[number];
/** What `thumbUrl(hash)` asks for when no size is given. */
export const DEFAULT_THUMB_SIZE: ThumbSize = 256;
export const isThumbSize = (size: unknown): size is ThumbSize =>
  (THUMB_SIZES as readonly unknown[]).includes(size);

export interface HostClient {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  /**
   * The same call, sent so that it survives the page being closed right after (an
   * autosave on pagehide): a keepalive request in a browser, where the body allows.
   * Absent: `call` already survives (the Electron bridge posts the message at once).
   */
  callKeepalive?<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
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
