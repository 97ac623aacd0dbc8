import { z } from 'zod';
import { GraphEdgeSchema, GraphNodeSchema } from '../graph/document';

/** Per-provider settings as the renderer sees them: never the key, only whether one is set. */
export const ProviderViewSchema = z.object({
  baseUrl: z.string(),
  keySet: z.boolean(),
  /** Where the key comes from: the OS keychain, the environment, or this session only. */
  keySource: z.enum(['keychain', 'environment', 'session', 'none']),
  /** Set when the key is set but cannot be used ("contains spaces…"); never quotes the key. */
  keyProblem: z.string().optional(),
});

export const ConcurrencySchema = z.object({
  global: z.number().int().min(1).max(256),
  perProvider: z.number().int().min(1).max(256),
});

/** A model node type, as prices are keyed: `model:runcomfy/google/nano-banana/pro/edit`. */
const MODEL_TYPE_KEY = /^model:[a-z0-9-]+\/[a-z0-9][a-z0-9._/-]*$/;

/** A record keyed by model node type; a bad key is named with what it should be. */
const byModelType = <T extends z.ZodType>(value: T) =>
  z.record(z.string(), value).superRefine((record, ctx) => {
    for (const key of Object.keys(record))
      if (!MODEL_TYPE_KEY.test(key))
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'is not a model node type (model:provider/endpoint)',
        });
  });

/** A price per image in dollars, as the user types it (cents and below). */
export const UserPriceSchema = z.number().nonnegative().max(1000);

/**
 * The user's own price per image for models, by model node type: used by node
 * badges, estimates and the budget check, and always shown as the user's figure.
 */
export const ModelPricesSchema = byModelType(UserPriceSchema);
export type ModelPrices = z.infer<typeof ModelPricesSchema>;

/** A snippet's name as the node library lists it: one line, 1 to 80 characters. */
export const SnippetNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(80, 'must be at most 80 characters')
  // eslint-disable-next-line no-control-regex
  .refine((t) => !/[\x00-\x1f\x7f]/.test(t), 'must be one line of text');

/** Snippets live in settings.json: each must stay small (no embedded photographs). */
export const MAX_SNIPPET_JSON_CHARS = 512 * 1024;
export const MAX_SNIPPETS = 100;

/**
 * Nodes saved from a selection (with the wires between them) to insert again into
 * any workflow: the node library's Snippets list.
 */
export const SnippetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be lowercase letters, digits and -'),
    name: SnippetNameSchema,
    nodes: z.array(GraphNodeSchema).min(1, 'must hold at least one node').max(200),
    edges: z.array(GraphEdgeSchema).max(1000),
  })
  .refine((s) => JSON.stringify(s).length <= MAX_SNIPPET_JSON_CHARS, {
    message: `is larger than ${MAX_SNIPPET_JSON_CHARS / 1024} KB (embedded images?)`,
  });
export type Snippet = z.infer<typeof SnippetSchema>;
export const SnippetListSchema = z.array(SnippetSchema).max(MAX_SNIPPETS);
/** The colours of the UI: the system's light/dark setting by default, or the user's pick. */
export const ThemeSchema = z.enum(['system', 'dark', 'light']);
export type Theme = z.infer<typeof ThemeSchema>;

export const SettingsViewSchema = z.object({
  providers: z.object({
    runcomfy: ProviderViewSchema,
    runflow: ProviderViewSchema,
    google: ProviderViewSchema,
  }),
  concurrency: ConcurrencySchema,
  /** Ask before a run whose estimate exceeds this many dollars; null: never ask. */
  budgetUsd: z.number().nonnegative().nullable(),
  modelPrices: ModelPricesSchema,
  /**
   * Where Preview/Save nodes save their images; a relative folder is relative to the
   * workflow's folder. null: `nodeloom-output/` beside the workflow file (in the
   * workspace for an unsaved workflow).
   */
  outputDir: z.string().nullable(),
  /** The user's snippets, in the order they were saved. */
  snippets: SnippetListSchema,
  /** Absent (an older host): 'system'. */
  theme: ThemeSchema.optional(),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

const HttpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');

/** A folder path as typed in Settings: one line, no NUL, not absurdly long. */
export const OutputDirSchema = z
  .string()
  .trim()
  .max(4096)
  // eslint-disable-next-line no-control-regex
  .refine((p) => !/[\x00-\x1f]/.test(p), 'must be a folder path on one line');

export const SettingsPatchSchema = z.object({
  baseUrls: z
    .object({
      runcomfy: HttpUrl.optional(),
      runflow: HttpUrl.optional(),
      google: HttpUrl.optional(),
    })
    .optional(),
  concurrency: ConcurrencySchema.partial().optional(),
  budgetUsd: z.number().nonnegative().nullable().optional(),
  /** Sets a model's own price; null removes it (the catalog's price, if any, applies again). */
  modelPrices: byModelType(UserPriceSchema.nullable()).optional(),
  /** An empty string resets to the default (null). */
  outputDir: OutputDirSchema.nullable().optional(),
  /** Adds a snippet (one with the same id is replaced). */
  addSnippet: SnippetSchema.optional(),
  /** Removes the snippet with this id. */
  removeSnippet: z.string().max(64).optional(),
  theme: ThemeSchema.optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
