import { z } from 'zod';

/**
 * Branded ids: a node id cannot be passed where an edge id is expected, although
 * both are strings on disk.
 */
export const NodeIdSchema = z.string().min(1, 'must not be empty').brand<'NodeId'>();
export type NodeId = z.infer<typeof NodeIdSchema>;

export const EdgeIdSchema = z.string().min(1, 'must not be empty').brand<'EdgeId'>();
export type EdgeId = z.infer<typeof EdgeIdSchema>;

/** A node type: a built-in (`prompt`) or a model endpoint (`model:runcomfy/google/...`). */
export const NodeTypeIdSchema = z.string().min(1, 'must not be empty').brand<'NodeTypeId'>();
export type NodeTypeId = z.infer<typeof NodeTypeIdSchema>;

export const nodeId = (id: string): NodeId => id as NodeId;
export const edgeId = (id: string): EdgeId => id as EdgeId;
export const nodeTypeId = (id: string): NodeTypeId => id as NodeTypeId;
