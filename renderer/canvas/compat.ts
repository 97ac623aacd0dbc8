import { PROVIDER_NAMES } from '../../shared/catalog/model';
import { canConnect } from '../../shared/nodes/ports';
import type { NodeCategory, NodeSpec, PortSpec, PortType } from '../../shared/nodes/spec';

/** The loose end of a wire dropped on empty canvas: where it starts and what it carries. */
export interface WireEnd {
  nodeId: string;
  handleId: string;
  /** `source`: dragged from an output; `target`: dragged from an input. */
  handleType: 'source' | 'target';
  portType: PortType;
}

export const PORT_TYPES: readonly PortType[] = ['text', 'image', 'image[]', 'any'];

/** `image[]` is not a valid CSS class name part. */
export const portClass = (type: PortType): string => (type === 'image[]' ? 'image-list' : type);

/**
 * The port of `spec` that the wire would connect to, preferring the same type
 * (a list output to a list input) over a conversion (an image into a list).
 */
export function compatiblePort(spec: NodeSpec, wire: WireEnd): PortSpec | undefined {
  const ports =
    wire.handleType === 'source'
      ? spec.inputs.filter((p) => canConnect(wire.portType, p.type))
      : spec.outputs.filter((p) => canConnect(p.type, wire.portType));
  return ports.find((p) => p.type === wire.portType) ?? ports[0];
}

const CATEGORY_ORDER: Record<NodeCategory, number> = {
  Inputs: 0,
  Models: 1,
  Components: 2,
  Outputs: 3,
  Layout: 4,
};

/** Node types in library order: by category, then title. */
export function libraryOrder(specs: readonly NodeSpec[]): NodeSpec[] {
  return [...specs].sort(
    (a, b) =>
      CATEGORY_ORDER[a.category] - CATEGORY_ORDER[b.category] || a.title.localeCompare(b.title),
  );
}

/** "RunComfy", "Runflow" or "Built-in". */
export const providerName = (spec: NodeSpec): string =>
  spec.model
    ? PROVIDER_NAMES[spec.model.provider]
    : spec.category === 'Components'
      ? 'In this workflow'
      : 'Built-in';

/** The text the palette searches. */
export const searchText = (spec: NodeSpec): string =>
  `${spec.title} ${spec.category} ${providerName(spec)} ${spec.model?.family ?? ''} ${spec.model?.task ?? ''}`;
