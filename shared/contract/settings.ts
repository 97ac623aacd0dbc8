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

export const SettingsViewSchema = z.object({
  providers: z.object({
    runcomfy: ProviderViewSchema,
    runflow: ProviderViewSchema,
    google: ProviderViewSchema,
  }),
  concurrency: ConcurrencySchema,
  /** Ask before a run whose estimate exceeds this many dollars; null: never ask. */
  budgetUsd: z.number().nonnegative().nullable(),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

const HttpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');

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
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
