import { Boxes, Image as ImageIcon, Images, Pin, Sparkles, StickyNote, Type } from 'lucide-react';
import { useMemo } from 'react';
import { estimateNodeCost, formatNodeCost } from '../../shared/cost/estimate';
import type { NodeMode, ParamValue } from '../../shared/graph/document';
import { nodeId as toNodeId } from '../../shared/graph/ids';
import { LOAD_IMAGE_NODE, PREVIEW_NODE } from '../../shared/nodes/builtins';
import type { NodeSpec } from '../../shared/nodes/spec';
import { useApp } from '../host/appContext';
import { useUserPrices } from '../host/userPrices';
import { useGraph, useGraphActions } from '../store/context';
import { getNode } from '../store/selectors';
import { providerName } from './compat';
import { NewTakeButton } from './NodeExpansion';
import { ModeBadge } from './NodeMode';
import { NodeTitle } from './NodeTitle';

/** A node's header and its badges: name, provider, price, mode, pin, new take. */

const CATEGORY_ICONS = {
  Inputs: Type,
  Models: Sparkles,
  Outputs: Images,
  Components: Boxes,
  Layout: StickyNote,
} as const;

/** `nl-node--cat-inputs`: the header's colour (canvas.css). */
export const categoryClass = (spec: NodeSpec): string =>
  `nl-node--cat-${spec.category.toLowerCase()}`;

/**
 * The header: the node's name, and under it who runs it (the provider) and what one
 * run costs. Fixed height; its text grows as the view zooms out (legibility.ts).
 */
export function NodeHeader({
  id,
  spec,
  params,
  mode,
}: {
  id: string;
  spec: NodeSpec;
  params: Record<string, ParamValue>;
  mode: NodeMode | undefined;
}) {
  const Icon =
    spec.type === LOAD_IMAGE_NODE
      ? ImageIcon
      : spec.type === PREVIEW_NODE
        ? Images
        : CATEGORY_ICONS[spec.category];
  return (
    <header className="nl-node__title" title={spec.description}>
      <div className="nl-node__heading">
        <div className="nl-node__line">
          <Icon className="nl-node__icon" aria-hidden="true" />
          {/* Zoomed out, the name takes both lines of the header (canvas.css). */}
          <span className="nl-node__label">
            <NodeTitle
              nodeId={id}
              typeTitle={spec.title}
              {...(spec.model ? { typeName: spec.model.displayName } : {})}
            />
          </span>
          {spec.model ? <PinBadge nodeId={id} /> : null}
          {spec.model ? <NewTakeButton nodeId={id} /> : null}
        </div>
        <div className="nl-node__line nl-node__meta">
          <span className="nl-node__provider">
            {spec.model ? providerName(spec) : CATEGORY_LABELS[spec.category]}
          </span>
          <ModeBadge mode={mode} />
          {/* Bypassed or muted, it sends nothing: no price to show. */}
          {spec.model && !mode ? <CostBadge spec={spec} params={params} /> : null}
        </div>
      </div>
    </header>
  );
}

const CATEGORY_LABELS = {
  Inputs: 'Input',
  Models: 'Model',
  Outputs: 'Output',
  Components: 'Component',
  Layout: 'Layout',
} as const;

function CostBadge({ spec, params }: { spec: NodeSpec; params: Record<string, ParamValue> }) {
  const { registry } = useApp();
  const userPrices = useUserPrices();
  const cost = useMemo(
    () => estimateNodeCost(registry, spec.type, params, userPrices),
    [registry, spec.type, params, userPrices],
  );
  if (cost.kind === 'free') return null;
  return cost.kind === 'known' ? (
    <span
      className={`nl-cost${cost.source === 'user' ? ' nl-cost--user' : ''}`}
      data-testid="cost"
      title={
        cost.source === 'user'
          ? 'Estimated cost of one run of this node, at the price you entered in Settings'
          : 'Estimated cost of one run of this node'
      }
    >
      {formatNodeCost(cost)}
    </span>
  ) : (
    <span className="nl-cost nl-cost--unknown" data-testid="cost" title={cost.reason}>
      price unknown
    </span>
  );
}

/** A pinned model reuses its pinned output and is never sent; a click unpins it. */
function PinBadge({ nodeId }: { nodeId: string }) {
  const pinned = useGraph((s) => getNode(s.doc, nodeId)?.pinned !== undefined);
  const { dispatch } = useGraphActions();
  if (!pinned) return null;
  return (
    <button
      type="button"
      className="nl-node__pin nodrag"
      data-testid={`pin-${nodeId}`}
      title="Pinned: its output is reused and it is not run again. Click to unpin."
      onClick={() => dispatch({ type: 'setPin', nodeId: toNodeId(nodeId), pin: undefined })}
    >
      <Pin size={11} aria-hidden="true" />
      pinned
    </button>
  );
}
