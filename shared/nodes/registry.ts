import type { NodeTypeId } from '../graph/ids';
import type { ModelEntry } from '../catalog/model';
import { PROVIDER_NAMES, modelNodeType } from '../catalog/model';
import { BUILTIN_NODES } from './builtins';
import { fromJsonSchema } from './fromJsonSchema';
import type { NodeSpec } from './spec';

/** Every node type the app knows: the built-ins plus one per catalog model. */
export interface NodeRegistry {
  get(type: string): NodeSpec | undefined;
  all(): readonly NodeSpec[];
  models(): readonly ModelEntry[];
}

export function modelNodeSpec(model: ModelEntry): NodeSpec {
  const ports = fromJsonSchema(model.inputSchema);
  return {
    type: modelNodeType(model),
    title: `${model.displayName} (${PROVIDER_NAMES[model.provider]})`,
    category: 'Models',
    description: `${model.family} · ${model.task} · ${model.provider}:${model.endpoint}`,
    ...ports,
    model,
  };
}

export function createNodeRegistry(models: readonly ModelEntry[]): NodeRegistry {
  const specs = [...BUILTIN_NODES, ...models.map(modelNodeSpec)];
  const byType = new Map<string, NodeSpec>();
  for (const spec of specs) {
    if (byType.has(spec.type)) throw new Error(`node type "${spec.type}" is defined twice`);
    byType.set(spec.type, spec);
  }
  return {
    get: (type: NodeTypeId | string) => byType.get(type),
    all: () => specs,
    models: () => models,
  };
}
