import { z } from 'zod';
import { MAX_EMBEDDED_IMAGE_BYTES } from '../nodes/builtins';
import { MAX_WORKFLOW_BYTES } from '../workflow/workflowText';
import { Empty, FilePath } from './commonSchemas';

/**
 * The host calls that read and write the user's files: workflow files and the images
 * Load Image nodes point at. Part of `hostCalls` (hostApi.ts), which callers use.
 */

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

/**
 * What a Load Image source holds, checked while the user edits (not only at run
 * time). `hash`: the image's copy in the image store, so the node's preview is a
 * host thumbnail like any output's.
 */
export const ImageInspectionSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    mimeType: z.string(),
    bytes: z.number().int().nonnegative(),
    hash: z.string(),
  }),
  z.object({
    ok: z.literal(false),
    problem: z.enum(['missing', 'outside', 'not-image', 'too-large', 'unreadable']),
    message: z.string(),
  }),
]);

/** An image file's bytes as base64, at most MAX_EMBEDDED_IMAGE_BYTES once decoded. */
const ImageBase64 = z
  .string()
  .min(1)
  .max(Math.ceil(MAX_EMBEDDED_IMAGE_BYTES / 3) * 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

export const workflowCalls = {
  'workflow.read': { input: z.object({ path: FilePath }).strict(), output: WorkflowTextSchema },
  'workflow.write': {
    input: z.object({ path: FilePath, text: z.string().max(MAX_WORKFLOW_BYTES) }).strict(),
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
};

export const imageCalls = {
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
  /**
   * Whether a file Load Image source exists and is an image, its size, and a copy in
   * the image store for the node's preview. Files outside the workflow's folder the
   * user has not allowed are not read (problem 'outside').
   */
  'images.inspect': {
    input: z.object({ workflowPath: FilePath.optional(), source: z.string().max(4096) }).strict(),
    output: ImageInspectionSchema,
  },
  /**
   * Writes an image the user chose, dropped or pasted into `inputs/` beside the
   * workflow (the workspace while it is unsaved), under a name never used before
   * (the same bytes already there are reused). Refused unless the bytes are a PNG,
   * JPEG, WebP or GIF. Returns the source to put in the node (relative path).
   */
  'images.upload': {
    input: z
      .object({
        workflowPath: FilePath.optional(),
        name: z.string().min(1).max(255),
        base64: ImageBase64,
      })
      .strict(),
    output: z.object({ source: z.string() }),
  },
  /**
   * The OS dialog to choose an image (desktop only): the file as a source for the
   * workflow (relative when inside its folder; else absolute, and allowed since the
   * user chose it), or null when cancelled.
   */
  'images.openDialog': {
    input: z.object({ workflowPath: FilePath.optional() }).strict(),
    output: z.object({ source: z.string() }).nullable(),
  },
};
