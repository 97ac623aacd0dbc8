import { z } from 'zod';

/** Per-provider settings as the renderer sees them: never the key, only whether one is set. */
export const ProviderViewSchema = z.object({
  baseUrl: z.string(),
  keySet: z.boolean(),
  /** Where the key comes from: the OS keychain, the environment, or this session only. */
  keySource: z.enum(['keychain', 'environment', 'session', 'none']),
});

export const ConcurrencySchema = z.object({
  global: z.number().int().min(1).max(256),
  perProvider: z.number().int().min(1).max(256),
});

/** A model node type, as prices are keyed: `model:runcomfy/google/nano-banana/pro/edit`. */
export const ModelTypeKeySchema = z
  .string()
  .regex(
    /^model:[a-z0-9-]+\/[a-z0-9][a-z0-9._/-]*$/,
    'must be a model node type (model:provider/endpoint)',
  );

/** A price per image in dollars, as the user types it (cents and below). */
export const UserPriceSchema = z.number().nonnegative().max(1000).finite();

/**
 * The user's own price per image for models, by model node type: used by node
 * badges, estimates and the budget check, and always shown as the user's figure.
 */
export const ModelPricesSchema = z.record(ModelTypeKeySchema, UserPriceSchema);
export type ModelPrices = z.infer<typeof ModelPricesSchema>;

export const SettingsViewSchema = z.object({
  providers: z.object({ runcomfy: ProviderViewSchema, runflow: ProviderViewSchema }),
  concurrency: ConcurrencySchema,
  /** Ask before a run whose estimate exceeds this many dollars; null: never ask. */
  budgetUsd: z.number().nonnegative().nullable(),
  modelPrices: ModelPricesSchema,
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

const HttpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');

export const SettingsPatchSchema = z.object({
  baseUrls: z.object({ runcomfy: HttpUrl.optional(), runflow: HttpUrl.optional() }).optional(),
  concurrency: ConcurrencySchema.partial().optional(),
  budgetUsd: z.number().nonnegative().nullable().optional(),
  /** Sets a model's own price; null removes it (the catalog's price, if any, applies again). */
  modelPrices: z.record(ModelTypeKeySchema, UserPriceSchema.nullable()).optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
