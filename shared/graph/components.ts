import { nodeTypeId } from './ids';
import type { NodeTypeId } from './ids';

/**
 * How component types are spelled. An instance is a node of type `component:<id>`;
 * inside an opened component the canvas shows its boundary as two nodes of types
 * `component-inputs:<id>` and `component-outputs:<id>` (never saved: the definition
 * keeps the boundary as edges, see COMPONENT_INPUTS in document.ts).
 */
const INSTANCE = 'component:';
const INPUTS = 'component-inputs:';
const OUTPUTS = 'component-outputs:';

export const componentNodeType = (id: string): NodeTypeId => nodeTypeId(`${INSTANCE}${id}`);
export const componentInputsType = (id: string): NodeTypeId => nodeTypeId(`${INPUTS}${id}`);
export const componentOutputsType = (id: string): NodeTypeId => nodeTypeId(`${OUTPUTS}${id}`);

/** The component id of an instance's type, or undefined for any other type. */
export const componentIdOf = (type: string): string | undefined =>
  type.startsWith(INSTANCE) ? type.slice(INSTANCE.length) : undefined;

/** Which boundary of which component a boundary node type stands for. */
export function boundaryOf(type: string): { side: 'inputs' | 'outputs'; id: string } | undefined {
  if (type.startsWith(INPUTS)) return { side: 'inputs', id: type.slice(INPUTS.length) };
  if (type.startsWith(OUTPUTS)) return { side: 'outputs', id: type.slice(OUTPUTS.length) };
  return undefined;
}
