import { z } from 'zod';
import { nodeTypeId } from '../graph/ids';
import type { NodeTypeId } from '../graph/ids';
import { InputSchemaSchema } from './jsonSchema';

export const ProviderIdSchema = z.enum(['runcomfy', 'runflow']);
export type ProviderId = z.infer<typeof ProviderIdSchema>;

export const PROVIDER_NAMES: Record<ProviderId, string> = {
  runcomfy: 'RunComfy',
  runflow: 'Runflow',
};

/** The day a price (or its absence) was last read on the provider's public pages. */
const CheckedOnSchema = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });

/**
 * What a model costs. Unknown prices stay explicitly unknown: an estimate never
 * invents a number (the user may enter their own in Settings).
 */
export const PricingSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('per_image'),
    usd: z.number().nonnegative(),
    /** Where the price is documented: its URL, and the words quoted where useful. */
    source: z.string().min(1),
    checkedOn: CheckedOnSchema.optional(),
    /** Price factor per `resolution` value, only where the provider documents one. */
    resolutionMultipliers: z.record(z.string(), z.number().positive()).optional(),
  }),
  z.strictObject({
    kind: z.literal('unknown'),
    note: z.string().min(1),
    /** The public pages looked at that state no price. */
    searched: z
      .array(z.url({ protocol: /^https$/ }))
      .min(1)
      .optional(),
    checkedOn: CheckedOnSchema.optional(),
  }),
]);
export type Pricing = z.infer<typeof PricingSchema>;

/** One catalog data file: one endpoint of one provider. */
export const ModelEntrySchema = z.strictObject({
  provider: ProviderIdSchema,
  /** The provider's model id, as it appears in the request path. */
  endpoint: z.string().regex(/^[a-z0-9][a-z0-9._/-]*$/, 'must be a provider model path'),
  displayName: z.string().min(1),
  /** The model family, for grouping in the node library. */
  family: z.string().min(1),
  task: z.enum(['text-to-image', 'edit']),
  pricing: PricingSchema,
  inputSchema: InputSchemaSchema,
});
export type ModelEntry = z.infer<typeof ModelEntrySchema>;

export const modelNodeType = (m: Pick<ModelEntry, 'provider' | 'endpoint'>): NodeTypeId =>
  nodeTypeId(`model:${m.provider}/${m.endpoint}`);
