import { z } from 'zod';

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
  theme: ThemeSchema.optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
