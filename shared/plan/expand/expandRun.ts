import type { GraphDocument, GraphEdge, GraphNode, ParamValue } from '../../graph/document';
import type { NodeId } from '../../graph/ids';
import { edgeId, nodeId as asNodeId } from '../../graph/ids';
import { PROMPT_NODE } from '../../nodes/builtins';
import { nodeNamer } from '../../nodes/nodeName';
import { resolveParams } from '../../nodes/params';
import type { NodeRegistry } from '../../nodes/registry';
import type { Result } from '../../result';
import { err, ok } from '../../result';
import { dependencyMap } from '../cycles';
import { isPinned } from '../runPlan';
import { parseAlternatives, renderAlternatives } from './alternatives';
import { assignments, axisMembers, buildAxes, ownsAxis } from './axes';
import type { Axis, AxisMember } from './axes';
import { INSTANCE_SEPARATOR } from './instances';
import type { InstanceLabel } from './instances';
import type { RunExpansion } from './options';

/** At most this many paid jobs per run unless the caller says otherwise. */
export const DEFAULT_JOB_CAP = 256;

export interface RunExpansionOptions extends RunExpansion {
  /** The most paid jobs the run may make (default DEFAULT_JOB_CAP). */
  cap?: number;
}

/** The document as run: one node per instance, with what tells the instances apart. */
export interface ExpandedRun {
  doc: GraphDocument;
  /** By instance id (ids with `~`); nodes that run once keep their id and have none. */
  labels: Record<string, InstanceLabel>;
  /** The targets as instance ids (undefined: the whole graph). */
  targets: NodeId[] | undefined;
  /** How many combinations the alternatives and sweeps make (1 when none). */
  combinations: number;
  variants: number;
}

export interface ExpansionError {
  kind: 'expansion';
  message: string;
  nodeIds: NodeId[];
}

interface Shape {
  /** Indices into the run's axes this node's instances differ by (own and inherited). */
  axes: number[];
  /** The variant indices the node runs as (one, [1], when it does not vary). */
  variants: number[];
  varied: boolean;
}

/** The node ids a take re-runs: the node and everything downstream of it. */
export function takeTargets(doc: GraphDocument, nodeId: string): NodeId[] {
  const children = new Map<string, NodeId[]>();
  for (const e of doc.edges) children.set(e.source, [...(children.get(e.source) ?? []), e.target]);
  const seen = new Set<NodeId>([nodeId as NodeId]);
  const stack = [nodeId as NodeId];
  while (stack.length > 0)
    for (const c of children.get(stack.pop()!) ?? [])
      if (!seen.has(c) && seen.add(c)) stack.push(c);
  return [...seen];
}

/**
 * Expands a run over its variants, prompt alternatives and swept params (pure). `order`
 * is the planned nodes in dependency order: each becomes one instance per combination
 * of the axes it (or an ancestor) declares, times the variants when it is a model (or
 * downstream of one). Instance ids are `<nodeId>~c<i.j…>v<n>`, the same for the same
 * document and options, so the journal and cache stay right across restarts; variant 1
 * keeps the params it has today (its cache key is unchanged). Refuses, before anything
 * is built, a run of more paid jobs than the cap, naming what multiplies.
 */
export function expandRun(
  doc: GraphDocument,
  registry: NodeRegistry,
  order: readonly NodeId[],
  targets: readonly string[] | undefined,
  options: RunExpansionOptions = {},
): Result<ExpandedRun, ExpansionError> {
  const variants = options.take ? 1 : Math.max(1, options.variants ?? 1);
  const nodes = new Map(doc.nodes.map((n) => [n.id as string, n]));
  const name = nodeNamer(doc, registry);
  const members = axisMembers(order, nodes, registry);
  if (!members.ok) return err({ kind: 'expansion', ...members.error });
  const describe = (m: AxisMember): string =>
    m.kind === 'alternative'
      ? `${name(m.nodeId)} {${m.choices.join('|')}}`
      : `${name(m.nodeId)} ${m.param} sweep`;
  const built = buildAxes(members.value, options.combine ?? doc.combine ?? 'product', describe);
  if (!built.ok) return err({ kind: 'expansion', ...built.error });
  const axes = built.value;
  if (axes.length === 0 && variants === 1 && !options.take && !hasEscapes(order, nodes))
    return ok({ doc, labels: {}, targets: targets?.map(asNodeId), combinations: 1, variants });

  const parents = dependencyMap(doc);
  const takeSet = options.take ? new Set<string>(takeTargets(doc, options.take.nodeId)) : null;
  const shapes = new Map<NodeId, Shape>();
  for (const id of order) {
    const node = nodes.get(id)!;
    const model = Boolean(registry.get(node.type)?.model);
    if (isPinned(node, registry)) {
      shapes.set(id, { axes: [], variants: [1], varied: false });
      continue;
    }
    const inherited = (parents.get(id) ?? []).map((p) => shapes.get(p)).filter((s) => s);
    const axisSet = new Set<number>(inherited.flatMap((s) => s!.axes));
    axes.forEach((a, i) => ownsAxis(a, id) && axisSet.add(i));
    const varied = takeSet
      ? takeSet.has(id)
      : variants > 1 && (model || inherited.some((s) => s!.varied));
    const list = !varied
      ? [1]
      : takeSet
        ? [options.take!.variant]
        : Array.from({ length: variants }, (_, i) => i + 1);
    shapes.set(id, { axes: [...axisSet].sort((a, b) => a - b), variants: list, varied });
  }

  const countOf = (s: Shape): number =>
    s.axes.reduce((n, a) => n * axes[a]!.size, 1) * s.variants.length;
  const cap = options.cap ?? DEFAULT_JOB_CAP;
  let jobs = 0;
  let largest = 0;
  for (const id of order) {
    const count = countOf(shapes.get(id)!);
    largest = Math.max(largest, count);
    if (registry.get(nodes.get(id)!.type)?.model && !isPinned(nodes.get(id), registry))
      jobs += count;
  }
  if (jobs > cap || largest > cap * 4) {
    const what = [
      ...members.value.map(
        (m) =>
          `${describe(m)} (${m.kind === 'alternative' ? `${m.choices.length} alternatives` : `${m.values.length} values`})`,
      ),
      ...(variants > 1 ? [`${variants} variants`] : []),
    ];
    const count = jobs > cap ? jobs : largest;
    return err({
      kind: 'expansion',
      message: `this run would make ${count.toLocaleString('en-US')} ${jobs > cap ? 'jobs' : 'node runs'}, over the limit of ${cap}; nothing was sent. It multiplies: ${what.join(' × ')}. Use fewer alternatives, values or variants, or combine them as zip`,
      nodeIds: [...new Set(members.value.map((m) => m.nodeId))],
    });
  }

  // Instances, node by node in dependency order; an edge links each instance to the
  // parent instance with the same choices (and variant, when the parent varies).
  const instanceOf = new Map<string, NodeId>();
  const signature = (id: string, axisIdx: readonly number[], picks: number[], v: number | null) =>
    `${id}\u0000${axisIdx.map((a) => `${a}:${picks[a]}`).join(',')}\u0000${v ?? ''}`;
  const planned = new Set<string>(order);
  const outNodes: GraphNode[] = [];
  const outEdges: GraphEdge[] = [];
  const labels: Record<string, InstanceLabel> = {};
  const incoming = new Map<string, GraphEdge[]>();
  for (const e of doc.edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e]);
  const expandedTargets = new Map<string, NodeId[]>();

  for (const node of doc.nodes) {
    if (!planned.has(node.id)) continue;
    const shape = shapes.get(node.id)!;
    const instances: NodeId[] = [];
    let combination = 0;
    for (const local of assignments(shape.axes.map((a) => axes[a]!.size))) {
      combination += 1;
      const picks: number[] = [];
      shape.axes.forEach((a, k) => (picks[a] = local[k]!));
      for (const v of shape.variants) {
        const key =
          (shape.axes.length > 0 ? `c${local.map((i) => i + 1).join('.')}` : '') +
          (shape.varied ? `v${v}` : '');
        const id = asNodeId(key ? `${node.id}${INSTANCE_SEPARATOR}${key}` : node.id);
        const label = labelFor(node.id, combination, v, shape.axes, picks, axes);
        const params = instanceParams(node, shape, picks, axes, v, registry, label);
        outNodes.push({ ...node, id, params });
        if (key) labels[id] = label;
        instanceOf.set(signature(node.id, shape.axes, picks, shape.varied ? v : null), id);
        instances.push(id);
        for (const edge of incoming.get(node.id) ?? []) {
          const source = shapes.get(edge.source);
          const from = !source
            ? edge.source
            : isPinned(node, registry)
              ? instanceOf.get(firstInstanceKey(edge.source, instanceOf))
              : instanceOf.get(
                  signature(edge.source, source.axes, picks, source.varied ? v : null),
                );
          if (!from) continue;
          outEdges.push({
            ...edge,
            id: edgeId(key ? `${edge.id}${INSTANCE_SEPARATOR}${key}` : edge.id),
            source: from,
            target: id,
          });
        }
      }
    }
    expandedTargets.set(node.id, instances);
  }
  // Nodes the run does not plan stay as they are (with the wires between them).
  for (const node of doc.nodes) if (!planned.has(node.id)) outNodes.push(node);
  // A workflow's own id spelled like an instance (`n2~v2`) would make two nodes one.
  const seen = new Set<string>();
  const clash = outNodes.find((n) => seen.has(n.id) || !seen.add(n.id));
  if (clash) {
    return err({
      kind: 'expansion',
      message: `node id "${clash.id}" is also the id of a variant or combination of this run; rename that node`,
      nodeIds: [clash.id],
    });
  }
  for (const e of doc.edges) if (!planned.has(e.target) && !planned.has(e.source)) outEdges.push(e);

  return ok({
    doc: { ...doc, nodes: outNodes, edges: outEdges },
    labels,
    targets: targets?.flatMap((t) => expandedTargets.get(t) ?? [asNodeId(t)]),
    combinations: axes.reduce((n, a) => n * a.size, 1),
    variants,
  });
}

/** Whether a planned prompt writes `\{` and the like (its text is sent unescaped). */
const hasEscapes = (order: readonly NodeId[], nodes: ReadonlyMap<string, GraphNode>): boolean =>
  order.some((id) => {
    const n = nodes.get(id)!;
    return n.type === PROMPT_NODE && /\\[{}|\\]/.test(String(n.params['text'] ?? ''));
  });

const firstInstanceKey = (id: string, instances: ReadonlyMap<string, NodeId>): string =>
  [...instances.keys()].find((k) => k.startsWith(`${id}\u0000`)) ?? '';

function labelFor(
  nodeId: NodeId,
  combination: number,
  variant: number,
  axisIdx: readonly number[],
  picks: readonly number[],
  axes: readonly Axis[],
): InstanceLabel {
  const label: InstanceLabel = { nodeId, combination, variant, alternatives: [], sweeps: [] };
  for (const a of axisIdx) {
    for (const m of axes[a]!.members) {
      const i = picks[a]!;
      if (m.kind === 'alternative')
        label.alternatives.push({ nodeId: m.nodeId, group: m.group + 1, choice: m.choices[i]! });
      else label.sweeps.push({ nodeId: m.nodeId, param: m.param, value: m.values[i]! });
    }
  }
  return label;
}

/** The params one instance runs with: its alternatives, swept value and seed. */
function instanceParams(
  node: GraphNode,
  shape: Shape,
  picks: readonly number[],
  axes: readonly Axis[],
  variant: number,
  registry: NodeRegistry,
  label: InstanceLabel,
): Record<string, ParamValue> {
  const params = { ...node.params };
  const own = shape.axes.flatMap((a) =>
    axes[a]!.members.filter((m) => m.nodeId === node.id).map((m) => ({ m, i: picks[a]! })),
  );
  if (node.type === PROMPT_NODE) {
    const groupPicks: number[] = [];
    for (const { m, i } of own) if (m.kind === 'alternative') groupPicks[m.group] = i;
    params['text'] = renderAlternatives(
      parseAlternatives(String(node.params['text'] ?? '')),
      groupPicks,
    );
  }
  for (const { m, i } of own) if (m.kind === 'sweep') params[m.param] = m.values[i]!;
  const spec = registry.get(node.type);
  const seedWidget =
    spec?.model && spec.widgets.find((w) => w.key === 'seed' && w.kind === 'number');
  if (seedWidget && shape.varied) {
    // Variant 1 keeps the node's seed (and its cache key); variant n adds n - 1.
    const base = resolveParams(spec!, params)['seed'];
    const seed = (typeof base === 'number' && Number.isFinite(base) ? base : 0) + variant - 1;
    if (variant > 1) params['seed'] = seed;
    label.seed = seed;
  }
  return params;
}

/** Whether the document has prompt alternatives or swept values (so combine mode matters). */
export const declaresCombinations = (doc: GraphDocument): boolean =>
  doc.nodes.some(
    (n) =>
      n.sweep !== undefined ||
      (n.type === PROMPT_NODE &&
        parseAlternatives(String(n.params['text'] ?? '')).some((p) => typeof p !== 'string')),
  );
