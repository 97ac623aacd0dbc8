import {
  estimateCost,
  estimateNodeCost,
  formatEstimate,
  formatNodeCost,
} from '../../shared/cost/estimate';
import type { UserPrices } from '../../shared/cost/estimate';
import type { GraphDocument } from '../../shared/graph/document';
import type { NodeId } from '../../shared/graph/ids';
import { LOAD_IMAGE_NODE, PROMPT_NODE } from '../../shared/nodes/builtins';
import { nodeName } from '../../shared/nodes/nodeName';
import { resolveParams } from '../../shared/nodes/params';
import type { NodeRegistry } from '../../shared/nodes/registry';
import type { ExecutionPlan } from '../../shared/plan/planExecution';
import { PROVIDER_NAMES } from '../../shared/catalog/model';
import { incomingEdges } from '../core/engine/values';
import { shown } from './io';

export interface DryRunReport {
  levels: Array<Array<{ nodeId: NodeId; title: string }>>;
  requests: Array<{
    nodeId: NodeId;
    provider: string;
    endpoint: string;
    body: Record<string, unknown>;
    estimate: string;
  }>;
  estimate: ReturnType<typeof estimateCost>;
}

/**
 * What a run would send, without sending: the plan by level and each model
 * request body, with images shown as where they would come from. There are no
 * keys anywhere in it.
 */
export function dryRun(
  doc: GraphDocument,
  registry: NodeRegistry,
  plan: ExecutionPlan,
  userPrices?: UserPrices,
): DryRunReport {
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]));
  const title = (id: NodeId): string => nodeName(nodes.get(id), registry);
  const incoming = incomingEdges(doc);
  const describeSource = (source: NodeId, handle: string): string => {
    const node = nodes.get(source)!;
    if (node.type === LOAD_IMAGE_NODE) {
      const src = String(node.params['source'] ?? '');
      return /^https:/i.test(src) ? src : `<local image ${src}, sent as the provider accepts it>`;
    }
    return `<${handle} of ${title(source)} "${source}">`;
  };
  const requests: DryRunReport['requests'] = [];
  for (const id of plan.order) {
    const node = nodes.get(id)!;
    const spec = registry.get(node.type);
    if (!spec?.model) continue;
    const body: Record<string, unknown> = { ...resolveParams(spec, node.params) };
    for (const edge of incoming.get(id) ?? []) {
      const port = spec.inputs.find((p) => p.id === edge.targetHandle);
      if (!port) continue;
      const source = nodes.get(edge.source)!;
      if (port.type === 'text') {
        body[port.param ?? port.id] =
          source.type === PROMPT_NODE
            ? String(source.params['text'] ?? '')
            : describeSource(edge.source, edge.sourceHandle);
      } else {
        const list = (body[port.id] as string[] | undefined) ?? [];
        list.push(describeSource(edge.source, edge.sourceHandle));
        body[port.id] = list;
      }
    }
    const cost = estimateNodeCost(registry, node.type, node.params, userPrices);
    requests.push({
      nodeId: id,
      provider: PROVIDER_NAMES[spec.model.provider],
      endpoint: spec.model.endpoint,
      body,
      estimate: cost.kind === 'known' ? formatNodeCost(cost) : 'unknown',
    });
  }
  return {
    levels: plan.levels.map((level) => level.map((nodeId) => ({ nodeId, title: title(nodeId) }))),
    requests,
    estimate: estimateCost(doc, registry, plan.order, userPrices),
  };
}

export function formatDryRun(report: DryRunReport): string {
  const out: string[] = ['Plan (each step runs in parallel):'];
  report.levels.forEach((level, i) =>
    out.push(
      `  ${i + 1}. ${level.map((n) => `${shown(n.title)} "${shown(n.nodeId)}"`).join(', ')}`,
    ),
  );
  out.push('', 'Requests (nothing was sent):');
  for (const r of report.requests) {
    out.push(
      `  "${shown(r.nodeId)}" → ${r.provider} ${shown(r.endpoint)} (estimate ${r.estimate})`,
    );
    out.push(
      ...JSON.stringify(r.body, null, 2)
        .split('\n')
        .map((l) => `    ${l}`),
    );
  }
  out.push('', `Estimated cost: ${formatEstimate(report.estimate)}`);
  return `${out.join('\n')}\n`;
}
