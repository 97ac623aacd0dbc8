import { Handle, NodeResizeControl, Position, useStoreApi } from '@xyflow/react';
import type { NodeProps } from '@xyflow/react';
import { memo, useCallback, useMemo, useState } from 'react';
import type { CSSProperties, ReactNode } from 'react';
import { shallow } from 'zustand/shallow';
import type { GraphDocument, NodeBoxSize, ParamValue } from '../../shared/graph/document';
import { nodeId as toNodeId } from '../../shared/graph/ids';
import { LOAD_IMAGE_NODE, PREVIEW_NODE } from '../../shared/nodes/builtins';
import { nodeName } from '../../shared/nodes/nodeName';
import type { NodeRegistry } from '../../shared/nodes/registry';
import type { NodeSpec, WidgetSpec } from '../../shared/nodes/spec';
import { boundaryOf, componentIdOf } from '../../shared/graph/components';
import { useApp } from '../host/appContext';
import { runIdOf } from '../store/componentFrames';
import { ComponentActions } from './ComponentParts';
import { instanceRunKey, instanceRunView } from './instanceRun';
import { useGraph, useGraphActions, useRun } from '../store/context';
import { edgesInto, getNode } from '../store/selectors';
import type { GraphFlowNode } from '../store/selectors';
import { modeClass } from './NodeMode';
import { NodeHeader, categoryClass } from './NodeHeader';
import { WidgetFor } from '../widgets/WidgetFor';
import { SweepEditor } from './NodeExpansion';
import { portClass } from './compat';
import { estimateGeometry } from './geometry';
import { useLowDetail } from './lowDetail';
import { NO_ISSUES, issuesByNode } from './nodeIssues';
import { InputPort, OutputPort } from './ports';
import { LoadImagePicker } from './LoadImagePicker';
import { NodeImages } from './NodeImages';
import { NODE_WIDTH, PREVIEW_WIDTH } from './placement';
import { RunStrip } from './RunStrip';
import { PastRunNote } from './PastRunNote';
import { SavedTo } from './SavedTo';

const NO_PARAMS: Readonly<Record<string, ParamValue>> = Object.freeze({});

/** For each param fed by a wire (a connected prompt): the title of the node feeding it. */
function linkedSources(
  doc: GraphDocument,
  id: string,
  spec: NodeSpec,
  registry: NodeRegistry,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const port of spec.inputs) {
    if (!port.param) continue;
    const edge = edgesInto(doc, id).find((e) => e.targetHandle === port.id);
    if (!edge) continue;
    const source = getNode(doc, edge.source);
    out[port.param] = nodeName(source, registry);
  }
  return out;
}

/** A widget bound to one param of one node; its onChange is stable for the memoised widget. */
const NodeWidget = memo(function NodeWidget(props: {
  nodeId: string;
  widget: WidgetSpec;
  value: ParamValue | undefined;
  issue: string | undefined;
  linkedFrom: string | undefined;
}) {
  const { dispatch } = useGraphActions();
  const { nodeId, widget } = props;
  const onChange = useCallback(
    (value: ParamValue | undefined) =>
      dispatch({ type: 'setParam', nodeId: toNodeId(nodeId), key: widget.key, value }),
    [dispatch, nodeId, widget.key],
  );
  return (
    <WidgetFor
      widget={widget}
      value={props.value}
      onChange={onChange}
      issue={props.issue}
      linkedFrom={props.linkedFrom}
      testId={`widget-${nodeId}-${widget.key}`}
    />
  );
});

/** The most images a node draws: a Preview shows a contact sheet, a model its latest few. */
const MAX_IMAGES = { preview: 12, other: 4 } as const;
const MIN_SIZE = { width: 200, height: 160 };

/** Node types that show images and so can be resized by their corner. */
const isResizable = (spec: NodeSpec): boolean =>
  spec.type === PREVIEW_NODE || spec.type === LOAD_IMAGE_NODE || spec.model !== undefined;

/** The node's width when the user has not sized it (canvas.css agrees). */
const naturalWidth = (spec: NodeSpec): number =>
  spec.type === PREVIEW_NODE ? PREVIEW_WIDTH : NODE_WIDTH;

const sizeStyle = (size: NodeBoxSize | undefined): CSSProperties | undefined =>
  size ? { width: size.width, height: size.height } : undefined;

const sameBox = (a: NodeBoxSize | undefined, b: NodeBoxSize | undefined): boolean =>
  a === b || (!!a && !!b && a.width === b.width && a.height === b.height);

/**
 * The corner handle of a selected image node: the node follows the pointer live
 * (local state), and the size is written to the document once, as one undo step.
 */
function useNodeSize(id: string): {
  size: NodeBoxSize | undefined;
  resizer: (visible: boolean) => ReactNode;
} {
  const saved = useGraph((s) => getNode(s.doc, id)?.size, sameBox);
  const { dispatch } = useGraphActions();
  const [live, setLive] = useState<NodeBoxSize | undefined>(undefined);
  const resizer = (visible: boolean): ReactNode =>
    visible ? (
      <NodeResizeControl
        position="bottom-right"
        minWidth={MIN_SIZE.width}
        minHeight={MIN_SIZE.height}
        className="nl-node__resize"
        onResize={(_e, p) => setLive({ width: p.width, height: p.height })}
        onResizeEnd={(_e, p) => {
          setLive(undefined);
          dispatch({
            type: 'resizeNode',
            nodeId: toNodeId(id),
            size: { width: p.width, height: p.height },
          });
        }}
      >
        <span className="nl-node__resize-grip" data-testid={`resize-${id}`} aria-hidden />
      </NodeResizeControl>
    ) : null;
  return { size: live ?? saved, resizer };
}

const KnownNode = memo(function KnownNode({
  id,
  spec,
  selected,
}: {
  id: string;
  spec: NodeSpec;
  selected: boolean;
}) {
  const { registry } = useApp();
  const params = useGraph((s) => getNode(s.doc, id)?.params ?? NO_PARAMS);
  const incoming = useGraph((s) => edgesInto(s.doc, id), shallow);
  const links = useGraph((s) => linkedSources(s.doc, id, spec, registry), shallow);
  const issues = useGraph((s) => issuesByNode(s.doc, registry).get(id) ?? NO_ISSUES);
  // Inside an opened component a node runs under its flattened id.
  const runKey = useGraph((s) => runIdOf(s.frames, id));
  const isInstance = componentIdOf(spec.type) !== undefined;
  const own = useRun((s) => s.nodes[runKey]);
  // An instance runs as the nodes inside it: it shows their state, summed up.
  const inner = useRun((s) => (isInstance ? instanceRunKey(s.nodes, runKey) : ''));
  const summary = useMemo(() => instanceRunView(inner), [inner]);
  const run = own ?? summary;
  const mode = useGraph((s) => getNode(s.doc, id)?.mode);
  const name = useGraph((s) => {
    const node = getNode(s.doc, id);
    return node ? nodeName(node, registry) : spec.title;
  });
  const { size, resizer } = useNodeSize(id);
  const isPreview = spec.type === PREVIEW_NODE;
  const width = size?.width ?? naturalWidth(spec);
  // The images take what the user's height leaves after the node's fixed parts.
  const areaHeight = size ? Math.max(80, size.height - estimateGeometry(spec).height) : undefined;
  const counts = new Map<string, number>();
  for (const e of incoming) counts.set(e.targetHandle, (counts.get(e.targetHandle) ?? 0) + 1);
  const keys = new Set(spec.widgets.map((w) => w.key));
  const fieldIssues = new Map<string, string>();
  const nodeIssues = [];
  for (const issue of issues) {
    if (issue.field !== undefined && keys.has(issue.field) && !links[issue.field]) {
      const prev = fieldIssues.get(issue.field);
      fieldIssues.set(issue.field, prev ? `${prev}; ${issue.message}` : issue.message);
    } else nodeIssues.push(issue);
  }
  const invalidPorts = new Set(nodeIssues.map((i) => i.field));
  const severity = issues.some((i) => i.severity === 'error')
    ? ' has-errors'
    : issues.length > 0
      ? ' has-warnings'
      : '';

  return (
    <div
      className={`nl-node ${categoryClass(spec)}${selected ? ' is-selected' : ''}${severity}${run ? ` nl-node--${run.state}` : ''}${spec.model ? ' nl-node--model' : ''}${isPreview ? ' nl-node--preview' : ''}${size ? ' nl-node--sized' : ''}${boundaryOf(spec.type) ? ' nl-node--boundary' : ''}${isInstance ? ' nl-node--component' : ''}${modeClass(mode)}`}
      data-testid={`node-${id}`}
      style={sizeStyle(size)}
    >
      {isResizable(spec) ? resizer(selected) : null}
      <NodeHeader id={id} spec={spec} params={params} mode={mode} />
      <RunStrip nodeId={id} run={run} />
      <div className="nl-node__ports">
        <div className="nl-node__inputs">
          {spec.inputs.map((port) => (
            <InputPort
              key={port.id}
              nodeId={id}
              nodeTitle={name}
              port={port}
              count={counts.get(port.id) ?? 0}
              invalid={invalidPorts.has(port.id)}
            />
          ))}
        </div>
        <div className="nl-node__outputs">
          {spec.outputs.map((port) => (
            <OutputPort key={port.id} nodeId={id} nodeTitle={name} port={port} />
          ))}
        </div>
      </div>
      <div className="nl-node__widgets">
        {spec.widgets.map((w) =>
          spec.type === LOAD_IMAGE_NODE && w.key === 'source' ? (
            <LoadImagePicker
              key={w.key}
              nodeId={id}
              widget={w}
              value={params[w.key]}
              issue={fieldIssues.get(w.key)}
              nodeWidth={width}
            />
          ) : (
            <NodeWidget
              key={w.key}
              nodeId={id}
              widget={w}
              value={params[w.key]}
              issue={fieldIssues.get(w.key)}
              linkedFrom={links[w.key]}
            />
          ),
        )}
        {spec.model ? <SweepEditor nodeId={id} spec={spec} /> : null}
      </div>
      {isInstance ? <ComponentActions nodeId={id} type={spec.type} /> : null}
      {nodeIssues.length > 0 ? (
        <ul className="nl-node__issues" data-testid={`issues-${id}`}>
          {nodeIssues.map((issue, i) => (
            <li key={i} className={`nl-issue nl-issue--${issue.severity}`}>
              {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
      {/* A Load Image shows its image in the picker already. */}
      {run?.images && spec.type !== LOAD_IMAGE_NODE ? (
        <NodeImages
          nodeId={id}
          images={run.images}
          max={isPreview ? MAX_IMAGES.preview : MAX_IMAGES.other}
          nodeWidth={width}
          {...(areaHeight !== undefined ? { areaHeight } : {})}
        />
      ) : null}
      {run?.saved ? <SavedTo nodeId={id} saved={run.saved} /> : null}
      {run?.past && run.images ? <PastRunNote nodeId={id} past={run.past} /> : null}
    </div>
  );
});

const BOX_BORDER = 1;

const portOf = (spec: NodeSpec, type: 'source' | 'target', id: string) =>
  (type === 'source' ? spec.outputs : spec.inputs).find((p) => p.id === id)?.type ?? 'text';

/**
 * A node below the detail zoom (detail.ts): one box of the node's size, no text or
 * widgets, plus only its handles, placed where React Flow last measured (or, never
 * drawn, estimated) them, so wires stay put and a re-measure finds the same bounds.
 * At fit zoom thousands of these are on screen: each full node is ~23 elements.
 */
const BoxNode = memo(function BoxNode({
  id,
  spec,
  selected,
}: {
  id: string;
  spec: NodeSpec;
  selected: boolean;
}) {
  const { registry } = useApp();
  // The graph store's measured size, not React Flow's store: that one changes on every
  // pan frame and thousands of these would run their selectors for each.
  const size = useGraph((s) => s.measured[id]);
  // Read at render, not subscribed: React Flow's last measurement of the handles (or
  // the estimate it was given); a re-measure comes with a new size, so a new render.
  const flowStore = useStoreApi();
  const bounds = flowStore.getState().nodeLookup.get(id)?.internals.handleBounds;
  const severity = useGraph((s) => {
    const issues = issuesByNode(s.doc, registry).get(id) ?? NO_ISSUES;
    return issues.some((i) => i.severity === 'error')
      ? ' has-errors'
      : issues.length > 0
        ? ' has-warnings'
        : '';
  });
  const runKey = useGraph((s) => runIdOf(s.frames, id));
  const state = useRun((s) => s.nodes[runKey]?.state);
  const mode = useGraph((s) => getNode(s.doc, id)?.mode);
  const chosen = useGraph((s) => getNode(s.doc, id)?.size, sameBox);
  const estimate = estimateGeometry(spec);
  const handles = bounds ? [...(bounds.target ?? []), ...(bounds.source ?? [])] : estimate.handles;
  return (
    <div
      className={`nl-node nl-node--box ${categoryClass(spec)}${selected ? ' is-selected' : ''}${severity}${state ? ` nl-node--${state}` : ''}${spec.type === PREVIEW_NODE ? ' nl-node--preview' : ''}${modeClass(mode)}`}
      data-testid={`node-${id}`}
      style={{
        height: size?.height ?? chosen?.height ?? estimate.height,
        ...(chosen ? { width: chosen.width } : {}),
      }}
    >
      {handles.map((h) =>
        h.id ? (
          <Handle
            key={`${h.type}:${h.id}`}
            type={h.type}
            position={h.position}
            id={h.id}
            className={`nl-handle nl-handle--box nl-port--${portClass(portOf(spec, h.type, h.id))}`}
            style={{
              left: h.x - BOX_BORDER,
              top: h.y - BOX_BORDER,
              width: h.width,
              height: h.height,
            }}
          />
        ) : null,
      )}
    </div>
  );
});

/** A node whose type the catalog no longer has: its wires keep their ends. */
const MissingNode = memo(function MissingNode({
  id,
  type,
  selected,
}: {
  id: string;
  type: string;
  selected: boolean;
}) {
  const ends = useGraph((s) => {
    const into = edgesInto(s.doc, id).map((e) => `t:${e.targetHandle}`);
    const from = s.doc.edges.filter((e) => e.source === id).map((e) => `s:${e.sourceHandle}`);
    return [...new Set([...into, ...from])];
  }, shallow);
  return (
    <div
      className={`nl-node nl-node--missing has-errors${selected ? ' is-selected' : ''}`}
      data-testid={`node-${id}`}
    >
      <header className="nl-node__title">
        <span className="nl-node__name">Unknown node</span>
      </header>
      <ul className="nl-node__issues">
        <li className="nl-issue nl-issue--error">
          unknown node type “{type}”: the model may have been removed from the catalog
        </li>
      </ul>
      {ends.map((end) => (
        <Handle
          key={end}
          type={end.startsWith('t:') ? 'target' : 'source'}
          position={end.startsWith('t:') ? Position.Left : Position.Right}
          id={end.slice(2)}
          className="nl-handle"
          isConnectable={false}
          data-testid={`handle-${id}-${end.slice(2)}`}
        />
      ))}
    </div>
  );
});

/**
 * The one React Flow node component for every node type: it looks its spec up in
 * the registry and its params, wires, issues and run state up in the stores, so
 * node data stays serialisable ({nodeId, nodeType}) and each node re-renders only
 * when its own slice changes.
 */
export const NodeView = memo(function NodeView({ id, data, selected }: NodeProps<GraphFlowNode>) {
  const { registry } = useApp();
  const spec = registry.get(data.nodeType);
  const lowDetail = useLowDetail();
  return spec ? (
    lowDetail ? (
      <BoxNode id={id} spec={spec} selected={selected} />
    ) : (
      <KnownNode id={id} spec={spec} selected={selected} />
    )
  ) : (
    <MissingNode id={id} type={data.nodeType} selected={selected} />
  );
});
