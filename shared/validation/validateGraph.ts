import type { GraphDocument, GraphEdge, GraphNode } from '../graph/document';
import type { NodeId } from '../graph/ids';
import { LOAD_IMAGE_NODE, REROUTE_NODE } from '../nodes/builtins';
import { checkParamValue, isBlank, resolveParams } from '../nodes/params';
import { canConnect } from '../nodes/ports';
import { nodeNamer } from '../nodes/nodeName';
import { resolvedOutputType } from '../nodes/reroute';
import type { NodeRegistry } from '../nodes/registry';
import type { NodeSpec, PortSpec } from '../nodes/spec';
import { componentIdOf } from '../graph/components';
import { registryFor } from '../nodes/componentSpecs';
import { findCycles } from '../plan/cycles';
import { flattenComponents, hasInstances } from '../plan/flattenComponents';
import type { GraphIssue } from './issues';

/**
 * Everything that would make a run fail or surprise, found before anything is
 * sent: the canvas marks these on the nodes, and the engine refuses to start on
 * any error. Pure: the same document and catalog always give the same issues.
 */
export function validateGraph(doc: GraphDocument, registry: NodeRegistry): GraphIssue[] {
  // An opened component's boundary nodes are typed by the document's components.
  const known = doc.components ? registryFor(registry, doc) : registry;
  if (!hasInstances(doc)) return validateNodes(doc, known);
  // Inside a component, what is wrong is found on the graph the engine runs and
  // shown on the instance, naming the component and the node inside it.
  const flat = flattenComponents(doc, registry);
  const issues: GraphIssue[] = flat.problems.map((p) => ({
    nodeId: p.nodeId,
    code: 'component',
    severity: 'error',
    message: p.message,
  }));
  for (const issue of validateNodes(flat.graph, known)) {
    const origin = flat.origins.get(issue.nodeId);
    if (!origin) {
      issues.push(issue);
      continue;
    }
    // Its edge and field are the inner node's: the message names them instead.
    const { edgeId: _edge, field: _field, ...rest } = issue;
    const where = [...origin.components, origin.innerName].join(' › ');
    issues.push({ ...rest, nodeId: origin.instanceId, message: `${where}: ${issue.message}` });
  }
  return issues;
}

function validateNodes(doc: GraphDocument, registry: NodeRegistry): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const nodes = new Map<NodeId, GraphNode>(doc.nodes.map((n) => [n.id, n]));
  const specs = new Map<NodeId, NodeSpec>();
  const name = nodeNamer(doc, registry);

  for (const node of doc.nodes) {
    const spec = registry.get(node.type);
    if (!spec) {
      issues.push({
        nodeId: node.id,
        code: 'unknown-node-type',
        severity: 'error',
        message:
          componentIdOf(node.type) !== undefined
            ? `the component "${componentIdOf(node.type)}" is not defined in this workflow`
            : `unknown node type "${node.type}": the model may have been removed from the catalog`,
      });
      continue;
    }
    specs.set(node.id, spec);
  }

  const incoming = checkEdges(doc, registry, nodes, specs, name, issues);

  for (const node of doc.nodes) {
    const spec = specs.get(node.id);
    if (!spec) continue;
    checkParams(node, spec, incoming.get(node.id), issues);
    checkInputs(node, spec, incoming.get(node.id), nodes, specs, issues);
  }

  for (const cycle of findCycles(doc)) {
    const path = [...cycle, cycle[0]!].map(name).join(' → ');
    for (const id of cycle) {
      issues.push({
        nodeId: id,
        code: 'cycle',
        severity: 'error',
        message: `part of a cycle: ${path}`,
      });
    }
  }
  return issues;
}

type Incoming = Map<NodeId, Map<string, GraphEdge[]>>;

/** Checks every edge's ends and types; returns the valid edges by target node and port. */
function checkEdges(
  doc: GraphDocument,
  registry: NodeRegistry,
  nodes: Map<NodeId, GraphNode>,
  specs: Map<NodeId, NodeSpec>,
  name: (id: NodeId) => string,
  issues: GraphIssue[],
): Incoming {
  const incoming: Incoming = new Map();
  for (const edge of doc.edges) {
    const at = { edgeId: edge.id, severity: 'error' as const };
    const missing = [edge.source, edge.target].filter((id) => !nodes.has(id));
    if (missing.length > 0) {
      const owner = nodes.has(edge.target) ? edge.target : edge.source;
      issues.push({
        ...at,
        nodeId: owner,
        code: 'missing-node',
        message: `a connection ${missing.includes(edge.source) ? 'comes from' : 'goes to'} a node that is no longer in the graph`,
      });
      continue;
    }
    const sourceSpec = specs.get(edge.source);
    const targetSpec = specs.get(edge.target);
    if (!sourceSpec || !targetSpec) continue; // unknown type, reported on the node
    const out = sourceSpec.outputs.find((p) => p.id === edge.sourceHandle);
    const inp = targetSpec.inputs.find((p) => p.id === edge.targetHandle);
    if (!out) {
      issues.push({
        ...at,
        nodeId: edge.target,
        field: edge.targetHandle,
        code: 'missing-handle',
        message: `${name(edge.source)} has no output "${edge.sourceHandle}"`,
      });
      continue;
    }
    if (!inp) {
      issues.push({
        ...at,
        nodeId: edge.target,
        field: edge.targetHandle,
        code: 'missing-handle',
        message: `${name(edge.target)} has no input "${edge.targetHandle}"`,
      });
      continue;
    }
    // Through a reroute, what the wire carries is what feeds the reroute.
    const carried =
      nodes.get(edge.source)!.type === REROUTE_NODE
        ? (resolvedOutputType(doc, registry, edge.source, edge.sourceHandle) ?? out.type)
        : out.type;
    if (!canConnect(carried, inp.type)) {
      issues.push({
        ...at,
        nodeId: edge.target,
        field: inp.id,
        code: 'incompatible-ports',
        message: `${inp.label} takes ${inp.type}, but ${name(edge.source)} → ${out.label} gives ${carried}`,
      });
      continue;
    }
    let byPort = incoming.get(edge.target);
    if (!byPort) incoming.set(edge.target, (byPort = new Map()));
    const list = byPort.get(inp.id) ?? [];
    byPort.set(inp.id, [...list, edge]);
    if (!inp.multiple && list.length === 1) {
      issues.push({
        ...at,
        nodeId: edge.target,
        field: inp.id,
        code: 'too-many-connections',
        message: `${inp.label} takes one connection; remove all but one`,
      });
    }
  }
  return incoming;
}

function checkParams(
  node: GraphNode,
  spec: NodeSpec,
  incoming: Map<string, GraphEdge[]> | undefined,
  issues: GraphIssue[],
): void {
  const widgets = new Map(spec.widgets.map((w) => [w.key, w]));
  for (const key of Object.keys(node.params)) {
    if (!widgets.has(key)) {
      issues.push({
        nodeId: node.id,
        field: key,
        code: 'unknown-param',
        severity: 'warning',
        message: `"${key}" is not a parameter of ${spec.title}; it will not be sent`,
      });
    }
  }
  const resolved = resolveParams(spec, node.params);
  for (const w of spec.widgets) {
    const fedByWire = spec.inputs.some(
      (p) => p.param === w.key && (incoming?.get(p.id)?.length ?? 0) > 0,
    );
    if (fedByWire) continue;
    const value = resolved[w.key];
    if (isBlank(value)) {
      if (w.required) {
        issues.push({
          nodeId: node.id,
          field: w.key,
          code: 'missing-input',
          severity: 'error',
          message:
            node.type === LOAD_IMAGE_NODE
              ? 'no image chosen: pick a file or enter an https URL'
              : `${w.label} is empty`,
        });
      }
      continue;
    }
    const problem = checkParamValue(w, value!);
    if (problem) {
      issues.push({
        nodeId: node.id,
        field: w.key,
        code: 'invalid-param',
        severity: 'error',
        message: `${w.label}: ${problem}`,
      });
    }
  }
  if (node.type === LOAD_IMAGE_NODE) checkImageSource(node, resolved['source'], issues);
}

function checkImageSource(node: GraphNode, source: unknown, issues: GraphIssue[]): void {
  if (typeof source !== 'string' || source.trim() === '') return;
  const s = source.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(s)?.[1]?.toLowerCase();
  // One letter before the colon is a Windows drive, not a scheme.
  if (!scheme || scheme.length === 1 || scheme === 'https') return;
  if (scheme === 'data' && /^data:image\/(png|jpeg|webp|gif);base64,/i.test(s)) return;
  issues.push({
    nodeId: node.id,
    field: 'source',
    code: 'invalid-source',
    severity: 'error',
    message:
      scheme === 'http'
        ? 'only https URLs can be sent to a provider; use https:// or a local file'
        : `"${scheme}:" sources are not supported; use a local file or an https URL`,
  });
}

function checkInputs(
  node: GraphNode,
  spec: NodeSpec,
  incoming: Map<string, GraphEdge[]> | undefined,
  nodes: Map<NodeId, GraphNode>,
  specs: Map<NodeId, NodeSpec>,
  issues: GraphIssue[],
): void {
  for (const port of spec.inputs) {
    const edges = incoming?.get(port.id) ?? [];
    if (edges.length === 0) {
      if (port.required) {
        issues.push({
          nodeId: node.id,
          field: port.id,
          code: 'missing-input',
          severity: 'error',
          message:
            port.type === 'image[]'
              ? `${port.label} needs at least one image: connect a Load Image or a model output`
              : `${port.label} needs a connection`,
        });
      }
      continue;
    }
    if (port.type !== 'image[]') continue;
    const count = edges.reduce((sum, e) => sum + imagesFrom(e, nodes, specs), 0);
    if (port.minItems !== undefined && count < port.minItems) {
      issues.push(
        countIssue(
          node,
          port,
          `${port.label} needs at least ${port.minItems} images; ${count} connected`,
        ),
      );
    }
    if (port.maxItems !== undefined && count > port.maxItems) {
      issues.push(
        countIssue(
          node,
          port,
          `${port.label} takes at most ${port.maxItems} images; ${count} connected`,
        ),
      );
    }
  }
}

const countIssue = (node: GraphNode, port: PortSpec, message: string): GraphIssue => ({
  nodeId: node.id,
  field: port.id,
  code: 'image-count',
  severity: 'error',
  message,
});

/** How many images an edge carries: one for a single image, `num_images` for a model's list. */
function imagesFrom(
  edge: GraphEdge,
  nodes: Map<NodeId, GraphNode>,
  specs: Map<NodeId, NodeSpec>,
): number {
  const spec = specs.get(edge.source);
  const out = spec?.outputs.find((p) => p.id === edge.sourceHandle);
  if (!spec || out?.type !== 'image[]') return 1;
  const n = resolveParams(spec, nodes.get(edge.source)!.params)['num_images'];
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 1;
}
