import {
  componentIdOf,
  componentInputsType,
  componentOutputsType,
} from '../../shared/graph/components';
import { COMPONENT_INPUTS, COMPONENT_OUTPUTS } from '../../shared/graph/document';
import type {
  ComponentDefinition,
  ComponentPort,
  GraphDocument,
  GraphEdge,
  GraphNode,
  Viewport,
} from '../../shared/graph/document';
import { NEW_PORT_PREFIX } from '../../shared/nodes/componentSpecs';
import { nodeId } from '../../shared/graph/ids';
import type { NodeId } from '../../shared/graph/ids';
import { FLAT_ID_SEPARATOR } from '../../shared/plan/flattenComponents';

/**
 * Editing inside a component. The canvas shows the component's own graph as a
 * document of its own (the view): its nodes and edges, plus two boundary nodes
 * (`@inputs`, `@outputs`) whose handles are the component's ports, so the edges that
 * cross the boundary are ordinary edges there. Every edit of the view is written
 * back into the definition (`embed`), and undo steps hold whole files, so undo and
 * redo work across levels.
 */

/** One opened level: which instance was opened, and the view to return to. */
export interface ComponentFrame {
  componentId: string;
  instanceId: NodeId;
  /** The instance's name when opened (the breadcrumb's label). */
  name: string;
  /** The viewport of the level below, restored on the way out. */
  outerViewport: Viewport;
}

/** Where the view's boundary nodes sit: left and right of the inner nodes. */
function boundaryPositions(nodes: readonly GraphNode[]) {
  if (nodes.length === 0) return { inputs: { x: -320, y: 0 }, outputs: { x: 320, y: 0 } };
  const xs = nodes.map((n) => n.position.x);
  const y = Math.min(...nodes.map((n) => n.position.y));
  return {
    inputs: { x: Math.min(...xs) - 320, y },
    outputs: { x: Math.max(...xs) + 420, y },
  };
}

/** The view of component `componentId` of `file`, or undefined when it has no such component. */
export function componentView(
  file: GraphDocument,
  componentId: string,
  viewport: Viewport,
  /** Where the boundary nodes were (the user may have moved them): kept. */
  previous?: GraphDocument,
): GraphDocument | undefined {
  const def = file.components?.[componentId];
  if (!def || !Object.hasOwn(file.components!, componentId)) return undefined;
  const was = (id: string) => previous?.nodes.find((n) => n.id === id)?.position;
  const computed = boundaryPositions(def.nodes);
  const at = {
    inputs: was(COMPONENT_INPUTS) ?? computed.inputs,
    outputs: was(COMPONENT_OUTPUTS) ?? computed.outputs,
  };
  const boundary = (id: string, type: GraphNode['type'], position: GraphNode['position']) =>
    ({ id: nodeId(id), type, params: {}, position }) satisfies GraphNode;
  return {
    nodes: [
      boundary(COMPONENT_INPUTS, componentInputsType(componentId), at.inputs),
      ...def.nodes,
      boundary(COMPONENT_OUTPUTS, componentOutputsType(componentId), at.outputs),
    ],
    edges: def.edges,
    viewport,
    ...(file.components ? { components: file.components } : {}),
  };
}

export const isBoundaryNode = (id: string): boolean =>
  id === COMPONENT_INPUTS || id === COMPONENT_OUTPUTS;

/**
 * The file with the view written back into its component: nodes and edges (the
 * boundary nodes are not saved; their edges are), and any component made inside.
 * Unchanged parts keep their identity.
 */
export function embed(
  file: GraphDocument,
  componentId: string,
  view: GraphDocument,
  portLabel: PortLabel = () => undefined,
): GraphDocument {
  const def = file.components?.[componentId];
  if (!def) return file;
  const nodes = view.nodes.filter((n) => !isBoundaryNode(n.id));
  const sameNodes = nodes.length === def.nodes.length && nodes.every((n, i) => n === def.nodes[i]);
  const components = view.components ?? file.components ?? {};
  if (sameNodes && view.edges === def.edges && components === file.components) return file;
  return {
    ...file,
    components: {
      ...components,
      [componentId]: {
        ...def,
        ...withNewPorts(def, view.edges, portLabel),
        nodes: sameNodes ? def.nodes : nodes,
      },
    },
  };
}

/** The label a new port takes from the inner port it was wired to (undefined: its type). */
export type PortLabel = (
  nodeId: string,
  handle: string,
  side: 'input' | 'output',
) => string | undefined;

const isNewPort = (handle: string): boolean => handle.startsWith(NEW_PORT_PREFIX);

/**
 * Wires drawn from inside to a boundary's free slot (`+text`, …) become new ports:
 * `in<n>` / `out<n>`, typed by the slot, named after the inner port.
 */
function withNewPorts(
  def: ComponentDefinition,
  edges: GraphEdge[],
  portLabel: PortLabel,
): Pick<ComponentDefinition, 'edges' | 'inputs' | 'outputs'> {
  const opensPort = (e: GraphEdge) =>
    (e.source === COMPONENT_INPUTS && isNewPort(e.sourceHandle)) ||
    (e.target === COMPONENT_OUTPUTS && isNewPort(e.targetHandle));
  if (!edges.some(opensPort)) return { edges, inputs: def.inputs, outputs: def.outputs };
  const inputs = [...def.inputs];
  const outputs = [...def.outputs];
  const add = (ports: ComponentPort[], prefix: string, handle: string, base?: string) => {
    let n = ports.length + 1;
    while (ports.some((p) => p.id === `${prefix}${n}`)) n++;
    const type = handle.slice(NEW_PORT_PREFIX.length) as ComponentPort['type'];
    let label = base ?? type;
    for (let k = 2; ports.some((p) => p.label === label); k++) label = `${base ?? type} ${k}`;
    ports.push({ id: `${prefix}${n}`, label, type });
    return `${prefix}${n}`;
  };
  const out = edges.map((e) => {
    if (e.source === COMPONENT_INPUTS && isNewPort(e.sourceHandle)) {
      const base = portLabel(e.target, e.targetHandle, 'input');
      return { ...e, sourceHandle: add(inputs, 'in', e.sourceHandle, base) };
    }
    if (e.target === COMPONENT_OUTPUTS && isNewPort(e.targetHandle)) {
      const base = portLabel(e.source, e.sourceHandle, 'output');
      return { ...e, targetHandle: add(outputs, 'out', e.targetHandle, base) };
    }
    return e;
  });
  return { edges: out, inputs, outputs };
}

/** The instance's component id, when `id` is an instance in `doc`. */
export function instanceComponent(doc: GraphDocument, id: string): string | undefined {
  const node = doc.nodes.find((n) => n.id === id);
  const componentId = node ? componentIdOf(node.type) : undefined;
  return componentId !== undefined && doc.components?.[componentId] ? componentId : undefined;
}

/**
 * The ids the run uses for nodes of the canvas's current level: inside opened
 * components a node runs as `<instance>/…/<inner>` (flattenComponents), at the top
 * as itself. Run states and targets go through here.
 */
export function runIdOf(frames: readonly ComponentFrame[], canvasId: string): NodeId {
  if (frames.length === 0) return nodeId(canvasId);
  return nodeId([...frames.map((f) => f.instanceId), canvasId].join(FLAT_ID_SEPARATOR));
}
