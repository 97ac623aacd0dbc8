import { z } from 'zod';

/** The most variants one run asks for ("Run x N", `--variants N`). */
export const MAX_VARIANTS = 64;

/** How a run expands (parsed where it crosses a boundary: run.start, the CLI). */
export const RunExpansionSchema = z
  .object({
    /** N distinct requests per model node that runs (1: a run without variants). */
    variants: z.number().int().min(1).max(MAX_VARIANTS).optional(),
    /** Over the document's `combine` (default 'product'). */
    combine: z.enum(['product', 'zip']).optional(),
    /** "New take": this node and what depends on it run as variant `variant` (≥ 2). */
    take: z
      .object({ nodeId: z.string().min(1).max(128), variant: z.number().int().min(2).max(9999) })
      .strict()
      .optional(),
  })
  .strict();
export type RunExpansion = z.infer<typeof RunExpansionSchema>;
