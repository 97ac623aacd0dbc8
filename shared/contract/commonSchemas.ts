import { z } from 'zod';

/** Schemas every group of host calls shares. */

/** A call that takes nothing. */
export const Empty = z.object({}).strict();

/** A path the user chose; hosts check it against what they allow. */
export const FilePath = z.string().min(1).max(4096);
