import { z } from 'zod';

/**
 * Branded ids: a node id cannot be passed where an edge id is expected, although
 * both are strings on disk.
 */

/**
 * Names every plain JavaScript object already has (`__proto__`, `constructor`,
 * `toString`…). An id spelled like one would read or, for `__proto__`, replace an
 * object's prototype wherever ids key a lookup; such ids are refused at the boundary.
 */
const OBJECT_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

const id = (what: 'node' | 'edge') =>
  z
    .string()
    .min(1, 'must not be empty')
    .refine((v) => !OBJECT_NAMES.has(v), {
      error: (issue) =>
        `"${String(issue.input)}" cannot be ${what === 'edge' ? 'an' : 'a'} ${what} id ` +
        `(the name is reserved in JavaScript); rename the ${what}`,
    });

export const NodeIdSchema = id('node').brand<'NodeId'>();
export type NodeId = z.infer<typeof NodeIdSchema>;

export const EdgeIdSchema = id('edge').brand<'EdgeId'>();
export type EdgeId = z.infer<typeof EdgeIdSchema>;

/** A node type: a built-in (`prompt`) or a model endpoint (`model:runcomfy/google/...`). */
export const NodeTypeIdSchema = z.string().min(1, 'must not be empty').brand<'NodeTypeId'>();
export type NodeTypeId = z.infer<typeof NodeTypeIdSchema>;

/**
 * A component definition's id (the key in `GraphDocument.components`): also part of
 * its node type (`component:<id>`) and of its file name in the components library, so
 * it is kept to letters, digits, `-` and `_`.
 */
export const ComponentIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be 1 to 64 letters, digits, "-" or "_"')
  .refine((v) => !OBJECT_NAMES.has(v), {
    error: (issue) => `"${String(issue.input)}" cannot be a component id (reserved in JavaScript)`,
  });

export const nodeId = (id: string): NodeId => id as NodeId;
export const edgeId = (id: string): EdgeId => id as EdgeId;
export const nodeTypeId = (id: string): NodeTypeId => id as NodeTypeId;
