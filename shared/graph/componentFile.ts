import { z } from 'zod';
import { componentIdOf, componentNodeType } from './components';
import { ComponentsSchema } from './document';
import type { ComponentDefinition, Components } from './document';
import { ComponentIdSchema } from './ids';

/**
 * A component in the library folder (`<data folder>/components/<id>.json`): the
 * component and every component it holds, so it inserts whole into any workflow.
 */
export const COMPONENT_FILE_FORMAT = 'nodeloom.component';

export const ComponentFileSchema = z
  .object({
    format: z.literal(COMPONENT_FILE_FORMAT),
    version: z.literal(1),
    id: ComponentIdSchema,
    components: ComponentsSchema,
  })
  .superRefine((file, ctx) => {
    if (!Object.hasOwn(file.components, file.id))
      ctx.addIssue({
        code: 'custom',
        path: ['components'],
        message: `holds no component "${file.id}"`,
      });
  });
export type ComponentFile = z.infer<typeof ComponentFileSchema>;

const nested = (def: ComponentDefinition): string[] =>
  def.nodes.flatMap((n) => {
    const id = componentIdOf(n.type);
    return id === undefined ? [] : [id];
  });

/** Component `id` of `components` with every component it holds, at any depth. */
export function componentBundle(components: Components, id: string): Components | undefined {
  if (!Object.hasOwn(components, id)) return undefined;
  const out: Components = {};
  const stack = [id];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (Object.hasOwn(out, next) || !Object.hasOwn(components, next)) continue;
    out[next] = components[next]!;
    stack.push(...nested(out[next]));
  }
  return out;
}

/**
 * A bundle added to a workflow's components: an identical definition already there
 * is reused; an id taken by a different one gets a new id, and the instances inside
 * the bundle follow the renames. Returns the merged components and the id the
 * bundle's main component has now.
 */
export function mergeComponents(
  existing: Components | undefined,
  bundle: Components,
  mainId: string,
): { components: Components; id: string; renamed: ReadonlyMap<string, string> } {
  const merged: Components = { ...existing };
  const renamed = new Map<string, string>();
  const same = (a: ComponentDefinition, b: ComponentDefinition) =>
    JSON.stringify(a) === JSON.stringify(b);
  for (const [id, def] of Object.entries(bundle)) {
    const identical = Object.entries(merged).find(([, d]) => same(d, def))?.[0];
    if (identical !== undefined) {
      renamed.set(id, identical);
      continue;
    }
    let free = id;
    for (let n = 2; Object.hasOwn(merged, free); n++) free = `${id.slice(0, 56)}-${n}`;
    renamed.set(id, free);
    merged[free] = def;
  }
  // Instances inside the added definitions point at the new ids.
  for (const [id, free] of renamed) {
    if (!Object.hasOwn(bundle, id) || merged[free] !== bundle[id]) continue;
    const def = bundle[id]!;
    merged[free] = {
      ...def,
      nodes: def.nodes.map((n) => {
        const inner = componentIdOf(n.type);
        const to = inner !== undefined ? renamed.get(inner) : undefined;
        return to !== undefined && to !== inner ? { ...n, type: componentNodeType(to) } : n;
      }),
    };
  }
  return { components: merged, id: renamed.get(mainId) ?? mainId, renamed };
}
