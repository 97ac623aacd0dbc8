import { boundaryOf, componentIdOf, componentNodeType } from '../graph/components';
import { componentInputsType, componentOutputsType } from '../graph/components';
import type { ComponentDefinition, Components } from '../graph/document';
import { asLive } from './liveRegistry';
import type { NodeRegistry } from './registry';
import type { NodeSpec, PortSpec } from './spec';

/**
 * Node specs for a document's components: an instance shows the component's ports
 * (its widgets stay on the nodes inside), and an opened component's boundary shows
 * its inputs as outputs and its outputs as inputs.
 */

const instancePorts = (ports: ComponentDefinition['inputs'], input: boolean): PortSpec[] =>
  ports.map((p) => ({
    id: p.id,
    label: p.label,
    type: p.type,
    // A list input takes several ordered wires, as the inner port it feeds does.
    ...(input && p.type === 'image[]' ? { multiple: true } : {}),
  }));

/**
 * An opened component's boundary also offers one free slot per port type: a wire
 * drawn to it from inside adds a port of that type (see NEW_PORT_PREFIX).
 */
export const NEW_PORT_PREFIX = '+';
const NEW_PORT_TYPES: Exclude<PortSpec['type'], 'any'>[] = ['text', 'image', 'image[]'];
const NEW_PORT_LABELS: Record<Exclude<PortSpec['type'], 'any'>, string> = {
  text: '+ text',
  image: '+ image',
  'image[]': '+ images',
};
const newPorts = (): PortSpec[] =>
  NEW_PORT_TYPES.map((type) => ({
    id: `${NEW_PORT_PREFIX}${type}`,
    label: NEW_PORT_LABELS[type],
    type,
    description: `Connect a wire here to give the component a new ${type} port`,
  }));

const specs = new WeakMap<ComponentDefinition, Map<string, NodeSpec>>();

function specFor(id: string, def: ComponentDefinition, kind: 'instance' | 'inputs' | 'outputs') {
  let byKind = specs.get(def);
  if (!byKind) specs.set(def, (byKind = new Map()));
  const key = `${kind}:${id}`;
  let spec = byKind.get(key);
  if (spec) return spec;
  if (kind === 'instance')
    spec = {
      type: componentNodeType(id),
      title: def.name,
      category: 'Components',
      description: `A component of ${def.nodes.length} node${def.nodes.length === 1 ? '' : 's'}: open it to edit inside.`,
      inputs: instancePorts(def.inputs, true),
      outputs: instancePorts(def.outputs, false),
      widgets: [],
    };
  else if (kind === 'inputs')
    spec = {
      type: componentInputsType(id),
      title: 'Inputs',
      category: 'Components',
      inputs: [],
      outputs: [...instancePorts(def.inputs, false), ...newPorts()],
      widgets: [],
    };
  else
    spec = {
      type: componentOutputsType(id),
      title: 'Outputs',
      category: 'Components',
      inputs: [...instancePorts(def.outputs, true), ...newPorts()],
      outputs: [],
      widgets: [],
    };
  byKind.set(key, spec);
  return spec;
}

/** The spec of a component type (instance or boundary), or undefined for any other type. */
export function componentSpec(
  type: string,
  components: Components | undefined,
): NodeSpec | undefined {
  if (!components) return undefined;
  const instance = componentIdOf(type);
  if (instance !== undefined) {
    const def = Object.hasOwn(components, instance) ? components[instance] : undefined;
    return def && specFor(instance, def, 'instance');
  }
  const boundary = boundaryOf(type);
  if (!boundary || !Object.hasOwn(components, boundary.id)) return undefined;
  return specFor(boundary.id, components[boundary.id]!, boundary.side);
}

/**
 * The registry seen from one document: the catalog's types plus the document's
 * components. `components` is read at each lookup, so a registry made once for a
 * store follows its document as it changes.
 */
export function withComponents(
  registry: NodeRegistry,
  components: () => Components | undefined,
): NodeRegistry {
  // A live registry stays live (catalog changes still reach its subscribers).
  const live = asLive(registry);
  return {
    ...(live ? { replace: live.replace, subscribe: live.subscribe, version: live.version } : {}),
    get: (type) => registry.get(type) ?? componentSpec(type, components()),
    all: () => {
      const defs = components();
      if (!defs || Object.keys(defs).length === 0) return registry.all();
      const own = Object.entries(defs).map(([id, def]) => specFor(id, def, 'instance'));
      return [...registry.all(), ...own];
    },
    models: () => registry.models(),
  };
}

/** The registry seen from `doc` (a snapshot of its components). */
export const registryFor = (
  registry: NodeRegistry,
  doc: { components?: Components | undefined },
): NodeRegistry => withComponents(registry, () => doc.components);
