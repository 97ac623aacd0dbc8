import { PROVIDER_NAMES } from '../../shared/catalog/model';
import { formatEstimate, formatNodeCost } from '../../shared/cost/estimate';
import type { GraphDocument } from '../../shared/graph/document';
import type { NodeId } from '../../shared/graph/ids';
import { nodeName } from '../../shared/nodes/nodeName';
import type { NodeRegistry } from '../../shared/nodes/registry';
import type { PlannedImage, PlannedRequest, Preflight } from '../../shared/plan/preflight';
import type { CostEstimate } from '../../shared/run/events';
import { SUBMIT_BODY } from '../core/providers/submitBody';
import { shown } from './io';
import { labelText } from '../../shared/plan/expand/instances';

export interface DryRunReport {
  levels: Array<Array<{ nodeId: NodeId; title: string }>>;
  /** Model nodes that send nothing: pinned, or found in the result cache. */
  reused: Array<{ nodeId: NodeId; reason: 'pinned' | 'cached' }>;
  requests: Array<{
    nodeId: NodeId;
    provider: string;
    endpoint: string;
    /** The JSON body the provider's client POSTs, envelope included. */
    body: Record<string, unknown>;
    estimate: string;
    /** What this instance of an expanded run differs by (`blue · 16:9 · v2 · seed 1`). */
    label?: string;
  }>;
  estimate: CostEstimate;
  /** Present when the run has variants or combinations: how it multiplies. */
  expansion?: { combinations: number; variants: number; jobs: number };
  /** Muted nodes and what needs them: not run (node modes). */
  skipped: Array<{ nodeId: NodeId; title: string; reason: string }>;
}

/** Stands in for the job id the engine makes when it sends (Runflow's `client_ref`). */
export const JOB_ID_PLACEHOLDER = '<job id, made when the job is sent>';

/**
 * What a run would send, without sending: the preflight's plan by level, what it
 * reuses, and each request body exactly as the provider's client builds it, with
 * the images the run does not have yet shown as where they will come from. There
 * are no keys anywhere in it.
 */
export function dryRun(
  doc: GraphDocument,
  registry: NodeRegistry,
  checked: Preflight,
): DryRunReport {
  // The document as run: instances of an expanded run are named after their node.
  const { labels, combinations, variants } = checked.expansion;
  const nodes = new Map(checked.expansion.doc.nodes.map((n) => [n.id, n]));
  const title = (id: NodeId): string => nodeName(nodes.get(id), registry);
  const reused: DryRunReport['reused'] = [];
  const requests: DryRunReport['requests'] = [];
  for (const job of checked.jobs) {
    if (job.action === 'reuse') reused.push({ nodeId: job.nodeId, reason: job.reason });
    if (job.action !== 'send') continue;
    const { request } = job;
    requests.push({
      nodeId: job.nodeId,
      provider: PROVIDER_NAMES[request.provider],
      endpoint: request.endpoint,
      body: SUBMIT_BODY[request.provider]({
        endpoint: request.endpoint,
        input: withImages(request, title),
        clientRef: JOB_ID_PLACEHOLDER,
      }),
      estimate: job.cost.kind === 'known' ? formatNodeCost(job.cost) : 'unknown',
      ...(labels[job.nodeId] ? { label: labelText(labels[job.nodeId]!) } : {}),
    });
  }
  return {
    levels: checked.plan.levels.map((level) =>
      level.map((nodeId) => ({ nodeId, title: title(nodeId) })),
    ),
    reused,
    requests,
    estimate: checked.estimate,
    ...(combinations > 1 || variants > 1
      ? { expansion: { combinations, variants, jobs: requests.length } }
      : {}),
    skipped: checked.skipped.map((s) => ({ ...s, title: title(s.nodeId) })),
  };
}

/** The input with its image ports filled as the engine fills them (after the params). */
function withImages(
  request: PlannedRequest,
  title: (id: NodeId) => string,
): Record<string, unknown> {
  const input = { ...request.input };
  for (const [port, images] of Object.entries(request.images)) {
    input[port] = images.map((image) => describeImage(image, title));
  }
  return input;
}

/** An https URL is sent as it is; every other image is named by where it will come from. */
function describeImage(image: PlannedImage, title: (id: NodeId) => string): string {
  switch (image.from) {
    case 'url':
      return image.url;
    case 'file':
      return `<local image ${image.path}, sent as the provider accepts it>`;
    case 'embedded':
      return `<image embedded in Load Image "${image.nodeId}", sent as the provider accepts it>`;
    case 'output':
      return `<image ${image.index + 1} of ${title(image.nodeId)} "${image.nodeId}">`;
  }
}

export function formatDryRun(report: DryRunReport): string {
  const out: string[] = [];
  if (report.expansion) {
    const { combinations, variants, jobs } = report.expansion;
    out.push(
      `Expansion: ${combinations} combination${combinations === 1 ? '' : 's'} × ${variants} variant${variants === 1 ? '' : 's'} → ${jobs} job${jobs === 1 ? '' : 's'} to send, estimated ${formatEstimate(report.estimate)}`,
      '',
    );
  }
  out.push('Plan (each step runs in parallel):');
  report.levels.forEach((level, i) =>
    out.push(
      `  ${i + 1}. ${level.map((n) => `${shown(n.title)} "${shown(n.nodeId)}"`).join(', ')}`,
    ),
  );
  if (report.reused.length > 0) {
    out.push('', 'Reused (nothing is sent for these):');
    for (const r of report.reused)
      out.push(
        `  "${shown(r.nodeId)}": ${r.reason === 'pinned' ? 'pinned output' : 'cached result'}`,
      );
  }
  if (report.skipped.length > 0) {
    out.push('', 'Not run:');
    for (const s of report.skipped)
      out.push(`  ${shown(s.title)} "${shown(s.nodeId)}": ${shown(s.reason)}`);
  }
  out.push('', 'Requests (nothing was sent):');
  if (report.requests.length === 0) out.push('  none');
  for (const r of report.requests) {
    out.push(
      `  "${shown(r.nodeId)}"${r.label ? ` [${shown(r.label)}]` : ''} → ${r.provider} ${shown(r.endpoint)} (estimate ${r.estimate})`,
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
